/**
 * Kernel versions as pstore-fs selects era behaviour by them (compression format, ftrace
 * record layout, ftrace line format). Declared here rather than imported from ram-core so
 * that pstore-fs keeps the kernel's layering: the pstore core does not depend on the RAM
 * backend's storage primitive.
 * Kernel counterpart: include/generated/uapi/linux/version.h (KERNEL_VERSION()).
 */

/** A kernel release, e.g. `{ major: 6, minor: 1, sublevel: 192 }` for 6.1.192. */
export interface KernelVersion {
  readonly major: number;
  readonly minor: number;
  /** Stable sublevel; 0 when only "x.y" is known. */
  readonly sublevel: number;
  /** False when only "x.y" was given (ram-core's KernelVersion says so); absent means exact. */
  readonly exact?: boolean;
}

/** Compares `v` with major.minor.sub: negative, zero or positive. */
export function compareVersion(v: KernelVersion, major: number, minor: number, sub = 0): number {
  return v.major - major || v.minor - minor || v.sublevel - sub;
}

/** True when `v` ≥ major.minor.sub (the kernel's `LINUX_VERSION_CODE >= KERNEL_VERSION(…)`). */
export function atLeast(v: KernelVersion, major: number, minor: number, sub = 0): boolean {
  return compareVersion(v, major, minor, sub) >= 0;
}

/** "6.1.192", or "6.1" when only the branch was given — for messages. */
export function versionString(v: KernelVersion): string {
  return v.exact === false ? `${v.major}.${v.minor}` : `${v.major}.${v.minor}.${v.sublevel}`;
}
