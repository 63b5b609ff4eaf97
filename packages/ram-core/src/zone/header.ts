/**
 * The 12-byte header at the start of every persistent RAM zone, and the flags
 * a zone is created with. Persisted in RAM across reboots: this is ABI.
 * Kernel counterpart: fs/pstore/ram_core.c struct persistent_ram_buffer,
 * PERSISTENT_RAM_SIG; fs/pstore/ram_internal.h PRZ_FLAG_*.
 */

/** "DBGC" when stored little-endian; XORed with the zone type's value. */
export const PERSISTENT_RAM_SIG = 0x43474244;

/** sizeof(struct persistent_ram_buffer): sig, start, size; data follows. */
export const PRZ_HEADER_SIZE = 12;

/** Byte offsets of the header fields (u32 each, CPU-native endianness). */
export const PRZ_HEADER = { SIG: 0, START: 4, SIZE: 8 } as const;

/**
 * Writers to the zone need no lock: one writer per zone (per-CPU ftrace).
 * PRZ_FLAG_NO_LOCK in the kernel.
 */
export const PRZ_FLAG_NO_LOCK = 1 << 0;
/**
 * Single-use area: once the previous boot's content is saved at probe, reset
 * the zone (console and pmsg in 6.x). PRZ_FLAG_ZAP_OLD in the kernel.
 */
export const PRZ_FLAG_ZAP_OLD = 1 << 1;

/** Byte order of the header fields; the kernel uses the CPU's own. */
export type Endian = 'little' | 'big';

/**
 * The header bytes of a zone whose write cursor is `start` and which holds
 * `size` bytes, as the zone stores them: for images, probes and tests.
 */
export function persistentRamHeader(
  sig: number,
  start: number,
  size: number,
  endian: Endian = 'little'
): Uint8Array {
  const bytes = new Uint8Array(PRZ_HEADER_SIZE);
  const view = new DataView(bytes.buffer);
  const le = endian === 'little';
  view.setUint32(PRZ_HEADER.SIG, sig >>> 0, le);
  view.setUint32(PRZ_HEADER.START, start >>> 0, le);
  view.setUint32(PRZ_HEADER.SIZE, size >>> 0, le);
  return bytes;
}
