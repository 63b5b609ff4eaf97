/**
 * The kmsg dumper registry: crash-time consumers of the log (pstore's
 * pstore_dump(), mtdoops, …) register here, and kmsgDump(reason) calls every
 * dumper whose max_reason admits the reason, each with a freshly rewound
 * iterator, in registration order.
 * Kernel counterpart: struct kmsg_dumper (include/linux/kmsg_dump.h),
 * kmsg_dump_register(), kmsg_dump_unregister(), kmsg_dump() (kernel/printk/printk.c).
 */
import { checkInt, KmsgError } from './errors.ts';
import { KmsgDumpIter } from './kmsg-dump-iter.ts';
import { checkKmsgDumpReason, kmsgDumpAdmits, type KmsgDumpPolicy } from './kmsg-dump-reason.ts';
import { checkKernelVersion } from './kernel-version.ts';
import type { PrintkReader } from './printk-config.ts';

/** 6.12+ passes the reason with a description (kmsg_dump_desc()). */
export interface KmsgDumpDetail {
  readonly reason: number;
  readonly description: string | null;
}

/** A registered consumer of crash dumps. */
export interface KmsgDumper {
  /** Highest reason to dump for; 0 (UNDEF) = the era's default (see kmsgDumpAdmits()). */
  readonly maxReason: number;
  /**
   * Called for each admitted dump. `iter` is already rewound; it may be
   * rewound again to read the log twice.
   */
  dump(reason: number, iter: KmsgDumpIter, detail: KmsgDumpDetail): void;
}

/** Thrown by kmsgDump() after all dumpers ran if any of them threw. */
export class KmsgDumpFailure extends AggregateError {
  override readonly name = 'KmsgDumpFailure';
}

/** Dumpers of one printk ring, with the kernel-wide dump policy. */
export class KmsgDumpers {
  readonly #ring: PrintkReader;
  readonly #policy: KmsgDumpPolicy;
  readonly #dumpers: KmsgDumper[] = [];

  constructor(ring: PrintkReader, policy: KmsgDumpPolicy) {
    checkKernelVersion(policy.kernel);
    this.#ring = ring;
    this.#policy = { ...policy };
  }

  /** The policy in force (kernel era, always_kmsg_dump). */
  get policy(): KmsgDumpPolicy {
    return this.#policy;
  }

  /** Registered dumpers in call order. */
  get dumpers(): readonly KmsgDumper[] {
    return [...this.#dumpers];
  }

  /**
   * kmsg_dump_register().
   * @throws KmsgError EINVAL without a dump callback or with a bad maxReason,
   *   EBUSY if the dumper is already registered.
   */
  kmsgDumpRegister(dumper: KmsgDumper): void {
    if (typeof dumper.dump !== 'function') {
      throw new KmsgError('EINVAL', 'kmsg dumper has no dump callback');
    }
    checkInt('kmsg dumper max_reason', dumper.maxReason, 0, 0x7fffffff);
    if (this.#dumpers.includes(dumper)) {
      throw new KmsgError('EBUSY', 'kmsg dumper is already registered');
    }
    this.#dumpers.push(dumper);
  }

  /**
   * kmsg_dump_unregister().
   * @throws KmsgError EINVAL if the dumper is not registered.
   */
  kmsgDumpUnregister(dumper: KmsgDumper): void {
    const i = this.#dumpers.indexOf(dumper);
    if (i < 0) throw new KmsgError('EINVAL', 'kmsg dumper is not registered');
    this.#dumpers.splice(i, 1);
  }

  /**
   * kmsg_dump(): runs every admitted dumper. A dumper that throws does not
   * stop the others (a crash dump must reach every backend); the errors are
   * thrown together afterwards as a KmsgDumpFailure.
   * @returns how many dumpers ran.
   * @throws KmsgError EINVAL for a reason the era does not have.
   */
  kmsgDump(reason: number, description: string | null = null): number {
    checkKmsgDumpReason(reason, this.#policy.kernel);
    const errors: unknown[] = [];
    let ran = 0;
    for (const d of [...this.#dumpers]) {
      if (!kmsgDumpAdmits(reason, d.maxReason, this.#policy)) continue;
      ran++;
      try {
        d.dump(reason, new KmsgDumpIter(this.#ring), { reason, description });
      } catch (e) {
        errors.push(e);
      }
    }
    if (errors.length > 0) {
      throw new KmsgDumpFailure(errors, `${errors.length} of ${ran} kmsg dumpers failed`);
    }
    return ran;
  }
}
