/**
 * Linux kernel versions as pstore-ts selects era behaviour by them, and
 * which versions it accepts: the releases from the oldest era it models
 * (4.9) on, never a release that did not exist (4.21, 5.20).
 * Kernel counterpart: include/generated/uapi/linux/version.h (LINUX_VERSION_CODE,
 * KERNEL_VERSION) — the value ramoops XORs into the ftrace zones' signature.
 */
import { RamCoreError } from './errno.ts';

export interface KernelVersion {
  readonly major: number;
  readonly minor: number;
  /** Stable sublevel; 0 when the version was given as "x.y". */
  readonly sublevel: number;
  /** True when the version string named a sublevel ("6.1.79"). */
  readonly exact: boolean;
}

/** The kernel assumed when none is given. */
export const DEFAULT_KERNEL = '6.12';

/**
 * The oldest release whose ramoops behaviour pstore-ts models: the era
 * tables (layout, dump header, compression, ECC notice) start at 4.9, the
 * oldest kernel of the reference images. Older kernels differ in ways no
 * table here describes (3.x had no pmsg zone before 4.5, no ECC before 3.5).
 */
export const OLDEST_KERNEL = '4.9';

/**
 * The newest release pstore-ts knows. A later version is accepted and gets
 * this one's rules (every era behaviour is "this release or later"); the
 * note saying so comes with the ramoops era (@pstore/ramoops ramoopsEra()).
 */
export const NEWEST_KNOWN_KERNEL = '6.12';

/**
 * The last minor release of each finished series (Linus moves to the next
 * major number instead of a minor past ~20): 2.6.39 → 3.0, 3.19 → 4.0,
 * 4.20 → 5.0, 5.19 → 6.0.
 */
const LAST_MINOR: Readonly<Record<number, number>> = { 3: 19, 4: 20, 5: 19 };

const [OLDEST_MAJOR = 4, OLDEST_MINOR = 9] = OLDEST_KERNEL.split('.').map(Number);
const OLDEST = { major: OLDEST_MAJOR, minor: OLDEST_MINOR };

const older = (a: { major: number; minor: number }, b: { major: number; minor: number }) =>
  a.major - b.major || a.minor - b.minor;

/**
 * Parses "x.y" or "x.y.z" (a suffix such as "-56-cloud-amd64" is ignored)
 * and checks that pstore-ts can model it: 4.9 or newer, and a release that
 * existed. Versions newer than {@link NEWEST_KNOWN_KERNEL} are taken.
 * @throws RamCoreError EINVAL for text that is not a version, a version
 * older than 4.9 (naming the range), or a minor past the end of its series
 * (naming the series' last release).
 */
export function parseKernelVersion(text: string): KernelVersion {
  const m = /^\s*(\d+)\.(\d+)(?:\.(\d+))?(?:[-+~][\w.+~-]*)?\s*$/.exec(text);
  if (!m) {
    throw new RamCoreError(
      'EINVAL',
      `kernel version "${text}" is not of the form x.y or x.y.z (e.g. 6.1 or 6.1.79)`
    );
  }
  const major = Number(m[1]);
  const minor = Number(m[2]);
  const sublevel = m[3] === undefined ? 0 : Number(m[3]);
  const shown = `${major}.${minor}`;
  if (older({ major, minor }, OLDEST) < 0) {
    throw new RamCoreError(
      'EINVAL',
      `kernel ${shown} is older than ${OLDEST_KERNEL}, the oldest kernel pstore-ts models ` +
        `(supported: ${OLDEST_KERNEL} to ${NEWEST_KNOWN_KERNEL}; later releases get ${NEWEST_KNOWN_KERNEL}'s rules)`
    );
  }
  const last = LAST_MINOR[major];
  if (last !== undefined && minor > last) {
    throw new RamCoreError(
      'EINVAL',
      `kernel ${shown} never existed: the ${major}.x series ended at ${major}.${last} (then came ${major + 1}.0)`
    );
  }
  // LINUX_VERSION_CODE packs major and minor into 8 bits each.
  if (major > 255 || minor > 255) {
    throw new RamCoreError(
      'EINVAL',
      `kernel ${shown} cannot be a Linux version: LINUX_VERSION_CODE holds major and minor in 8 bits (0..255)`
    );
  }
  return { major, minor, sublevel, exact: m[3] !== undefined };
}

/** Compares a version with x.y[.z]: negative, zero or positive. */
export function compareKernel(
  v: KernelVersion,
  major: number,
  minor: number,
  sublevel = 0
): number {
  return v.major - major || v.minor - minor || v.sublevel - sublevel;
}

/** True when v ≥ major.minor[.sublevel]. */
export function kernelAtLeast(
  v: KernelVersion,
  major: number,
  minor: number,
  sublevel = 0
): boolean {
  return compareKernel(v, major, minor, sublevel) >= 0;
}

/**
 * LINUX_VERSION_CODE: (major << 16) | (minor << 8) | min(sublevel, 255).
 * The sublevel is clamped since the 4.9.256 / 4.4.256 overflow fix.
 */
export function linuxVersionCode(v: KernelVersion): number {
  return ((v.major << 16) | (v.minor << 8) | Math.min(v.sublevel, 255)) >>> 0;
}

/** "6.1.79", or "6.1" when no sublevel was given. */
export function formatKernelVersion(v: KernelVersion): string {
  return v.exact ? `${v.major}.${v.minor}.${v.sublevel}` : `${v.major}.${v.minor}`;
}
