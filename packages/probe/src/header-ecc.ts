/**
 * The ECC size a zone was written with: with ECC on, the last ecc_size bytes
 * of every zone are the Reed–Solomon parity of its 12 header bytes, rewritten
 * at every write and zap. The size whose parity matches is the one the kernel
 * used; none matching means ECC off (or a header damaged since).
 * Kernel counterpart: fs/pstore/ram_core.c persistent_ram_update_header_ecc()
 * (par_header = the zone's last ecc_size bytes), persistent_ram_init_ecc().
 */
import { sharedRsCodec } from '@pstore/ram-core';

/** ramoops' field polynomial when none is configured (ram_core.c: ecc_info.poly default). */
const RAMOOPS_POLY = 0x11d;

/** The ECC sizes tried, most common first: ramoops.ecc=1 means 16; 8–64 appear in device trees. */
export const ECC_SIZES_TRIED = [16, 32, 8, 64, 4, 24, 48, 128, 2, 12, 20, 28, 40, 56, 96, 254];

/**
 * Whether the zone [start, end) of `mem` carries, in its last `eccSize`
 * bytes, the parity of its header.
 */
export function headerParityMatches(
  mem: Uint8Array,
  start: number,
  end: number,
  eccSize: number
): boolean {
  if (end - start < 12 + 2 * eccSize || end > mem.length) return false;
  const codec = sharedRsCodec(eccSize, RAMOOPS_POLY);
  const parity = new Uint8Array(eccSize);
  if (codec.encodeInto(mem, start, 12, parity, 0) < 0) return false;
  for (let i = 0; i < eccSize; i++) if (parity[i] !== mem[end - eccSize + i]) return false;
  return true;
}

/** The ECC size whose header parity sits at the end of [start, end), or 0 for none. */
export function headerEccSize(mem: Uint8Array, start: number, end: number): number {
  for (const e of ECC_SIZES_TRIED) if (headerParityMatches(mem, start, end, e)) return e;
  return 0;
}
