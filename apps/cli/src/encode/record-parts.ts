/**
 * Small pieces both image builders (ramoops and pstore/blk) make records
 * from: a record of a type around bytes, the wall clock as a record time,
 * two byte runs joined.
 * Kernel counterpart: pstore_record_init() (fs/pstore/platform.c), which also
 * stamps the record with ktime_get_real_fast_ns().
 */
import { pstoreRecordInit, type PstoreRecord, type Timespec } from '@pstore/pstore-fs';

/** A record of `type` holding `buf` whole. */
export function recordOf(type: PstoreRecord['type'], buf: Uint8Array): PstoreRecord {
  const r = pstoreRecordInit(type);
  r.buf = buf;
  r.size = buf.length;
  return r;
}

/** Now, as a record time (a dump given no UNIXTIME). */
export function nowTimespec(): Timespec {
  const ms = Date.now();
  return { sec: Math.floor(ms / 1000), nsec: (ms % 1000) * 1e6 };
}

export function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
