/**
 * Whether an image is a pstore/blk partition (pstore/zone format), and the
 * pstore_blk.* words that lay it out. pstore/zone has no superblock, but its
 * headers say a lot: a dump zone starts with the signature 0x43474244 and,
 * 12 bytes on, the dump header's magic 0x4dfc3ae5 (ramoops zones never hold
 * it); ring zones carry the signature XOR their type (pmsg …43, console …46,
 * ftrace …47). The zones lie in a fixed order — pmsg, console, ftrace, then
 * the dump zones — so the distances between headers give the sizes. Zone 0
 * is the first dump zone ever written (the cursor starts there), so a device
 * with any dump shows where the dump area begins; the dump-zone size comes
 * from the spacing of the dumps, or is the Kconfig default (64 KiB) when one
 * dump cannot show it. Zones that were never written have no header and
 * cannot be seen: their sizes are what the layout leaves, said as such.
 * Kernel counterpart: fs/pstore/zone.c psz_alloc_zones(), struct psz_buffer,
 * struct psz_kmsg_header (inverted).
 */
import type { PstoreAlgorithm } from '@pstore/pstore-fs';
import { streamAlgorithm } from './dump-compressor.ts';
import {
  blkConfigFromCmdline,
  KMSG_HEADER_MAGIC,
  KMSG_HEADER_SIZE,
  PSZ_HEADER_SIZE,
  PSZ_SIG,
  pstoreZoneInfo,
  pszLayout
} from '@pstore/pstore-zone';

export interface BlkCandidate {
  /** pstore_blk.* words (and pstore.compress= when the dumps need a crypto compressor). */
  readonly params: string;
  /** The kernels that have pstore/blk and could have written it. */
  readonly kernel: string;
  /** A version to decode with. */
  readonly decodeKernel: string;
  /** Where the partition starts in the image. */
  readonly offset: number;
  /** The partition's bytes (`--size`): to the image's end. */
  readonly size: number;
  readonly cpus: number;
  readonly confidence: number;
  readonly evidence: readonly string[];
}

type RingType = 'pmsg' | 'console' | 'ftrace';
const RING_TYPE: Readonly<Record<number, RingType>> = { 7: 'pmsg', 2: 'console', 3: 'ftrace' };

interface Found {
  readonly offset: number;
  readonly type: 'dmesg' | RingType;
  readonly datalen: number;
  readonly start: number;
}

const hex = (n: number) => `0x${n.toString(16)}`;
const gcd = (a: number, b: number): number => (b ? gcd(b, a % b) : a);
const DEFAULT_KMSG = 64 * 1024;

/** Every pstore/zone header in `image`: "BGC" after a type byte, sane lengths, the dump magic. */
function findHeaders(image: Uint8Array): Found[] {
  const out: Found[] = [];
  const view = new DataView(image.buffer, image.byteOffset, image.byteLength);
  // "BGC" are bytes 1–3 of every zone signature. Found with the typed array's
  // own indexOf (native, no Node Buffer: the probe runs in browsers too).
  for (let at = image.indexOf(0x42, 1); at > 0; at = image.indexOf(0x42, at + 1)) {
    if (image[at + 1] !== 0x47 || image[at + 2] !== 0x43) continue;
    const o = at - 1;
    if (o + PSZ_HEADER_SIZE > image.length) break;
    const type = (view.getUint32(o, true) ^ PSZ_SIG) >>> 0;
    const datalen = view.getInt32(o + 4, true);
    const start = view.getInt32(o + 8, true);
    if (datalen < 0 || start < 0 || o + PSZ_HEADER_SIZE + datalen > image.length) continue;
    if (type === 0) {
      if (o + PSZ_HEADER_SIZE + 4 > image.length) continue;
      if (view.getUint32(o + PSZ_HEADER_SIZE, true) !== KMSG_HEADER_MAGIC) continue;
      if (datalen !== 0 && datalen < KMSG_HEADER_SIZE) continue;
      out.push({ offset: o, type: 'dmesg', datalen, start });
    } else if (RING_TYPE[type] && start <= datalen && datalen > 0) {
      out.push({ offset: o, type: RING_TYPE[type], datalen, start });
    }
  }
  return out;
}

/** The compressor the compressed dumps need: the first one a dump's stream expands with. */
function dumpAlgorithm(image: Uint8Array, dumps: readonly Found[]): PstoreAlgorithm | null {
  for (const d of dumps) {
    const h = d.offset + PSZ_HEADER_SIZE;
    // psz_kmsg_header.compressed, at offset 24 of the 40-byte header.
    if (d.datalen <= KMSG_HEADER_SIZE || image[h + 24] === 0) continue;
    const algorithm = streamAlgorithm(image.subarray(h + KMSG_HEADER_SIZE, h + d.datalen));
    if (algorithm) return algorithm;
  }
  return null;
}

