/**
 * The console actor's window of kmsg's printk ring: the records kmsg's
 * `kmsg.records` batches carried, kept as those batches (no record is
 * stored again), and the ring's bounds as kmsg had them when it sent each.
 * The registry reads and prints from it as from the ring itself, so a
 * console that falls behind (stopped, locked) loses exactly the records
 * kmsg's ring overwrote, and a CON_PRINTBUFFER console gets the
 * log replayed as the kernel replays it. Lines the console layer logs
 * itself are not kept here but handed to `forward` (they go to kmsg and
 * come back as records).
 *
 * Why a window and not a copy of the ring: a copy stored every text again
 * (the whole printk store, ~150 ns a line on the board's path) and kept its
 * own space accounting, which drifts from kmsg's where a continuation grew
 * a record in place.
 * Kernel counterpart: the log buffer console_unlock() reads
 * (kernel/printk/printk.c; prb_read_valid(), prb_first_valid_seq()).
 */
import {
  batchTime,
  LinePrinter,
  textStart,
  type KmsgRingConfig,
  type PrintkRecord,
  type PrintkRecordBatch,
  type PrintTextOptions
} from '@pstore/kmsg';
import type { ConsoleLogSource } from '../console-registry.ts';

export class PrintkWindow implements ConsoleLogSource {
  readonly printkTime: boolean;
  readonly printkCaller: boolean;
  /** dmesg -C has no meaning here: the console reads from the oldest record. */
  readonly clearSeq = 0;
  readonly #forward: (line: string) => void;
  /**
   * Batches holding records in [#firstSeq, #nextSeq), oldest first, each
   * with the window's seq of its first record (`base`): the window numbers
   * on where kmsg's seqs start again (a restarted kmsg has a new ring).
   */
  readonly #batches: { readonly batch: PrintkRecordBatch; readonly base: number }[] = [];
  #firstSeq = 0;
  #nextSeq = 0;
  /** The first seq this window saw: a replay starts here (records before it went elsewhere). */
  #origin = -1;
  /** The window's seq of a record minus kmsg's, for the kmsg of the last batch. */
  #delta = 0;
  /** The kmsg seq that follows the last batch. */
  #kmsgNext = 0;
  /** kmsg's seq of the first record this window got from the current kmsg's ring. */
  #ringStart = 0;
  #listeners: readonly (() => void)[] = [];
  /** The index #locate() found its record at. */
  #i = 0;
  readonly #printer = new LinePrinter();

  constructor(config: KmsgRingConfig, forward: (line: string) => void) {
    this.printkTime = config.printkTime ?? true;
    this.printkCaller = config.printkCaller ?? false;
    this.#forward = forward;
  }

