/**
 * Records in columns, for `backend.write` between actors: every numeric
 * field of a run of records in one Int32Array, the times in one
 * Float64Array, all payloads in one buffer. A batch of 256 console lines
 * then crosses a port as four typed arrays instead of 256 objects (each with
 * a Timespec and a view): cloning it costs ~11 µs instead of ~250 µs, on
 * each side (measured with Node 20's postMessage), which was a third of the
 * actor path's overhead per printk line.
 * Kernel counterpart: none (struct pstore_record passed by pointer).
 */
import type { PstoreRecord, PstoreTypeId } from './record.ts';

export interface PstoreRecordBatch {
  readonly count: number;
  /** Per record, FIELDS words: type, id, size, eccNoticeSize, count, reason, part, compressed, cpu (−1: none). */
  readonly fields: Int32Array;
  /** Per record, sec and nsec of its time; NaN, NaN for none. */
  readonly times: Float64Array;
  /** Record i's buf is bufs[ends[i − 1], ends[i]) (from 0 for i = 0). */
  readonly ends: Uint32Array;
  readonly bufs: Uint8Array;
}

const FIELDS = 9;

/**
 * Packs `records` (their bufs copied: out of buffers the core reuses, such
 * as big_oops_buf or a console's text).
 */
export function packRecords(records: readonly PstoreRecord[]): PstoreRecordBatch {
  const count = records.length;
  const fields = new Int32Array(count * FIELDS);
  const times = new Float64Array(count * 2);
  const ends = new Uint32Array(count);
  let total = 0;
  for (const r of records) total += r.buf.length;
  const bufs = new Uint8Array(total);
  let o = 0;
  for (let i = 0; i < count; i++) {
    const r = records[i]!;
    const f = i * FIELDS;
    fields[f] = r.type;
    fields[f + 1] = r.id;
    fields[f + 2] = r.size;
    fields[f + 3] = r.eccNoticeSize;
    fields[f + 4] = r.count;
    fields[f + 5] = r.reason;
    fields[f + 6] = r.part;
    fields[f + 7] = r.compressed ? 1 : 0;
    fields[f + 8] = r.cpu ?? -1;
    times[2 * i] = r.time ? r.time.sec : NaN;
    times[2 * i + 1] = r.time ? r.time.nsec : NaN;
    bufs.set(r.buf, o);
    o += r.buf.length;
    ends[i] = o;
  }
  return { count, fields, times, ends, bufs };
}

/** The records of a batch; each buf is a view of the batch's buffer. */
export function unpackRecords(batch: PstoreRecordBatch): PstoreRecord[] {
  const { fields, times, ends, bufs } = batch;
  const out: PstoreRecord[] = new Array<PstoreRecord>(batch.count);
  for (let i = 0; i < batch.count; i++) {
    const f = i * FIELDS;
    const sec = times[2 * i]!;
    const record: PstoreRecord = {
      type: fields[f]! as PstoreTypeId,
      id: fields[f + 1]!,
      time: Number.isNaN(sec) ? null : { sec, nsec: times[2 * i + 1]! },
      buf: bufs.subarray(i === 0 ? 0 : ends[i - 1]!, ends[i]),
      size: fields[f + 2]!,
      eccNoticeSize: fields[f + 3]!,
      count: fields[f + 4]!,
      reason: fields[f + 5]!,
      part: fields[f + 6]!,
      compressed: fields[f + 7] === 1
    };
    if (fields[f + 8]! >= 0) record.cpu = fields[f + 8]!;
    out[i] = record;
  }
  return out;
}
