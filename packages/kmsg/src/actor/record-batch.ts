/**
 * Printk records in columns, for the log traffic between actors: one typed
 * array per field and one buffer of texts, each text followed by "\n". A
 * batch of hundreds of records then crosses a port as a handful of buffers
 * instead of hundreds of objects (the console actor keeps the batches
 * themselves as its window of the ring, and prints from them).
 * Kernel counterpart: struct printk_info / prb_desc, column by column.
 */
import { packColumns } from '@pstore/actor';
import type { PrintkRecordSink } from '../printk-ringbuffer.ts';
import type { DevPrintkInfo } from '../record.ts';

export interface PrintkRecordBatch {
  readonly count: number;
  readonly seq: Float64Array;
  /**
   * Record i's time in ns where it is below 2^53 (a number: no BigInt made
   * on either side), else NaN and the time in tsBig[i].
   */
  readonly tsNsec: Float64Array;
  readonly tsBig: BigUint64Array;
  /** facility, level, flags and callerId of record i at [4i, 4i + 4). */
  readonly fields: Uint32Array;
  /** 1 where record i's text holds a newline (so a reader that prints it need not look). */
  readonly multiline: Uint8Array;
  /**
   * The oldest record kmsg's ring still held when the batch was taken
   * (prb_first_valid_seq()): the console actor's window of the ring drops
   * what kmsg's ring dropped. (Once a batch: a console prints each record as
   * it comes unless it is stopped, and a stopped console starts again only
   * between batches.)
   */
  readonly firstSeq: number;
  /** Record i's text is text[ends[i - 1] + 1, ends[i]) (from 0 for i = 0); a "\n" follows it. */
  readonly ends: Uint32Array;
  readonly text: Uint8Array;
  /** dev_printk() dictionaries, or null when no record of the batch has one. */
  readonly devInfo: readonly (DevPrintkInfo | null)[] | null;
}

/** The one buffer a taken batch's columns are in (what a message gives away with it). */
export function batchBuffer(batch: PrintkRecordBatch): ArrayBuffer {
  return batch.text.buffer as ArrayBuffer;
}

/** Record i's time: a number below 2^53 ns, else a bigint. */
export function batchTime(batch: PrintkRecordBatch, i: number): number | bigint {
  const t = batch.tsNsec[i]!;
  return Number.isNaN(t) ? batch.tsBig[i]! : t;
}

/** Where record i's text starts in the batch. */
export function textStart(batch: PrintkRecordBatch, i: number): number {
  return i === 0 ? 0 : batch.ends[i - 1]! + 1;
}

/**
 * A batch built as the records are finalized (a PrintkRecordSink for
 * PrintkRing.copyRecord()): each record's fields go into columns and its
 * text straight from the ring into the batch's text buffer, so no record
 * object or copy of a text is made on the way.
 */
export class RecordBatchBuilder implements PrintkRecordSink {
  #count = 0;
  #seq = new Float64Array(64);
  #ts = new Float64Array(64);
  #tsBig = new BigUint64Array(64);
  #fields = new Uint32Array(4 * 64);
  #multiline = new Uint8Array(64);
  #ends = new Uint32Array(64);
  #text = new Uint8Array(4096);
  #used = 0;
  #devInfo: (DevPrintkInfo | null)[] | null = null;

  /** Records added since the last take. */
  get count(): number {
    return this.#count;
  }

  readonly record: PrintkRecordSink['record'] = (
    seq,
    tsNsec,
    facility,
    level,
    flags,
    callerId,
    devInfo,
    data,
    at,
    len,
    multiline
  ) => {
    const i = this.#count++;
    if (i === this.#seq.length) this.#grow();
    if (this.#used + len + 1 > this.#text.length) {
      const text = new Uint8Array(Math.max(2 * this.#text.length, this.#used + len + 1));
      text.set(this.#text.subarray(0, this.#used));
      this.#text = text;
    }
    this.#seq[i] = seq;
    // The ring hands a time below 2^53 ns as a number, larger ones as bigints.
    if (typeof tsNsec === 'number') {
      this.#ts[i] = tsNsec;
      this.#tsBig[i] = 0n;
    } else {
      this.#ts[i] = NaN;
      this.#tsBig[i] = tsNsec;
    }
    const f = this.#fields;
    f[4 * i] = facility;
    f[4 * i + 1] = level;
    f[4 * i + 2] = flags;
    f[4 * i + 3] = callerId;
    this.#multiline[i] = multiline ? 1 : 0;
    const t = this.#text;
    let o = this.#used;
    if (len <= 32) for (let k = 0; k < len; k++) t[o + k] = data[at + k]!;
    else t.set(new Uint8Array(data.buffer, data.byteOffset + at, len), o);
    o += len;
    this.#ends[i] = o;
    t[o] = 0x0a;
    this.#used = o + 1;
    if (devInfo && !this.#devInfo) this.#devInfo = new Array<DevPrintkInfo | null>(i).fill(null);
    this.#devInfo?.push(devInfo);
  };

  /**
   * The records added since the last take, as one batch: its columns are
   * copies in one new ArrayBuffer (batchBuffer()), the batch's own, which a
   * message can clone once or give away. `firstSeq`: the ring's oldest
   * record now.
   */
  take(firstSeq: number): PrintkRecordBatch {
    const n = this.#count;
    const [seq, tsNsec, tsBig, fields, ends, multiline, text] = packColumns([
      this.#seq.subarray(0, n),
      this.#ts.subarray(0, n),
      this.#tsBig.subarray(0, n),
      this.#fields.subarray(0, 4 * n),
      this.#ends.subarray(0, n),
      this.#multiline.subarray(0, n),
      this.#text.subarray(0, this.#used)
    ]);
    const batch: PrintkRecordBatch = {
      count: n,
      seq,
      firstSeq,
      tsNsec,
      tsBig,
      fields,
      multiline,
      ends,
      text,
      devInfo: this.#devInfo
    };
    this.#count = 0;
    this.#used = 0;
    this.#devInfo = null;
    return batch;
  }

  #grow(): void {
    const n = 2 * this.#seq.length;
    const seq = new Float64Array(n);
    seq.set(this.#seq);
    const ts = new Float64Array(n);
    ts.set(this.#ts);
    const tsBig = new BigUint64Array(n);
    tsBig.set(this.#tsBig);
    const fields = new Uint32Array(4 * n);
    fields.set(this.#fields);
    const multiline = new Uint8Array(n);
    multiline.set(this.#multiline);
    this.#multiline = multiline;
    const ends = new Uint32Array(n);
    ends.set(this.#ends);
    [this.#seq, this.#ts, this.#tsBig, this.#fields, this.#ends] = [seq, ts, tsBig, fields, ends];
  }
}