  get firstSeq(): number {
    return this.#firstSeq;
  }
  get nextSeq(): number {
    return this.#nextSeq;
  }
  /**
   * syslog_seq of the replay: the first record this window saw (a console
   * actor started after records were printed was not there to keep them;
   * they are not "dropped" for its consoles).
   */
  get syslogSeq(): number {
    return Math.max(this.#origin, 0);
  }

  subscribeStores(listener: () => void): () => void {
    this.#listeners = [...this.#listeners, listener];
    return () => {
      this.#listeners = this.#listeners.filter((l) => l !== listener);
    };
  }

  /**
   * Takes in the records kmsg finalized, in seq order: each one in turn
   * becomes the newest and the listeners (the registry) are woken for it, as
   * printk wakes the console layer; then the oldest record is kmsg's ring's
   * (a console printing as records come has printed them by then; one that
   * is stopped or locked finds out what the ring overwrote when it starts
   * again). A batch that does not follow on (a restarted kmsg's new ring,
   * or records this window never got) is numbered on from the newest
   * record, as the old replica of the ring did: what was lost in between is
   * the board's to account for, not a console's "dropped" notice. What a
   * listener throws is rethrown after every record was taken in.
   */
  append(batch: PrintkRecordBatch): void {
    let base = this.#nextSeq;
    if (batch.count > 0) {
      const first = batch.seq[0]!;
      if (this.#origin < 0) {
        // The window's seqs are kmsg's from its first batch on.
        this.#origin = this.#firstSeq = this.#ringStart = first;
        this.#delta = 0;
      } else if (first !== this.#kmsgNext) {
        this.#delta = this.#nextSeq - first;
        this.#ringStart = first;
      }
      this.#kmsgNext = first + batch.count;
      base = first + this.#delta;
      this.#batches.push({ batch, base });
    }
    let failed = false;
    let error: unknown = null;
    for (let i = 0; i < batch.count; i++) {
      this.#nextSeq = base + i + 1;
      for (const l of this.#listeners) {
        try {
          l();
        } catch (e) {
          if (!failed) [failed, error] = [true, e];
        }
      }
    }
    // An empty batch still says where kmsg's oldest record is now (a record
    // still open can push old ones out). Records from before this ring go
    // once it has dropped some of its own.
    if (batch.firstSeq > this.#ringStart) {
      const kmsgFirst = batch.firstSeq + this.#delta;
      this.#firstSeq = Math.min(Math.max(this.#firstSeq, kmsgFirst), this.#nextSeq);
    }
    // Batches every record of which kmsg's ring has overwritten.
    const b = this.#batches;
    while (b.length > 1 && b[0]!.base + b[0]!.batch.count <= this.#firstSeq) b.shift();
    if (failed) throw error;
  }

  validSeq(seq: number): number {
    const s = Math.max(seq, this.#firstSeq);
    return s < this.#nextSeq ? s : -1;
  }

  /**
   * The batch holding `seq` (a seq validSeq() gave); the record's index in
   * it is left in #i (no object made per lookup: three a printed line).
   */
  #locate(seq: number): PrintkRecordBatch {
    const b = this.#batches;
    for (let k = b.length - 1; k >= 0; k--) {
      const { batch, base } = b[k]!;
      const i = seq - base;
      if (i >= 0 && i < batch.count) {
        this.#i = i;
        return batch;
      }
    }
    throw new RangeError(`seq ${seq} is not in the window [${this.#firstSeq}, ${this.#nextSeq})`);
  }

  levelAt(seq: number): number {
    const batch = this.#locate(seq);
    return batch.fields[4 * this.#i + 1]!;
  }

  line(seq: number, opts: PrintTextOptions, bufSize: number): Uint8Array | null {
    const batch = this.#locate(seq);
    const i = this.#i;
    const ts = batch.tsNsec[i]!;
    // A time of 2^53 ns or more (tsBig) takes the record's own print.
    if (Number.isNaN(ts)) return null;
    const at = textStart(batch, i);
    return this.#printer.print(
      {
        facility: batch.fields[4 * i]!,
        level: batch.fields[4 * i + 1]!,
        tsNsec: ts,
        data: batch.text,
        at,
        len: batch.ends[i]! - at,
        multiline: batch.multiline[i] === 1
      },
      opts,
      bufSize
    );
  }

  read(seq: number): PrintkRecord | null {
    const s = this.validSeq(seq);
    if (s < 0) return null;
    const batch = this.#locate(s);
    const i = this.#i;
    const at = textStart(batch, i);
    const ts = batchTime(batch, i);
    return {
      seq: s,
      tsNsec: typeof ts === 'number' ? BigInt(ts) : ts,
      facility: batch.fields[4 * i]!,
      level: batch.fields[4 * i + 1]!,
      flags: batch.fields[4 * i + 2]!,
      callerId: batch.fields[4 * i + 3]!,
      text: batch.text.slice(at, batch.ends[i]),
      devInfo: batch.devInfo?.[i] ?? null
    };
  }

  /** printk() from the console layer itself: forwarded to kmsg, not kept. */
  printk(text: string): number {
    this.#forward(text);
    return text.length;
  }
}
