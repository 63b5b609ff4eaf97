/**
 * Why the kernel dumps its log, in the two numberings Linux has used, and
 * which dumpers a reason reaches. 5.8 folded RESTART/HALT/POWEROFF (4, 5, 6)
 * into SHUTDOWN (4), added the KMSG_DUMP_MAX sentinel (5), and moved the
 * always_kmsg_dump rule from a global early return to the per-dumper limit.
 * Kernel counterpart: enum kmsg_dump_reason (include/linux/kmsg_dump.h),
 * kmsg_dump_reason_str() (kernel/printk/printk.c, 5.8+), get_reason_str()
 * (fs/pstore/platform.c, 4.9), the filter at the top of kmsg_dump().
 */
import { checkInt, KmsgError } from './errors.ts';
import { checkKernelVersion, kernelAtLeast, type KernelVersion } from './kernel-version.ts';

export const KMSG_DUMP_UNDEF = 0;
export const KMSG_DUMP_PANIC = 1;
export const KMSG_DUMP_OOPS = 2;
export const KMSG_DUMP_EMERG = 3;
/** 5.8+: reboot, halt or power-off. */
export const KMSG_DUMP_SHUTDOWN = 4;
/** 5.8+: sentinel, the "dump for every reason" limit; not a reason itself. */
export const KMSG_DUMP_MAX = 5;
/** Before 5.8 (4.9 era). */
export const KMSG_DUMP_RESTART = 4;
/** Before 5.8 (4.9 era). */
export const KMSG_DUMP_HALT = 5;
/** Before 5.8 (4.9 era). */
export const KMSG_DUMP_POWEROFF = 6;

/** The numbering a kernel uses: 'v4.9' (before 5.8) or 'v5.8' (5.8 and later). */
export type KmsgDumpEra = 'v4.9' | 'v5.8';

/** One reason of an era: value, enum name and the string pstore prints ("Panic#1 Part1"). */
export interface KmsgDumpReasonInfo {
  readonly value: number;
  readonly name: string;
  readonly str: string;
}

const REASONS: Record<KmsgDumpEra, readonly KmsgDumpReasonInfo[]> = {
  'v4.9': [
    { value: 0, name: 'KMSG_DUMP_UNDEF', str: 'Unknown' },
    { value: 1, name: 'KMSG_DUMP_PANIC', str: 'Panic' },
    { value: 2, name: 'KMSG_DUMP_OOPS', str: 'Oops' },
    { value: 3, name: 'KMSG_DUMP_EMERG', str: 'Emergency' },
    { value: 4, name: 'KMSG_DUMP_RESTART', str: 'Restart' },
    { value: 5, name: 'KMSG_DUMP_HALT', str: 'Halt' },
    { value: 6, name: 'KMSG_DUMP_POWEROFF', str: 'Poweroff' }
  ],
  'v5.8': [
    { value: 0, name: 'KMSG_DUMP_UNDEF', str: 'Unknown' },
    { value: 1, name: 'KMSG_DUMP_PANIC', str: 'Panic' },
    { value: 2, name: 'KMSG_DUMP_OOPS', str: 'Oops' },
    { value: 3, name: 'KMSG_DUMP_EMERG', str: 'Emergency' },
    { value: 4, name: 'KMSG_DUMP_SHUTDOWN', str: 'Shutdown' }
  ]
};

/** The era of `kernel`. */
export function kmsgDumpEra(kernel: KernelVersion): KmsgDumpEra {
  checkKernelVersion(kernel);
  return kernelAtLeast(kernel, 5, 8) ? 'v5.8' : 'v4.9';
}

/** The reasons kmsg_dump() accepts in `kernel`'s era (KMSG_DUMP_MAX excluded). */
export function kmsgDumpReasons(kernel: KernelVersion): readonly KmsgDumpReasonInfo[] {
  return REASONS[kmsgDumpEra(kernel)];
}

/**
 * The reason string pstore puts in "<Reason>#<count> Part<n>"; "Unknown" for
 * UNDEF, MAX and anything else the era does not name.
 */
export function kmsgDumpReasonStr(reason: number, kernel: KernelVersion): string {
  const info = kmsgDumpReasons(kernel).find((r) => r.value === reason);
  return info && reason !== KMSG_DUMP_UNDEF ? info.str : 'Unknown';
}

/** Throws EINVAL unless `reason` is a reason of `kernel`'s era. */
export function checkKmsgDumpReason(reason: number, kernel: KernelVersion): void {
  const reasons = kmsgDumpReasons(kernel);
  if (!reasons.some((r) => r.value === reason)) {
    throw new KmsgError(
      'EINVAL',
      `kmsg dump reason ${String(reason)} is not one of ${kmsgDumpEra(kernel)}'s 0..${reasons.length - 1}`
    );
  }
}

/** The kernel-wide dump policy. */
export interface KmsgDumpPolicy {
  readonly kernel: KernelVersion;
  /** printk.always_kmsg_dump: also dump for reasons above OOPS. Default false. */
  readonly alwaysKmsgDump?: boolean;
}

/**
 * Whether kmsg_dump(reason) calls a dumper whose max_reason is `maxReason`.
 * - 5.8+: max_reason 0 (UNDEF) means OOPS, or MAX with always_kmsg_dump; the
 *   dumper runs if reason <= that limit.
 * - 4.9: reasons above OOPS reach no dumper unless always_kmsg_dump; then a
 *   dumper with a non-zero max_reason only takes reasons up to it.
 */
export function kmsgDumpAdmits(reason: number, maxReason: number, policy: KmsgDumpPolicy): boolean {
  checkKmsgDumpReason(reason, policy.kernel);
  checkInt('max_reason', maxReason, 0, 0x7fffffff);
  const always = policy.alwaysKmsgDump ?? false;
  if (kmsgDumpEra(policy.kernel) === 'v5.8') {
    const limit =
      maxReason === KMSG_DUMP_UNDEF ? (always ? KMSG_DUMP_MAX : KMSG_DUMP_OOPS) : maxReason;
    return reason <= limit;
  }
  if (reason > KMSG_DUMP_OOPS && !always) return false;
  return maxReason === KMSG_DUMP_UNDEF || reason <= maxReason;
}
