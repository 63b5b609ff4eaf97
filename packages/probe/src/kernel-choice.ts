/**
 * Which kernel to decode an image as: the one the user named, refined or
 * questioned by what the image's ftrace headers say. An exact --kernel is
 * the user's statement and stays (a disagreement is a note); "x.y" or no
 * --kernel at all is a guess the image may complete or replace.
 * Kernel counterpart: none (a kernel knows its own LINUX_VERSION_CODE).
 */
import { formatKernelVersion, type KernelVersion } from '@pstore/ram-core';
import { versionLabel, type ImageKernel } from './ftrace-signature.ts';

export interface KernelChoice {
  /** The version to decode as ("6.1.192"), or null to keep what was given or the default. */
  readonly version: string | null;
  /** Where the version decoded as comes from. */
  readonly source: 'option' | 'image' | 'default';
  /** What the image said, in words (null when it said nothing). */
  readonly note: string | null;
}

const hexOf = (n: number) => `0x${n.toString(16)}`;

/**
 * @param given the parsed --kernel, or null when there was none
 * @param image what findFtraceSignatures/ftraceSignaturesAt found
 * @param fallback the version used when nothing else says (DEFAULT_KERNEL's text)
 */
export function chooseKernel(
  given: KernelVersion | null,
  image: ImageKernel,
  fallback: string
): KernelChoice {
  const keep: KernelChoice = { version: null, source: given ? 'option' : 'default', note: null };
  if (image.kind === 'none') return keep;
  if (image.kind === 'several') {
    const list = image.versions.map(versionLabel).join(', ');
    const at = image.headers.map((h) => hexOf(h.offset)).join(', ');
    return {
      ...keep,
      note:
        `ftrace zone headers of several kernels (${list}, at ${at}): the image does not say one ` +
        `kernel, so ${given ? formatKernelVersion(given) : fallback} is used`
    };
  }
  const v = image.version;
  const label = versionLabel(v);
  const at = image.headers.map((h) => hexOf(h.offset)).join(', ');
  const said = `the ftrace zone header at ${at} is signed by kernel ${label}`;
  const series = `${v.major}.${v.minor}`;
  // Sublevel 0 is a mainline release, or what `pstore encode --kernel x.y`
  // signs with (pstore-ts's "newest x.y.y"): decode it as x.y, whose era
  // rules are the newest of the series, unless told the exact release.
  if (
    v.sublevel === 0 &&
    (!given || (!given.exact && given.major === v.major && given.minor === v.minor))
  ) {
    return {
      version: series,
      source: 'image',
      note:
        `kernel ${series}: ${said} (sublevel 0: a mainline release, or an image pstore encode wrote for ` +
        `--kernel ${series}); the newest ${series}.y rules are used, --kernel ${series}.0 gives the release's`
    };
  }
  if (!given) {
    return {
      version: label.replace('+', ''),
      source: 'image',
      note: `kernel ${label}: ${said} (no --kernel given)`
    };
  }
  const sameSeries = given.major === v.major && given.minor === v.minor;
  if (!given.exact && sameSeries) {
    return {
      version: label.replace('+', ''),
      source: 'image',
      note: `kernel ${label}: --kernel ${formatKernelVersion(given)} made exact, ${said}`
    };
  }
  if (given.exact && sameSeries && given.sublevel === v.sublevel) return keep;
  // A clamped code (x.y.255) agrees with every later sublevel.
  if (given.exact && sameSeries && v.sublevel === 255 && given.sublevel >= 255) return keep;
  return {
    ...keep,
    note: `${said}, not by ${formatKernelVersion(given)}: decoded as --kernel ${formatKernelVersion(given)} asks; --kernel ${label.replace('+', '')} may be right`
  };
}
