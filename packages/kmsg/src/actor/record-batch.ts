/**
 * Printk records in columns, for the log traffic between actors: one typed
 * array per field and one buffer of texts, each text followed by "\n". A
 * batch of hundreds of records then crosses a port as a handful of buffers
 * instead of hundreds of objects, and a reader that stores the records again
 * (the console's replica ring) passes each text with its newline without a
 * copy.
 * Kernel counterpart: struct printk_info / prb_desc, column by column.
 */
import type { DevPrintkInfo, PrintkRecord } from '../record.ts';

export interface PrintkRecordBatch {
  readonly count: number;
  readonly seq: Float64Array;
  readonly tsNsec: BigUint64Array;
  /** facility, level, flags and callerId of record i at [4i, 4i + 4). */
  readonly fields: Uint32Array;
  /** Record i's text is text[ends[i - 1] + 1, ends[i]) (from 0 for i = 0); a "\n" follows it. */
  readonly ends: Uint32Array;
  readonly text: Uint8Array;
  /** dev_printk() dictionaries, or null when no record of the batch has one. */
  readonly devInfo: readonly (DevPrintkInfo | null)[] | null;
}

export function toRecordBatch(records: readonly PrintkRecord[]): PrintkRecordBatch {
  const count = records.length;
  const text = new Uint8Array(records.reduce((n, r) => n + r.text.length + 1, 0));
  const seq = new Float64Array(count);
  const tsNsec = new BigUint64Array(count);
  const fields = new Uint32Array(4 * count);
  const ends = new Uint32Array(count);
  let o = 0;
  records.forEach((r, i) => {
    seq[i] = r.seq;
    tsNsec[i] = r.tsNsec;
    fields.set([r.facility, r.level, r.flags, r.callerId], 4 * i);
    text.set(r.text, o);
    o += r.text.length;
    ends[i] = o;
    text[o++] = 0x0a;
  });
  const devInfo = records.some((r) => r.devInfo) ? records.map((r) => r.devInfo) : null;
  return { count, seq, tsNsec, fields, ends, text, devInfo };
}

/** Where record i's text starts in the batch. */
export function textStart(batch: PrintkRecordBatch, i: number): number {
  return i === 0 ? 0 : batch.ends[i - 1]! + 1;
}
