/**
 * Every persistent-RAM zone header in a region: the plain signature
 * (dmesg, console, pmsg zones) or an ftrace zone's (naming its kernel),
 * followed by start ≤ size that fit in the rest of the region. After a kernel
 * booted once with ramoops every zone has one: persistent_ram_post_init()
 * writes a fresh header (start 0, size 0) over a zone it found invalid.
 * Kernel counterpart: fs/pstore/ram_core.c persistent_ram_post_init(),
 * persistent_ram_zap().
 */
import { PERSISTENT_RAM_SIG, type Endian, type KernelVersion } from '@pstore/ram-core';
import { versionOfFtraceSig } from './ftrace-signature.ts';

export interface ZoneHeader {
  readonly offset: number;
  /** `plain`: PERSISTENT_RAM_SIG itself; `ftrace`: signed with a kernel version. */
  readonly kind: 'plain' | 'ftrace';
  readonly version: KernelVersion | null;
  readonly start: number;
  readonly size: number;
}

/** At most this many headers are kept: a region of 4 KiB dump zones in 256 MiB has 65 536. */
const MAX_HEADERS = 1 << 20;

/**
 * The zone headers of `mem`, ascending (every byte offset is tried: ECC zones need not align).
 * `imageBytes`: how many bytes the image holds from mem[0] on, when `mem` is one piece
 * of a larger image read in steps (a header's size must fit the image, not the piece);
 * default mem.length. `max`: stop after this many (default 2^20).
 */
export function findZoneHeaders(
  mem: Uint8Array,
  endian: Endian = 'little',
  { imageBytes = mem.length, max = MAX_HEADERS }: { imageBytes?: number; max?: number } = {}
): ZoneHeader[] {
  const little = endian === 'little';
  const view = new DataView(mem.buffer, mem.byteOffset, mem.byteLength);
  const top = little ? 3 : 0;
  const found: ZoneHeader[] = [];
  for (let at = 0; found.length < max; at++) {
    // Every signature variant has 0x43 as its top byte (LINUX_VERSION_CODE < 2^24):
    // the engine's own search finds the next one (2× a loop over every byte).
    const hit = mem.indexOf(0x43, at + top);
    if (hit < 0 || hit - top + 12 > mem.length) break;
    at = hit - top;
    const sig = view.getUint32(at, little);
    const version = sig === PERSISTENT_RAM_SIG ? null : versionOfFtraceSig(sig);
    if (sig !== PERSISTENT_RAM_SIG && !version) continue;
    const start = view.getUint32(at + 4, little);
    const size = view.getUint32(at + 8, little);
    if (size > imageBytes - at - 12 || start > size) continue;
    found.push({ offset: at, kind: version ? 'ftrace' : 'plain', version, start, size });
  }
  return found;
}
