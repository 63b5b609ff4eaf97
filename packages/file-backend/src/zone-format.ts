/**
 * The bytes of one pstore/zone zone: the psz_buffer header every zone starts with and the
 * psz_kmsg_header that opens a dump zone's data. The layout is the kernel's on a 64-bit
 * little-endian machine, so a zone here is byte for byte what pstore/blk writes at the
 * zone's offset of its partition.
 * Kernel counterpart: fs/pstore/zone.c struct psz_buffer, struct psz_kmsg_header,
 * psz_write_kmsg_hdr(), psz_kmsg_read_hdr().
 *
 * ABI (persisted), all fields little-endian:
 * ```
 * psz_buffer            off size
 *   sig                   0   4   PSZ_SIG ^ pstore type id
 *   datalen               4   4   valid bytes in data (ring: saturates at the capacity)
 *   start                 8   4   ring write cursor; the oldest byte once the ring wrapped
 *   data                 12   …   zone size − 12 bytes
 * psz_kmsg_header (at data[0] of a dump zone; 40 bytes with the struct's padding)
 *   magic                 0   4   PSTORE_KMSG_HEADER_MAGIC
 *   time.tv_sec           8   8   signed
 *   time.tv_nsec         16   8
 *   compressed           24   1   0 or 1
 *   counter              28   4   the oops or panic counter of the backend
 *   reason               32   4   enum kmsg_dump_reason
 * ```
 */
import type { Timespec } from '@pstore/pstore-fs/backend';

/** psz_buffer.sig before the type is mixed in ("DBGC", like ram_core's). */
const PSZ_SIG = 0x43474244;
/** sizeof(struct psz_buffer). */
export const PSZ_BUFFER_HEADER_SIZE = 12;
/** psz_kmsg_header.magic ("just a random number" in zone.c). */
export const PSTORE_KMSG_HEADER_MAGIC = 0x4dfc3ae5;
/** sizeof(struct psz_kmsg_header) on 64-bit kernels: where a dump's text starts in data. */
export const PSZ_KMSG_HEADER_SIZE = 40;

/** The psz_buffer fields of a zone image. */
export interface PszBufferHeader {
  readonly sig: number;
  readonly datalen: number;
  readonly start: number;
}

/** The psz_kmsg_header fields of a dump zone. */
export interface PszKmsgHeader {
  readonly magic: number;
  readonly time: Timespec;
  readonly compressed: boolean;
  readonly counter: number;
  readonly reason: number;
}

function view(zone: Uint8Array): DataView {
  return new DataView(zone.buffer, zone.byteOffset, zone.byteLength);
}

/** The signature a zone of `type` carries (zone->buffer->sig = type ^ PSZ_SIG). */
export function pszSig(type: number): number {
  return (PSZ_SIG ^ type) >>> 0;
}

/** Reads the psz_buffer header at the start of a zone image (at least 12 bytes). */
export function readPszHeader(zone: Uint8Array): PszBufferHeader {
  const v = view(zone);
  return { sig: v.getUint32(0, true), datalen: v.getInt32(4, true), start: v.getInt32(8, true) };
}

/** Writes the psz_buffer header fields into a zone image. */
export function writePszHeader(zone: Uint8Array, h: PszBufferHeader): void {
  const v = view(zone);
  v.setUint32(0, h.sig >>> 0, true);
  v.setInt32(4, h.datalen, true);
  v.setInt32(8, h.start, true);
}

/**
 * Reads the dump header at data[0] of a zone image, or null when the zone is too small to
 * hold one. The caller checks the magic (an invalid one means "no dump here").
 */
export function readKmsgZoneHeader(zone: Uint8Array): PszKmsgHeader | null {
  if (zone.length < PSZ_BUFFER_HEADER_SIZE + PSZ_KMSG_HEADER_SIZE) return null;
  const v = view(zone);
  const o = PSZ_BUFFER_HEADER_SIZE;
  return {
    magic: v.getUint32(o, true),
    time: { sec: Number(v.getBigInt64(o + 8, true)), nsec: Number(v.getBigUint64(o + 16, true)) },
    compressed: v.getUint8(o + 24) !== 0,
    counter: v.getUint32(o + 28, true),
    reason: v.getUint32(o + 32, true)
  };
}

/** Writes a dump header at data[0] of a zone image (psz_write_kmsg_hdr); padding stays 0. */
export function writeKmsgZoneHeader(zone: Uint8Array, h: Omit<PszKmsgHeader, 'magic'>): void {
  const v = view(zone);
  const o = PSZ_BUFFER_HEADER_SIZE;
  v.setUint32(o, PSTORE_KMSG_HEADER_MAGIC, true);
  v.setBigInt64(o + 8, BigInt(h.time.sec), true);
  v.setBigUint64(o + 16, BigInt(h.time.nsec), true);
  v.setUint8(o + 24, h.compressed ? 1 : 0);
  v.setUint32(o + 28, h.counter >>> 0, true);
  v.setUint32(o + 32, h.reason >>> 0, true);
}
