/**
 * One zone as one file, written so that a crash in the middle of a write never leaves
 * garbage: the new image goes to `<file>.tmp`, is flushed, and is renamed over the old one
 * (rename is atomic), and every image is sealed with a CRC-32 trailer so damage from any
 * other cause is detected instead of shown. A crash therefore leaves either the old zone or
 * the new one, plus possibly a `.tmp` that recovery finishes (sealed: the write was complete)
 * or discards (not sealed: torn).
 * Kernel counterpart: the storage side of fs/pstore/zone.c psz_zone_write() (FLUSH_ALL) and
 * the info->read calls of psz_recover_zone(); fs/pstore/blk.c psblk_generic_blk_write()
 * writes with O_DSYNC, which `fsync` stands in for here.
 *
 * ABI (persisted): a file is the zone image (exactly the bytes pstore/blk keeps at the
 * zone's offset) followed by an 8-byte trailer: u32 LE ZONE_FILE_SEAL_MAGIC, u32 LE CRC-32
 * of the image.
 */
import * as fs from 'node:fs';
import { crc32 } from './crc32.ts';
import { PSZ_BUFFER_HEADER_SIZE } from './zone-format.ts';

/** "PSZF" read as a little-endian u32. */
export const ZONE_FILE_SEAL_MAGIC = 0x465a5350;
/** Bytes of the seal after the zone image. */
const ZONE_FILE_SEAL_SIZE = 8;
/** Suffix of an image being written. */
export const ZONE_FILE_TMP_SUFFIX = '.tmp';

/** What a zone file holds. */
export type ZoneFileState =
  | { readonly kind: 'missing' }
  | { readonly kind: 'ok'; readonly zone: Uint8Array }
  | { readonly kind: 'damaged'; readonly reason: string };

/** The file bytes for a zone image: the image and its seal. */
export function sealZone(zone: Uint8Array): Uint8Array {
  const out = new Uint8Array(zone.length + ZONE_FILE_SEAL_SIZE);
  out.set(zone, 0);
  const v = new DataView(out.buffer, zone.length, ZONE_FILE_SEAL_SIZE);
  v.setUint32(0, ZONE_FILE_SEAL_MAGIC, true);
  v.setUint32(4, crc32(zone), true);
  return out;
}

/** The zone image inside file bytes, or why the bytes are not a complete sealed image. */
export function unsealZone(bytes: Uint8Array): Exclude<ZoneFileState, { kind: 'missing' }> {
  const min = PSZ_BUFFER_HEADER_SIZE + ZONE_FILE_SEAL_SIZE;
  if (bytes.length < min) {
    return {
      kind: 'damaged',
      reason: `the file holds ${bytes.length} bytes, fewer than a zone header and its seal (${min})`
    };
  }
  const end = bytes.length - ZONE_FILE_SEAL_SIZE;
  const v = new DataView(bytes.buffer, bytes.byteOffset + end, ZONE_FILE_SEAL_SIZE);
  const magic = v.getUint32(0, true);
  if (magic !== ZONE_FILE_SEAL_MAGIC) {
    return {
      kind: 'damaged',
      reason: `no seal at byte ${end} (0x${hex(magic)} instead of 0x${hex(ZONE_FILE_SEAL_MAGIC)}): the write was cut short`
    };
  }
  const zone = bytes.subarray(0, end);
  const stored = v.getUint32(4, true);
  const computed = crc32(zone);
  if (stored !== computed) {
    return {
      kind: 'damaged',
      reason: `checksum mismatch over ${end} bytes (stored 0x${hex(stored)}, computed 0x${hex(computed)})`
    };
  }
  return { kind: 'ok', zone };
}

function hex(n: number): string {
  return n.toString(16).padStart(8, '0');
}

function readIfExists(path: string): Uint8Array | null {
  try {
    return fs.readFileSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/** Reads and checks a zone file. I/O errors other than a missing file are thrown. */
export function readZoneFile(path: string): ZoneFileState {
  const bytes = readIfExists(path);
  return bytes === null ? { kind: 'missing' } : unsealZone(bytes);
}

/**
 * Replaces the zone file with `zone`, atomically: write `<path>.tmp`, flush it, rename it
 * over `path`, flush the directory. Throws the I/O error when any step fails; the old file
 * is then still in place.
 */
export function writeZoneFile(path: string, zone: Uint8Array, sync: boolean): void {
  const tmp = path + ZONE_FILE_TMP_SUFFIX;
  const bytes = sealZone(zone);
  const fd = fs.openSync(tmp, 'w', 0o600);
  try {
    let done = 0;
    while (done < bytes.length) done += fs.writeSync(fd, bytes, done, bytes.length - done);
    if (sync) fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, path);
  if (sync) syncDir(path);
}

/** Makes a rename durable: fsync of the directory that holds `path`. */
function syncDir(path: string): void {
  const slash = path.lastIndexOf('/');
  const fd = fs.openSync(slash > 0 ? path.slice(0, slash) : '.', 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Finishes or undoes a write a crash interrupted: a sealed `<path>.tmp` is a complete image
 * that missed only its rename, so it replaces `path`; anything else in it is a torn write
 * and is removed (the old `path` is intact). Returns what was done, or null.
 */
export function settleInterruptedWrite(path: string): string | null {
  const tmp = path + ZONE_FILE_TMP_SUFFIX;
  const bytes = readIfExists(tmp);
  if (bytes === null) return null;
  const state = unsealZone(bytes);
  if (state.kind === 'ok') {
    fs.renameSync(tmp, path);
    return `completed an interrupted write (${bytes.length} bytes sealed but not yet renamed)`;
  }
  fs.rmSync(tmp);
  return `discarded a torn write of ${bytes.length} bytes (${state.reason}); the previous image stands`;
}

/**
 * Moves a damaged zone file aside as `<path>.corrupt` (or `.corrupt-N` if taken) so the
 * next write does not destroy what is left of it. Returns the new path.
 */
export function quarantineZoneFile(path: string): string {
  let target = `${path}.corrupt`;
  for (let n = 1; fs.existsSync(target); n++) target = `${path}.corrupt-${n}`;
  fs.renameSync(path, target);
  return target;
}
