/**
 * Pulling every record out of a backend: open, read until empty, close, and
 * expand compressed dumps on the way.
 * Kernel counterpart: fs/pstore/platform.c pstore_get_backend_records().
 */
import { PSTORE_MAX_READS, type PstoreInfo } from '../backend/pstore-info.ts';
import type { PstoreRecord } from '../backend/record.ts';
import type { PstoreCompressor } from '../compress/compressor.ts';
import { decompressRecord, type DecompressFailure } from './decompress-record.ts';

/** A record as read, with what happened when it was expanded. */
export interface ReadRecord {
  readonly record: PstoreRecord;
  /** Why a compressed dump could not be expanded (the file becomes .enc.z), else null. */
  readonly decompressFailure: DecompressFailure;
  /**
   * What the backend held: the record was compressed there (a `-C` dump
   * header for ramoops), and its payload's size before any expansion.
   */
  readonly stored: { readonly compressed: boolean; readonly size: number };
}

/**
 * Reads all records of `psi` in the backend's order. Each record is offered
 * to `sink`; the caller decides whether it is new (the filesystem skips a
 * (type, id) it already shows, -EEXIST, quietly).
 */
export function pstoreGetBackendRecords(
  psi: PstoreInfo,
  compressor: PstoreCompressor | null
): ReadRecord[] {
  const out: ReadRecord[] = [];
  if (psi.open() < 0) return out;
  try {
    for (let i = 0; i < PSTORE_MAX_READS; i++) {
      const record = psi.read();
      if (!record) break;
      const stored = { compressed: record.compressed, size: record.size };
      const decompressFailure = decompressRecord(record, compressor);
      out.push({ record, decompressFailure, stored });
    }
  } finally {
    psi.close();
  }
  return out;
}
