/**
 * Expanding a compressed dmesg record after it was read from the backend.
 * Kernel counterpart: fs/pstore/platform.c decompress_record().
 */
import { PSTORE_TYPE, type PstoreRecord } from '../backend/record.ts';
import type { PstoreCompressor } from '../compress/compressor.ts';

/** Why a compressed record stayed compressed (what the kernel logs), or null. */
export type DecompressFailure = 'not-dmesg' | 'no-decompressor' | 'inflate-failed' | null;

/**
 * Replaces a compressed DMESG record's payload with the expanded text and
 * re-appends the ECC notice after it. When the kernel would fail (no
 * decompressor for this configuration, a stream of another era, a stream
 * cut at the zone's end, output over the limit) the record is left as it is,
 * still flagged compressed: the filesystem then names it `.enc.z`.
 */
export function decompressRecord(
  record: PstoreRecord,
  compressor: PstoreCompressor | null
): DecompressFailure {
  if (!record.compressed) return null;
  if (record.type !== PSTORE_TYPE.DMESG) return 'not-dmesg';
  if (!compressor?.enabled) return 'no-decompressor';
  const room = record.eccNoticeSize;
  const text = compressor.decompress(record.buf.subarray(0, record.size), room);
  if (!text) return 'inflate-failed';
  if (room === 0) {
    // No notice to append (ramoops without ECC, its default): the text is the buffer.
    record.buf = text;
  } else {
    // The compressor left the notice's room after the text: the text is not copied again.
    const buf = new Uint8Array(text.buffer, text.byteOffset, text.length + room);
    buf.set(record.buf.subarray(record.size, record.size + room), text.length);
    record.buf = buf;
  }
  record.size = text.length;
  record.compressed = false;
  return null;
}
