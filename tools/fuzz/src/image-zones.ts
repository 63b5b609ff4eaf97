/**
 * The zones of a configuration laid over an image, and the few edits the
 * generators make to them: a header (signature, start, size), the ring's
 * bytes, and the parity that makes an edit consistent. Consistent parity is
 * what makes a corruption reach the path it names: with ECC on, a header
 * whose parity still matches its old value is simply corrected back.
 * Kernel counterpart: fs/pstore/ram_core.c (struct persistent_ram_buffer,
 * persistent_ram_update_ecc(), persistent_ram_update_header_ecc()).
 */
import {
  createRsCodec,
  parseKernelVersion,
  persistentRamGeometry,
  type RsCodec,
  type ZoneGeometry
} from '@pstore/ram-core';
import { ramoopsDumpZone, ramoopsEra, ramoopsFromCmdline, ramoopsLayout } from '@pstore/ramoops';

export interface ImageZone {
  readonly type: string;
  readonly index: number;
  readonly offset: number;
  readonly size: number;
  readonly sigXor: number;
  readonly geometry: ZoneGeometry;
}

const layoutCache = new Map<string, ImageZone[] | null>();

/**
 * The zones `pstore decode --params P --kernel K --cpus N` uses, or null
 * when the configuration is one the probe refuses. Dump zones beyond the
 * first `maxDumps` are left out (a generator edits a few of them).
 */
export function zonesOf(
  params: string,
  kernel: string,
  cpus = 1,
  maxDumps = 64
): ImageZone[] | null {
  const key = `${params}|${kernel}|${cpus}|${maxDumps}`;
  const hit = layoutCache.get(key);
  if (hit !== undefined) return hit;
  let zones: ImageZone[] | null;
  try {
    const era = ramoopsEra(parseKernelVersion(kernel));
    const config = ramoopsFromCmdline(params, era);
    const layout = ramoopsLayout(config, era, { nrCpus: cpus });
    const ecc = config.ecc.eccSize ? config.ecc : null;
    const dumps = Array.from({ length: Math.min(layout.dumpCount, maxDumps) }, (_, i) =>
      ramoopsDumpZone(layout, i)
    );
    const specs = [...dumps, ...layout.afterDumps];
    zones = specs.map((s) => ({
      type: s.type,
      index: s.index,
      offset: s.offset,
      size: s.size,
      sigXor: s.sigXor,
      geometry: persistentRamGeometry(s.size, ecc)
    }));
  } catch {
    zones = null;
  }
  if (layoutCache.size > 4096) layoutCache.clear();
  layoutCache.set(key, zones);
  return zones;
}

const codecs = new Map<number, RsCodec>();
function codec(eccSize: number): RsCodec {
  let c = codecs.get(eccSize);
  if (!c) codecs.set(eccSize, (c = createRsCodec({ nroots: eccSize })));
  return c;
}

const view = (img: Uint8Array) => new DataView(img.buffer, img.byteOffset, img.byteLength);

/** The zone lies inside the image (a generator may cut the image shorter than the region). */
const inside = (img: Uint8Array, z: ImageZone) => z.offset + z.size <= img.length;

/** Reads a zone header (little-endian). */
export function readHeader(
  img: Uint8Array,
  z: ImageZone
): { sig: number; start: number; size: number } {
  if (!inside(img, z)) return { sig: 0, start: 0, size: 0 };
  const v = view(img);
  return {
    sig: v.getUint32(z.offset, true),
    start: v.getUint32(z.offset + 4, true),
    size: v.getUint32(z.offset + 8, true)
  };
}

/** Writes header fields (those given), little-endian, without touching parity. */
export function writeHeader(
  img: Uint8Array,
  z: ImageZone,
  h: { sig?: number; start?: number; size?: number }
): void {
  if (!inside(img, z)) return;
  const v = view(img);
  if (h.sig !== undefined) v.setUint32(z.offset, h.sig >>> 0, true);
  if (h.start !== undefined) v.setUint32(z.offset + 4, h.start >>> 0, true);
  if (h.size !== undefined) v.setUint32(z.offset + 8, h.size >>> 0, true);
}

/** Recomputes the header's parity so that ECC keeps what the header now says. */
export function fixHeaderParity(img: Uint8Array, z: ImageZone): void {
  if (!inside(img, z)) return;
  const g = z.geometry;
  // A code this long has no room for 12 data symbols (the probe's problem, not ours).
  if (!g.eccSize || g.eccSize + 12 > 255) return;
  const par = codec(g.eccSize).encode(img.subarray(z.offset, z.offset + 12));
  img.set(par, z.offset + g.parHeaderOffset);
}

/** Recomputes the parity of every data block (and the header): the zone reads as written. */
export function fixDataParity(img: Uint8Array, z: ImageZone): void {
  if (!inside(img, z)) return;
  const g = z.geometry;
  if (!g.eccSize || g.eccSize + g.blockSize > 255) return;
  const c = codec(g.eccSize);
  const base = z.offset + 12;
  for (let b = 0; b * g.blockSize < g.bufferSize; b++) {
    const len = Math.min(g.blockSize, g.bufferSize - b * g.blockSize);
    c.encodeInto(
      img,
      base + b * g.blockSize,
      len,
      img,
      z.offset + g.parBufferOffset + b * g.eccSize
    );
  }
  fixHeaderParity(img, z);
}

/** Puts `content` in the zone as one unwrapped write (start = size = length), parity fixed. */
export function fillZone(img: Uint8Array, z: ImageZone, content: Uint8Array): void {
  if (!inside(img, z)) return;
  const cap = z.geometry.bufferSize;
  const c = content.length > cap ? content.subarray(0, cap) : content;
  img.set(c, z.offset + 12);
  writeHeader(img, z, { sig: 0x43474244 ^ z.sigXor, start: c.length % cap, size: c.length });
  fixDataParity(img, z);
}
