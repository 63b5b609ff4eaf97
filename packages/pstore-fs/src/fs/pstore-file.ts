/**
 * How a record becomes a file in the pstore filesystem: its name, size,
 * mode and times.
 * Kernel counterpart: fs/pstore/inode.c pstore_mkfile(), struct pstore_private.
 */
import { pstoreTypeName, type PstoreRecord } from '../backend/record.ts';

/** Files are read-only for everyone (S_IFREG | 0444). */
const PSTORE_FILE_MODE = 0o444;

/** `<type>-<backend>-<id>` plus `.enc.z` for a dump that stayed compressed. */
function pstoreFileName(record: PstoreRecord, backend: string): string {
  return `${pstoreTypeName(record.type)}-${backend}-${record.id}${record.compressed ? '.enc.z' : ''}`;
}

/** One entry of the filesystem. */
export interface PstoreFile {
  readonly name: string;
  readonly record: PstoreRecord;
  /** i_size: payload plus ECC notice (for ftrace: the binary size, not the rendered text). */
  readonly size: number;
  readonly mode: number;
  /** mtime and ctime: the record's time when it has one, else the creation time. */
  readonly mtime: Date;
  readonly ctime: Date;
  /**
   * The record's time lies beyond what a Date holds (±8.64e15 ms; a dump
   * header may say up to ±2^63 s): mtime and ctime are clamped to that limit.
   */
  readonly timeClamped?: boolean;
}

/** pstore_mkfile(): the entry for a record, `now` being the creation time. */
export function pstoreMkfile(record: PstoreRecord, backend: string, now: Date): PstoreFile {
  const r = record.time && record.time.sec !== 0 ? recordDate(record.time) : null;
  const t = r?.date ?? now;
  return {
    name: pstoreFileName(record, backend),
    record,
    size: record.size + record.eccNoticeSize,
    mode: PSTORE_FILE_MODE,
    mtime: t,
    ctime: t,
    ...(r?.clamped ? { timeClamped: true } : {})
  };
}

/** The most milliseconds from 1970 a Date holds either way (ECMA-262 time values). */
export const MAX_DATE_MS = 8.64e15;

/**
 * A record time as a Date. The kernel keeps any time64_t and the filesystem
 * clamps it to what it stores; a Date beyond ±MAX_DATE_MS would be "Invalid
 * Date" (and fail utimes(), toISOString()), so such a time is clamped to the
 * limit instead, and the caller is told.
 */
export function recordDate(time: { sec: number; nsec: number }): { date: Date; clamped: boolean } {
  const ms = time.sec * 1000 + Math.floor(time.nsec / 1e6);
  if (Number.isFinite(ms) && Math.abs(ms) <= MAX_DATE_MS) {
    return { date: new Date(ms), clamped: false };
  }
  return { date: new Date(ms < 0 ? -MAX_DATE_MS : MAX_DATE_MS), clamped: true };
}
