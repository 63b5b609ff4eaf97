/**
 * One record of `pstore decode` as `--json` shows it: the file the kernel
 * would show, what was in RAM (compressed or not, how many bytes), and the
 * ECC state of the zone(s) it came from.
 * Kernel counterpart: fs/pstore/inode.c (the file), ram.c ramoops_pstore_read()
 * (the record and its ECC notice), platform.c decompress_record().
 */
import { pstoreTypeName, PSTORE_TYPE, type PstoreFile, type ReadRecord } from '@pstore/pstore-fs';
import type { RamoopsContext } from '@pstore/ramoops';

/** The ECC state of a record's zone(s): what the kernel's read-side decode_rs8() found. */
interface RecordEcc {
  /** clean: nothing to correct; corrected: every error fixed; uncorrectable: some blocks are shown as read. */
  readonly state: 'clean' | 'corrected' | 'uncorrectable';
  /** Bytes corrected in the data blocks. */
  readonly corrected: number;
  /** Data blocks with more errors than the code corrects. */
  readonly bad: number;
  /** The header's decode: bytes corrected, or −74 (EBADMSG) when it was uncorrectable. */
  readonly header: number;
}

export interface DecodedRecord {
  readonly name: string;
  readonly type: string;
  readonly id: number;
  /** The file's size (payload and ECC notice), as `ls -l` shows it. */
  readonly size: number;
  /** The record time as ISO 8601, or null (no time, or beyond what a date can show). */
  readonly time: string | null;
  /** The record time as the header gave it: seconds since 1970 (null without a time). */
  readonly seconds: number | null;
  /** The record was compressed in RAM (a `-C` dump header), whether or not it inflated. */
  readonly compressed: boolean;
  /** Its payload's bytes in RAM, before any decompression. */
  readonly storedBytes: number;
  /** Compressed in RAM, and the kernel could not inflate it: the file is `.enc.z`. */
  readonly stillCompressed: boolean;
  readonly ecc: RecordEcc | null;
  /** With --content: the file's bytes. */
  readonly content?: { readonly encoding: 'utf8' | 'base64'; readonly data: string };
}

export function describeRecord(
  f: PstoreFile,
  cxt: RamoopsContext,
  stored: ReadRecord['stored'] | undefined
): DecodedRecord {
  const r = f.record;
  const zone =
    r.type === PSTORE_TYPE.DMESG
      ? cxt.dprzs[r.id]
      : r.type === PSTORE_TYPE.CONSOLE
        ? cxt.cprz
        : r.type === PSTORE_TYPE.PMSG
          ? cxt.mprz
          : null;
  const zones =
    r.type === PSTORE_TYPE.FTRACE ? cxt.fprzs.filter((z) => z.old?.length) : zone ? [zone] : [];
  const eccOn = zones.some((z) => z.eccEnabled);
  let ecc: RecordEcc | null = null;
  if (eccOn) {
    const corrected = zones.reduce((n, z) => n + z.correctedBytes, 0);
    const bad = zones.reduce((n, z) => n + z.badBlocks, 0);
    const headers = zones.map((z) => z.probe.headerEcc);
    const header = headers.some((h) => h < 0) ? -74 : headers.reduce((n, h) => n + h, 0);
    ecc = {
      state: bad || header < 0 ? 'uncorrectable' : corrected || header ? 'corrected' : 'clean',
      corrected,
      bad,
      header
    };
  }
  return describeBackendRecord(f, stored, ecc);
}

/** The record as `--json` shows it, for any backend (ECC: ramoops' state, null elsewhere). */
export function describeBackendRecord(
  f: PstoreFile,
  stored: ReadRecord['stored'] | undefined,
  ecc: RecordEcc | null
): DecodedRecord {
  const r = f.record;
  return {
    name: f.name,
    type: pstoreTypeName(r.type),
    id: r.id,
    size: f.size,
    time: r.time ? isoTime(r.time.sec, r.time.nsec) : null,
    seconds: r.time ? r.time.sec : null,
    compressed: stored?.compressed ?? r.compressed,
    storedBytes: stored?.size ?? r.size,
    stillCompressed: r.compressed,
    ecc
  };
}

/** ISO 8601 for a record time, or null beyond the ±8.64e15 ms a Date can hold. */
function isoTime(sec: number, nsec: number): string | null {
  const ms = sec * 1000 + Math.floor(nsec / 1e6);
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : null;
}

/** A file's bytes for JSON: text when they are valid UTF-8, else base64. */
export function contentOf(bytes: Uint8Array): NonNullable<DecodedRecord['content']> {
  try {
    return { encoding: 'utf8', data: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { encoding: 'base64', data: Buffer.from(bytes).toString('base64') };
  }
}
