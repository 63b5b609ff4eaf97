/**
 * The kernel version kmsg selects era behaviour by (kmsg_dump reasons and
 * filtering). Kept structural and tiny so that kmsg depends on no other package.
 * Kernel counterpart: LINUX_VERSION_CODE / KERNEL_VERSION() (include/generated/uapi/linux/version.h).
 */
import { checkInt } from './errors.ts';

/** A Linux version as major.minor.sublevel (e.g. 6.1.192). */
export interface KernelVersion {
  readonly major: number;
  readonly minor: number;
  readonly sublevel: number;
}

/** Throws EINVAL unless every field is a non-negative integer in the kernel's range. */
export function checkKernelVersion(v: KernelVersion): void {
  checkInt('kernel major', v.major, 2, 99);
  checkInt('kernel minor', v.minor, 0, 255);
  checkInt('kernel sublevel', v.sublevel, 0, 65535);
}

/** True when v ≥ major.minor (the sublevel is not compared). */
export function kernelAtLeast(v: KernelVersion, major: number, minor: number): boolean {
  return v.major > major || (v.major === major && v.minor >= minor);
}