/** The pstore/blk reading of `image`, or null when it holds no pstore/zone header. */
export function probeBlkImage(image: Uint8Array): BlkCandidate | null {
  const found = findHeaders(image);
  const dumps = found.filter((f) => f.type === 'dmesg');
  const rings = found.filter((f) => f.type !== 'dmesg');
  if (!dumps.length && !rings.length) return null;
  const evidence: string[] = [];
  let confidence = 1;
  // The partition starts at the first zone: a ring's header, else dump zone 0.
  const first = found[0]!;
  const offset = first.offset;
  const area = dumps.length ? dumps[0]!.offset : null;
  evidence.push(
    `${dumps.length} pstore/zone dump header(s) (signature ${hex(PSZ_SIG)} and the dump magic ${hex(KMSG_HEADER_MAGIC)}), ` +
      `${rings.length} ring zone header(s) (${[...new Set(rings.map((r) => r.type))].join(', ') || 'none'})`
  );
  // The dump-zone size: the spacing of the dumps, else the Kconfig default.
  let kmsg = DEFAULT_KMSG;
  if (dumps.length > 1) {
    kmsg = dumps.slice(1).reduce((g, d) => gcd(g, d.offset - area!), 0);
    evidence.push(`dump zones every ${hex(kmsg)} bytes (the spacing of ${dumps.length} dumps)`);
  } else if (dumps.length === 1) {
    const need = PSZ_HEADER_SIZE + dumps[0]!.datalen;
    if (need > DEFAULT_KMSG) {
      kmsg = Math.ceil(need / 4096) * 4096;
      confidence *= 0.6;
      evidence.push(
        `one dump of ${need} bytes: dump zones of at least ${hex(kmsg)} (the spacing cannot be seen)`
      );
    } else {
      confidence *= 0.8;
      evidence.push(
        'one dump: its zone size cannot be seen; kmsg_size 64 KiB assumed (CONFIG_PSTORE_BLK_KMSG_SIZE’s default)'
      );
    }
  }
  // Ring sizes: from each ring header to the next zone's.
  const boundaries = [...rings.map((r) => r.offset), ...(area === null ? [] : [area])];
  const sizeOf = (r: Found): number | null => {
    const next = boundaries.find((b) => b > r.offset);
    return next === undefined ? null : next - r.offset;
  };
  const kib = (n: number) => n / 1024;
  const words: string[] = [];
  if (dumps.length) words.push(`pstore_blk.kmsg_size=${kib(kmsg)}`);
  let cpus = 1;
  for (const type of ['pmsg', 'console'] as const) {
    const r = rings.find((x) => x.type === type);
    if (!r) continue;
    const size = sizeOf(r);
    if (size === null || size % 4096) {
      confidence *= 0.5;
      evidence.push(
        `${type} zone at ${hex(r.offset - offset)}: its size cannot be read from the headers`
      );
      continue;
    }
    words.push(`pstore_blk.${type}_size=${kib(size)}`);
    evidence.push(`${type} zone of ${hex(size)} bytes at ${hex(r.offset - offset)}`);
  }
  const ftrace = rings.filter((x) => x.type === 'ftrace');
  if (ftrace.length) {
    const end = area ?? image.length;
    const total = end - ftrace[0]!.offset;
    const rec = ftrace.length > 1 ? ftrace[1]!.offset - ftrace[0]!.offset : total;
    cpus = Math.max(1, Math.round(total / rec));
    const ftraceKiB = Math.ceil(total / 4096) * 4;
    words.push(`pstore_blk.ftrace_size=${ftraceKiB}`);
    evidence.push(
      `ftrace zones of ${rec} bytes from ${hex(ftrace[0]!.offset - offset)}: ${cpus} CPU(s)`
    );
  }
  const algorithm = dumpAlgorithm(image, dumps);
  let kernel = '5.8+ (pstore/blk)';
  let decodeKernel = '6.12';
  if (algorithm && algorithm !== 'deflate') {
    words.unshift(`pstore.compress=${algorithm}`);
    kernel = '5.8–6.5 (pstore/blk with a crypto compressor)';
    decodeKernel = '6.1';
    evidence.push(`the dumps are ${algorithm}-compressed: written by 5.8–6.5`);
  }
  const params = words.join(' ');
  // The layout these words give must put every header found on a zone of its type.
  const size = image.length - offset;
  const size4k = size - (size % 4096);
  try {
    const build = {
      pmsg: /pmsg_size/.test(params),
      console: /console_size/.test(params),
      ftrace: /ftrace_size/.test(params)
    };
    const layout = pszLayout(
      pstoreZoneInfo(
        blkConfigFromCmdline(params, build),
        size4k,
        { major: 6, minor: 12, sublevel: 0 },
        cpus
      )
    );
    const at = new Map(layout.zones.map((z) => [z.offset + offset, z.type]));
    const misplaced = found.filter((f) => at.get(f.offset) !== f.type);
    if (misplaced.length) {
      confidence *= 0.4;
      evidence.push(
        `${misplaced.length} header(s) fall where this layout puts no zone of their type`
      );
    } else {
      evidence.push(
        `every header found lies where these words lay its zone out (${layout.zones.length} zones)`
      );
    }
  } catch (e) {
    confidence *= 0.3;
    evidence.push(`these words do not lay out: ${(e as Error).message}`);
  }
  evidence.push(
    `--size ${hex(size4k)}: to the image's end (a partition's end leaves no trace; give --size when a partition follows)`
  );
  if (offset) {
    evidence.push(
      `the partition starts at ${hex(offset)}, the first zone header (zones before it, if any, were never written)`
    );
  }
  return {
    params,
    kernel,
    decodeKernel,
    offset,
    size: size4k,
    cpus,
    confidence: Math.round(confidence * 100) / 100,
    evidence
  };
}
