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
import { packColumns } from '@pstore/actor';
import {
  PSTORE_TYPE,
  pstoreRecordInit,
  type PstoreRecord,
  type PstoreTypeId,
  type Timespec
} from './record.ts';

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
 * Builds a batch record by record, each buf copied in as it comes (out of
 * buffers the core reuses, such as big_oops_buf or a console's text): no
 * object is kept per record, so a run of console lines costs the pstore
 * side one copy of their text and a few words each.
 */
export class PstoreRecordBatchBuilder {
  #count = 0;
  #fields = new Int32Array(64 * FIELDS);
  #times = new Float64Array(64 * 2);
  #ends = new Uint32Array(64);
  #bufs = new Uint8Array(4096);
  #used = 0;

  /** Records appended since the last take(). */
  get count(): number {
    return this.#count;
  }

  /** Appends `record`, with a copy of `buf` (its buf unless given) as its buf. */
  append(r: PstoreRecord, buf: Uint8Array = r.buf): void {
    const i = this.#count;
    if (i === this.#ends.length) this.#growRecords();
    const n = buf.length;
    if (this.#used + n > this.#bufs.length) this.#growBufs(this.#used + n);
    const fields = this.#fields;
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
    this.#times[2 * i] = r.time ? r.time.sec : NaN;
    this.#times[2 * i + 1] = r.time ? r.time.nsec : NaN;
    this.#bufs.set(buf, this.#used);
    this.#used += n;
    this.#ends[i] = this.#used;
    this.#count = i + 1;
  }

  /**
   * Appends lines `from` to `to` of `text` (line i is text[ends[i − 1],
   * ends[i]), from 0 for i = 0) as one CONSOLE record each, as `append` of
   * the record pstore_console_write() makes per line would, with one copy
   * of their bytes; empty lines make no record (the kernel writes none).
   */
  appendConsoleLines(
    text: Uint8Array,
    ends: Uint32Array,
    from: number,
    to: number,
    time: Timespec | null
  ): void {
    if (to <= from) return;
    const first = from === 0 ? 0 : ends[from - 1]!;
    const bytes = ends[to - 1]! - first;
    if (bytes === 0) return;
    if (this.#used + bytes > this.#bufs.length) this.#growBufs(this.#used + bytes);
    this.#bufs.set(text.subarray(first, first + bytes), this.#used);
    const sec = time ? time.sec : NaN;
    const nsec = time ? time.nsec : NaN;
    let start = first;
    for (let k = from; k < to; k++) {
      const end = ends[k]!;
      if (end === start) continue;
      const i = this.#count;
      if (i === this.#ends.length) this.#growRecords();
      const f = i * FIELDS;
      this.#fields.fill(0, f, f + FIELDS);
      this.#fields[f] = PSTORE_TYPE.CONSOLE;
      this.#fields[f + 2] = end - start;
      this.#fields[f + 8] = -1;
      this.#times[2 * i] = sec;
      this.#times[2 * i + 1] = nsec;
      this.#ends[i] = this.#used + (end - first);
      this.#count = i + 1;
      start = end;
    }
    this.#used += bytes;
  }

  /**
   * The batch of the records appended, copied out into one new buffer (a
   * message clones it once, or gives it away); the builder starts again
   * empty.
   */
  take(): PstoreRecordBatch {
    const count = this.#count;
    const [times, fields, ends, bufs] = packColumns([
      this.#times.subarray(0, count * 2),
      this.#fields.subarray(0, count * FIELDS),
      this.#ends.subarray(0, count),
      this.#bufs.subarray(0, this.#used)
    ]);
    const batch = { count, fields, times, ends, bufs };
    this.#count = 0;
    this.#used = 0;
    return batch;
  }

  #growRecords(): void {
    const n = this.#ends.length * 2;
    const fields = new Int32Array(n * FIELDS);
    fields.set(this.#fields);
    this.#fields = fields;
    const times = new Float64Array(n * 2);
    times.set(this.#times);
    this.#times = times;
    const ends = new Uint32Array(n);
    ends.set(this.#ends);
    this.#ends = ends;
  }

  #growBufs(need: number): void {
    const bufs = new Uint8Array(Math.max(need, 2 * this.#bufs.length));
    bufs.set(this.#bufs.subarray(0, this.#used));
    this.#bufs = bufs;
  }
}

/**
 * Packs `records` (their bufs copied: out of buffers the core reuses, such
 * as big_oops_buf or a console's text).
 */
export function packRecords(records: readonly PstoreRecord[]): PstoreRecordBatch {
  const builder = new PstoreRecordBatchBuilder();
  for (const r of records) builder.append(r);
  return builder.take();
}

/**
 * Calls `fn` with each record of a batch, in order, each lent for the call
 * only, as PstoreInfo.write() lends a record: one record object is filled
 * again for each (its buf a view of the batch's buffer), and records of the
 * same time share one Timespec (the clock pstore stamps with moves in
 * milliseconds). No list is made. (A record, a Timespec and a view per
 * console line were an eighth of what the kernel worker allocated.)
 */
export function forEachRecord(batch: PstoreRecordBatch, fn: (r: PstoreRecord) => void): void {
  const r = pstoreRecordInit(PSTORE_TYPE.DMESG);
  for (let i = 0; i < batch.count; i++) fn(readRecord(batch, i, r));
}

/**
 * As forEachRecord(), but each run of CONSOLE records (each buf its whole
 * size) goes to `run(from, to)` instead, where the backend can store a run
 * at once (PstoreInfo.writeConsoleLines). Runs are maximal.
 */
export function forEachRecordOrConsoleRun(
  batch: PstoreRecordBatch,
  fn: (r: PstoreRecord) => void,
  run: (from: number, to: number) => void
): void {
  const r = pstoreRecordInit(PSTORE_TYPE.DMESG);
  const { fields, ends } = batch;
  const consoleLine = (i: number) =>
    fields[i * FIELDS] === PSTORE_TYPE.CONSOLE &&
    fields[i * FIELDS + 2] === ends[i]! - (i === 0 ? 0 : ends[i - 1]!);
  for (let i = 0; i < batch.count;) {
    if (!consoleLine(i)) {
      fn(readRecord(batch, i++, r));
      continue;
    }
    let j = i + 1;
    while (j < batch.count && consoleLine(j)) j++;
    run(i, j);
    i = j;
  }
}

/** The records of a batch; each buf is a view of the batch's buffer. */
export function unpackRecords(batch: PstoreRecordBatch): PstoreRecord[] {
  return Array.from({ length: batch.count }, (_, i) =>
    readRecord(batch, i, pstoreRecordInit(PSTORE_TYPE.DMESG))
  );
}

/**
 * Fills `r` with record i of a batch and returns it; its buf a view of the
 * batch's buffer. `r`'s time is kept where record i has the same one.
 */
function readRecord(batch: PstoreRecordBatch, i: number, r: PstoreRecord): PstoreRecord {
  const { fields, times, ends, bufs } = batch;
  const f = i * FIELDS;
  const sec = times[2 * i]!;
  const nsec = times[2 * i + 1]!;
  const last = r.time;
  if (Number.isNaN(sec)) r.time = null;
  else if (last === null || last.sec !== sec || last.nsec !== nsec) r.time = { sec, nsec };
  // A view made by the constructor: subarray() costs more (it looks up the species).
  const at = i === 0 ? 0 : ends[i - 1]!;
  r.type = fields[f]! as PstoreTypeId;
  r.id = fields[f + 1]!;
  r.buf = new Uint8Array(bufs.buffer, bufs.byteOffset + at, ends[i]! - at);
  r.size = fields[f + 2]!;
  r.eccNoticeSize = fields[f + 3]!;
  r.count = fields[f + 4]!;
  r.reason = fields[f + 5]!;
  r.part = fields[f + 6]!;
  r.compressed = fields[f + 7] === 1;
  const cpu = fields[f + 8]!;
  // Left out of records without one (ftrace's alone have it).
  if (cpu >= 0 || r.cpu !== undefined) r.cpu = cpu >= 0 ? cpu : undefined;
  return r;
}
