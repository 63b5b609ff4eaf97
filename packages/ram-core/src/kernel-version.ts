/**
 * Linux kernel versions as pstore-ts selects era behaviour by them.
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
 * Parses "x.y" or "x.y.z" (a suffix such as "-56-cloud-amd64" is ignored).
 * @throws RamCoreError EINVAL for anything else.
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
  if (major < 3 || major > 99 || minor > 255) {
    throw new RamCoreError('EINVAL', `kernel version "${text}" is out of range`);
  }
  return {
    major,
    minor,
    sublevel: m[3] === undefined ? 0 : Number(m[3]),
    exact: m[3] !== undefined
  };
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
