/**
 * Records as the pstore core hands them to a backend's write(): one dump part, or one console,
 * pmsg or ftrace write.
 * Kernel counterpart: what pstore_dump() and pstore_record_init() fill in (fs/pstore/platform.c).
 */
import { PSTORE_TYPE, pstoreRecordInit, type PstoreRecord } from '../backend/record.ts';
import type { PstoreTypeId, Timespec } from '../backend/record.ts';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

/** What a dump part may differ in (defaults: reason 1, part 1, uncompressed). */
export interface DumpRecordOptions {
  readonly reason?: number;
  readonly part?: number;
  /** Default 1700000000.000005000. */
  readonly time?: Timespec | null;
  readonly compressed?: boolean;
}

/** One dump part as pstore_dump() passes it to the backend. */
export function dumpRecord(text: string | Uint8Array, opts: DumpRecordOptions = {}): PstoreRecord {
  const r = pstoreRecordInit(PSTORE_TYPE.DMESG, opts.time ?? { sec: 1_700_000_000, nsec: 5000 });
  r.buf = typeof text === 'string' ? enc(text) : text;
  r.size = r.buf.length;
  r.reason = opts.reason ?? 1;
  r.part = opts.part ?? 1;
  r.count = 1;
  r.compressed = opts.compressed ?? false;
  return r;
}

/** A console, pmsg or ftrace write. */
export function streamRecord(
  type: PstoreTypeId,
  bytes: string | Uint8Array,
  cpu = 0
): PstoreRecord {
  const r = pstoreRecordInit(type);
  r.buf = typeof bytes === 'string' ? enc(bytes) : bytes;
  r.size = r.buf.length;
  r.cpu = cpu;
  return r;
}
