/**
 * One zone in memory: the image being written this boot (`buffer`), the previous boot's
 * content of a ring zone (`oldbuf`), and whether the image still has to reach its file
 * (`dirty`). Console, pmsg and ftrace zones are rings that keep the newest bytes.
 * Kernel counterpart: fs/pstore/zone.c struct pstore_zone, psz_init_zone(),
 * psz_record_write(), psz_zone_write(), psz_flush_dirty_zone(), psz_recover_zone() (the
 * checks and the rotation of the saved ring).
 */
import { pstoreTypeName } from '@pstore/pstore-fs/backend';
import type { FileZoneSpec } from './geometry.ts';
import { writeZoneFile } from './zone-file.ts';
import { PSZ_BUFFER_HEADER_SIZE, pszSig, readPszHeader, writePszHeader } from './zone-format.ts';

/** A fresh zone image as psz_init_zone() makes it: data 0xFF, empty header. */
function freshZoneImage(type: number, size: number): Uint8Array {
  const image = new Uint8Array(size).fill(0xff);
  writePszHeader(image, { sig: pszSig(type), datalen: 0, start: 0 });
  return image;
}

/** Why a saved ring zone yields nothing, or its content oldest byte first. */
export type SavedRing =
  | { readonly ok: true; readonly log: Uint8Array }
  | { readonly ok: false; readonly reason: string | null };

/**
 * The content of a ring zone image from a previous boot, as psz_recover_zone() reads it:
 * data[start, datalen) then data[0, start). A wrong signature or an out-of-range cursor
 * yields nothing (with the reason); an erased zone (datalen 0) yields nothing quietly.
 */
export function savedRing(image: Uint8Array, type: number): SavedRing {
  const h = readPszHeader(image);
  const capacity = image.length - PSZ_BUFFER_HEADER_SIZE;
  if (h.sig !== pszSig(type)) {
    return { ok: false, reason: `no valid data: signature 0x${(h.sig >>> 0).toString(16)}` };
  }
  // zone.c checks both against the capacity only; start > datalen would make it read a
  // negative length, so that is refused here as well.
  if (h.datalen > capacity || h.start > capacity || h.start < 0 || h.start > h.datalen) {
    return {
      ok: false,
      reason: `found overtop zone: datalen ${h.datalen}, start ${h.start}, capacity ${capacity}`
    };
  }
  if (h.datalen <= 0) return { ok: false, reason: null };
  const data = image.subarray(PSZ_BUFFER_HEADER_SIZE);
  const log = new Uint8Array(h.datalen);
  log.set(data.subarray(h.start, h.datalen), 0);
  log.set(data.subarray(0, h.start), h.datalen - h.start);
  return { ok: true, log };
}

export class PszZone {
  /** The image of this boot: what the file holds once flushed. */
  buffer: Uint8Array;
  /** Ring zones: the previous boot's content, until erased (zone->oldbuf). */
  oldbuf: Uint8Array | null = null;
  /** The image has changes its file does not have yet (a write failed). */
  dirty = false;

  constructor(
    readonly spec: FileZoneSpec,
    /** Absolute path of the zone file. */
    readonly path: string
  ) {
    this.buffer = freshZoneImage(spec.type, spec.size);
  }

  /** `<type>-<index>.psz`, for messages. */
  get label(): string {
    return this.spec.file;
  }

  get typeName(): string {
    return pstoreTypeName(this.spec.type);
  }

  /** buffer_size: data bytes of the current image. */
  get bufferSize(): number {
    return this.buffer.length - PSZ_BUFFER_HEADER_SIZE;
  }

  get datalen(): number {
    return readPszHeader(this.buffer).datalen;
  }

  set datalen(v: number) {
    writePszHeader(this.buffer, { ...readPszHeader(this.buffer), datalen: v });
  }

  get start(): number {
    return readPszHeader(this.buffer).start;
  }

  set start(v: number) {
    writePszHeader(this.buffer, { ...readPszHeader(this.buffer), start: v });
  }

  /** The data area of the current image. */
  get data(): Uint8Array {
    return this.buffer.subarray(PSZ_BUFFER_HEADER_SIZE);
  }

  /**
   * Writes the image to its file. On failure the zone stays dirty (its data is kept in
   * memory for a later flush, as zone.c keeps dirty zones for its cleaner) and the error
   * is returned.
   */
  flush(sync: boolean): Error | null {
    try {
      writeZoneFile(this.path, this.buffer, sync);
      this.dirty = false;
      return null;
    } catch (e) {
      this.dirty = true;
      return e instanceof Error ? e : new Error(String(e));
    }
  }

  /**
   * psz_record_write(): appends to the ring, keeping only the last `bufferSize` bytes of an
   * oversized write; once the ring has wrapped, datalen stays at the capacity.
   */
  ringWrite(bytes: Uint8Array): void {
    const capacity = this.bufferSize;
    let full = this.datalen >= capacity;
    let buf = bytes;
    if (buf.length > capacity) buf = buf.subarray(buf.length - capacity);
    let start = this.start;
    const rem = capacity - start;
    if (rem < buf.length) {
      this.put(buf.subarray(0, rem), start);
      buf = buf.subarray(rem);
      start = 0;
      full = true;
    }
    this.start = start + buf.length;
    this.put(buf, start);
    if (full) this.datalen = capacity;
  }

  /** psz_zone_write()'s copy: bytes at data[off], datalen = off + length. */
  put(bytes: Uint8Array, off: number): void {
    const n = Math.min(bytes.length, this.bufferSize - off);
    if (n <= 0) return;
    this.data.set(bytes.subarray(0, n), off);
    this.datalen = off + n;
  }
}
