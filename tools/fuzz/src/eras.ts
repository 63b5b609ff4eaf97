/**
 * The kernel versions the fuzzer configures, one per era whose on-RAM
 * rules differ (layout order, header format, compression flavour, ECC
 * notice, empty-zone check), and the signatures zones of each era carry.
 * Kernel counterpart: include/generated/uapi/linux/version.h
 * (LINUX_VERSION_CODE), fs/pstore/ram_core.c PERSISTENT_RAM_SIG.
 */
import { linuxVersionCode, parseKernelVersion } from '@pstore/ram-core';

/** 4.9 zlib-wrapped … 4.17+ crypto deflate … 6.6+ raw zlib; 5.18 notice prefix; 6.5 empty check. */
export const KERNELS = [
  '4.9.337',
  '4.14.336',
  '4.19.50',
  '4.19.325',
  '5.4.289',
  '5.10.234',
  '5.15.178',
  '5.18.19',
  '6.1.192',
  '6.6.80',
  '6.12.20'
] as const;

/** ABI: the zone signature before the per-type XOR ("DBGC"). */
export const PERSISTENT_RAM_SIG = 0x43474244;

/** Signatures an ftrace zone of each era carries: PERSISTENT_RAM_SIG ^ LINUX_VERSION_CODE. */
export const FTRACE_SIGS: readonly number[] = KERNELS.map(
  (k) => (PERSISTENT_RAM_SIG ^ linuxVersionCode(parseKernelVersion(k))) >>> 0
);

/** True when `kernel` ("x.y[.z]") is older than major.minor. */
export function before(kernel: string, major: number, minor: number): boolean {
  const [a = 0, b = 0] = kernel.split('.').map(Number);
  return a < major || (a === major && b < minor);
}
