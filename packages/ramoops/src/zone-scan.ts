/**
 * Looking for persistent-RAM zone headers where a layout does not expect
 * them: when the given parameters make every zone of an image invalid, the
 * image may still hold valid zones at other offsets, laid out by a kernel
 * configured differently (another record_size, mem_size or ECC). A header
 * is a signature word — PERSISTENT_RAM_SIG ("DBGC"), or PERSISTENT_RAM_SIG ^
 * LINUX_VERSION_CODE for ftrace zones — followed by start ≤ size that fit
 * in the rest of the region. Every byte offset is tried, not only 4-byte
 * boundaries: with ECC a zone's size need not be a multiple of 4 (a 6.1
 * kernel with record_size 0x4000 and ECC 16 puts dump zones 0x408a apart).
 * Pure: reads `mem` only.
 * Kernel counterpart: fs/pstore/ram_core.c persistent_ram_post_init() (what
 * makes a header valid); the scan itself has none.
 */
import { PERSISTENT_RAM_SIG, type Endian } from '@pstore/ram-core';
import { hex } from './config/sizes.ts';

/** True for PERSISTENT_RAM_SIG ^ LINUX_VERSION_CODE of a 3.x–7.x kernel (an ftrace zone). */
function isFtraceSig(word: number): boolean {
  const code = (word ^ PERSISTENT_RAM_SIG) >>> 0;
  const major = code >>> 16;
  const minor = (code >>> 8) & 0xff;
  return code !== 0 && major >= 3 && major <= 7 && minor <= 20;
}

export interface ZoneHeaderScan {
  /** How many headers were found. */
  readonly count: number;
  /** The first offsets (at most `keep`), ascending. */
  readonly offsets: readonly number[];
}

/**
 * Finds zone headers in `mem`, skipping the offsets in `exclude` (where the
 * layout already looked).
 */
export function scanZoneHeaders(
  mem: Uint8Array,
  options: {
    readonly endian?: Endian;
    readonly exclude?: ReadonlySet<number>;
    readonly keep?: number;
  } = {}
): ZoneHeaderScan {
  const little = (options.endian ?? 'little') === 'little';
  const keep = options.keep ?? 8;
  const view = new DataView(mem.buffer, mem.byteOffset, mem.byteLength);
  const offsets: number[] = [];
  let count = 0;
  // The signature's top byte is 0x43 ('C') in every variant: LINUX_VERSION_CODE < 2^24.
  const top = little ? 3 : 0;
  for (let at = 0; at + 12 <= mem.length; at++) {
    if (mem[at + top] !== 0x43) continue;
    const sig = view.getUint32(at, little);
    if (sig !== PERSISTENT_RAM_SIG && !isFtraceSig(sig)) continue;
    if (options.exclude?.has(at)) continue;
    const start = view.getUint32(at + 4, little);
    const size = view.getUint32(at + 8, little);
    // What persistent_ram_post_init() accepts, bounded by the region's end.
    if (size > mem.length - at - 12 || start > size) continue;
    count++;
    if (offsets.length < keep) offsets.push(at);
  }
  return { count, offsets };
}

/**
 * The note for a decode whose every zone was rejected, or null when the
 * image holds no header elsewhere: how many there are, where, and where this
 * layout put its zones.
 */
export function misplacedZonesNote(
  mem: Uint8Array,
  layoutOffsets: readonly number[],
  endian: Endian = 'little'
): string | null {
  const scan = scanZoneHeaders(mem, { endian, exclude: new Set(layoutOffsets) });
  if (scan.count === 0) return null;
  const list = (xs: readonly number[], total: number) =>
    xs.map((x) => hex(x)).join(', ') + (total > xs.length ? ', …' : '');
  return (
    `every zone of this layout was rejected, but the image holds ${scan.count} persistent-RAM zone ` +
    `header(s) at ${list(scan.offsets, scan.count)} where this layout puts no zone (its zones are at ` +
    `${list(layoutOffsets.slice(0, 6), layoutOffsets.length)}): the image was probably written with other ` +
    'parameters: mem_size, record_size, console/ftrace/pmsg_size, ecc or --offset may differ'
  );
}
