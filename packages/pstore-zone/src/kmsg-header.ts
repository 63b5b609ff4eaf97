/**
 * The sub-header at the start of a dmesg zone's data: magic, the dump's wall
 * clock time (timespec64), the compressed flag, the per-reason counter and the
 * kmsg_dump reason. The payload follows at sizeof(struct), tail padding
 * included: 40 bytes on 64-bit kernels, so a dump's text starts at byte 52
 * of its zone (FORMAT.md §2.2). 64-bit layout only (x86-64, arm64, riscv64).
 * Kernel counterpart: fs/pstore/zone.c struct psz_kmsg_header,
 * PSTORE_KMSG_HEADER_MAGIC, psz_kmsg_write_record().
 */
import type { Timespec } from '@pstore/pstore-fs/backend';

export const KMSG_HEADER_MAGIC = 0x4dfc3ae5;
/** sizeof(struct psz_kmsg_header) on LP64. */
export const KMSG_HEADER_SIZE = 40;

export interface PszKmsgHeader {
  readonly magic: number;
  readonly time: Timespec;
  readonly compressed: boolean;
  readonly counter: number;
  readonly reason: number;
}

/** Reads the sub-header at `offset` (the first byte of a dmesg zone's data). */
export function readKmsgHeader(dev: Uint8Array, offset: number, little = true): PszKmsgHeader {
  const v = new DataView(dev.buffer, dev.byteOffset + offset, KMSG_HEADER_SIZE);
  return {
    magic: v.getUint32(0, little),
    time: { sec: Number(v.getBigInt64(8, little)), nsec: Number(v.getBigInt64(16, little)) },
    // A C bool: anything but 0 reads as true.
    compressed: v.getUint8(24) !== 0,
    counter: v.getUint32(28, little),
    reason: v.getInt32(32, little)
  };
}

/** Writes the sub-header; the padding is zero, as the kernel's zeroed buffer leaves it. */
export function writeKmsgHeader(
  dev: Uint8Array,
  offset: number,
  h: PszKmsgHeader,
  little = true
): void {
  dev.fill(0, offset, offset + KMSG_HEADER_SIZE);
  const v = new DataView(dev.buffer, dev.byteOffset + offset, KMSG_HEADER_SIZE);
  v.setUint32(0, h.magic >>> 0, little);
  v.setBigInt64(8, BigInt(h.time.sec), little);
  v.setBigInt64(16, BigInt(h.time.nsec), little);
  v.setUint8(24, h.compressed ? 1 : 0);
  v.setUint32(28, h.counter >>> 0, little);
  v.setInt32(32, h.reason, little);
}
