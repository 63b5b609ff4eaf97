/**
 * The persistent function tracer: while enabled, every traced call becomes
 * one binary FTRACE record (ip, parent ip, CPU and — 4.10+ — the
 * pstore_ftrace_stamp sequence number) written to the backend.
 * Kernel counterpart: fs/pstore/ftrace.c pstore_ftrace_call(),
 * pstore_ftrace_knob_write() (debugfs pstore/record_ftrace),
 * pstore_register_ftrace(), pstore_unregister_ftrace().
 */
import type { PstoreInfo } from '../backend/pstore-info.ts';
import { PSTORE_TYPE, pstoreRecordInit } from '../backend/record.ts';
import { PstoreError } from '../errors.ts';
import { encodeFtraceRecord, type FtraceLayout } from '../ftrace/record.ts';

/** The function tracer of one pstore instance. */
export class PstoreFtrace {
  readonly layout: FtraceLayout;
  readonly #withStamp: boolean;
  #psi: PstoreInfo | null = null;
  #enabled = false;
  #stamp = 0n;
  #inCall = false;

  /**
   * @param layout the record layout of the era and machine.
   * @param withStamp 4.10+: records carry pstore_ftrace_stamp.
   */
  constructor(layout: FtraceLayout, withStamp: boolean) {
    this.layout = layout;
    this.#withStamp = withStamp;
  }

  /** pstore_ftrace_enabled: the debugfs knob's value. */
  get recordFtrace(): boolean {
    return this.#enabled;
  }

  /** pstore_ftrace_stamp: the next sequence number (never reset during a boot). */
  get stamp(): bigint {
    return this.#stamp;
  }

  /** True while a backend with PSTORE_FLAGS_FTRACE is registered. */
  get registered(): boolean {
    return this.#psi !== null;
  }

  /** pstore_register_ftrace(): with pstore.record_ftrace, tracing starts at once. */
  register(psi: PstoreInfo, recordFtrace: boolean): void {
    this.#psi = psi;
    this.#enabled = recordFtrace;
  }

  /** pstore_unregister_ftrace(): tracing stops and the knob goes away. */
  unregister(): void {
    this.#enabled = false;
    this.#psi = null;
  }

  /**
   * Writing 0/1 to /sys/kernel/debug/pstore/record_ftrace.
   * @throws PstoreError ENOENT when the knob does not exist (no backend with
   *   PSTORE_FLAGS_FTRACE is registered).
   */
  setRecordFtrace(on: boolean): void {
    if (!this.#psi) {
      throw new PstoreError(
        'ENOENT',
        'no /sys/kernel/debug/pstore/record_ftrace: no backend with PSTORE_FLAGS_FTRACE is registered'
      );
    }
    this.#enabled = on;
  }

  /**
   * pstore_ftrace_call(): records one traced call. Skipped (null) when
   * tracing is off, while oops_in_progress is set, and on re-entry from the
   * backend's own write (ftrace_test_recursion_trylock()).
   * @returns what psi.write() returned, or null when nothing was recorded.
   * @throws PstoreError ERANGE / EINVAL (as PstoreFormatError) for an address
   *   that does not fit the machine's unsigned long or a bad CPU number.
   */
  call(ip: bigint, parentIp: bigint, cpu: number, oopsInProgress: boolean): number | null {
    const psi = this.#psi;
    if (!psi || !this.#enabled || oopsInProgress || this.#inCall) return null;
    this.#inCall = true;
    try {
      const counter = this.#stamp;
      const buf = encodeFtraceRecord({ ip, parentIp, cpu, counter }, this.layout);
      // Not atomic in the kernel either ("speed is chosen over correctness").
      if (this.#withStamp) this.#stamp = BigInt.asUintN(64, counter + 1n);
      const record = pstoreRecordInit(PSTORE_TYPE.FTRACE, null);
      record.buf = buf;
      record.size = buf.length;
      record.cpu = cpu;
      return psi.write(record);
    } finally {
      this.#inCall = false;
    }
  }
}
