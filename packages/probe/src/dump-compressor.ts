/**
 * Which compressor wrote a region's compressed dumps. A dump header ends in
 * "-C" when the record is compressed, but nothing in the region names the
 * algorithm: 4.17–6.5 compress through the crypto API with whatever
 * `pstore.compress=` (or CONFIG_PSTORE_COMPRESS_DEFAULT) chose. Each
 * decoder is tried on the stream; the one that expands it into a dump
 * part ("Oops#1 Part1\n…") is the writer's. lz4 and lz4hc write the same
 * block format, so a fit says "lz4" for both.
 * Kernel counterpart: fs/pstore/platform.c zbackends[] and
 * decompress_record() (PSTORE-SPEC §4.3: ≤ 4.16 zlib, or lzo or lz4 from
 * 4.7 when the build chose them; 4.17–6.5 the crypto API's deflate, lzo,
 * lz4, lz4hc, 842, zstd; 6.6+ deflate only).
 */
import { pstoreCompressor, type PstoreAlgorithm } from '@pstore/pstore-fs';
import { parseKernelVersion } from '@pstore/ram-core';
import type { InferredZone } from './infer-layout.ts';
import type { ZoneHeader } from './zone-headers.ts';

/** A compressed dump's header ("====<sec>.<usec>-C\n"); the stream follows it. */
const COMPRESSED_DUMP = /^====\d+\.\d+-C\n/;

/** kmsg_dump_reason_str() words, then "#<count> Part<n>": how every dump part starts. */
const DUMP_PART = /^(?:Unknown|Panic|Oops|Emergency|Shutdown|Restart|Halt|Poweroff)#\d+ Part\d+\n/;

const ZSTD_MAGIC = [0x28, 0xb5, 0x2f, 0xfd];

/** An RFC 1950 header: deflate with a window of at most 32 KiB, and the header check. */
function zlibHeader(b: Uint8Array): boolean {
  return (
    b.length >= 2 && (b[0]! & 0x0f) === 8 && b[0]! >> 4 <= 7 && (b[0]! * 256 + b[1]!) % 31 === 0
  );
}

/** A read limit that refuses only absurd output (every era's big buffer is far below it). */
const READ_LIMIT = 2 * 1024 * 1024;

/** How many compressed dumps are tried before giving up (one fit is enough). */
const MAX_TRIED = 3;

/**
 * The oldest kernel that could write `algorithm`'s dumps: lzo and lz4 were Kconfig choices
 * from 4.7 (CONFIG_PSTORE_LZO_COMPRESS, _LZ4_COMPRESS), lz4hc, 842 and zstd came with the
 * crypto API in 4.17; 6.6 dropped all but deflate.
 */
export function oldestWriter(algorithm: PstoreAlgorithm): '4.7' | '4.17' {
  return algorithm === 'lzo' || algorithm === 'lz4' ? '4.7' : '4.17';
}

export interface DumpCompressor {
  /** The algorithm that expanded a compressed dump into dump text; null when none did. */
  readonly algorithm: PstoreAlgorithm | null;
  /** True when only 4.7–6.5 kernels have that algorithm (everything but deflate; see oldestWriter()). */
  readonly cryptoOnly: boolean;
  /** Compressed dumps that no decoder expanded into dump text. */
  readonly unexpanded: number;
  /** '4.17' when only 4.17+ wrote such a stream (raw deflate, lz4hc, 842, zstd), else null. */
  readonly atLeast: '4.17' | null;
  readonly words: readonly string[];
}

/**
 * The kernel whose decoder of `algorithm` reads `stream`: zlib-wrapped deflate is ≤ 4.16's,
 * raw deflate 6.6+'s (a 32 KiB window reads every era's raw streams), the others 6.1's.
 */
function decoderKernel(algorithm: PstoreAlgorithm, stream: Uint8Array): string {
  if (algorithm !== 'deflate') return '6.1';
  return zlibHeader(stream) ? '4.16' : '6.12';
}

function expandsToDump(algorithm: PstoreAlgorithm, stream: Uint8Array): boolean {
  const c = pstoreCompressor(parseKernelVersion(decoderKernel(algorithm, stream)), {
    algorithm,
    bufsize: READ_LIMIT
  });
  const text = c.decompress(stream);
  return text !== null && DUMP_PART.test(String.fromCharCode(...text.subarray(0, 40)));
}

/** The decoders to try, the likeliest first: a zstd frame's magic, a zlib header. */
function order(stream: Uint8Array): PstoreAlgorithm[] {
  const all: PstoreAlgorithm[] = ['deflate', 'lzo', 'lz4', '842', 'zstd'];
  if (ZSTD_MAGIC.every((x, i) => stream[i] === x)) return ['zstd', ...all.slice(0, 4)];
  return all;
}

/** The algorithm that expands `stream` into a dump part ("Oops#1 Part1\n…"), or null. */
export function streamAlgorithm(stream: Uint8Array): PstoreAlgorithm | null {
  return order(stream).find((a) => expandsToDump(a, stream)) ?? null;
}

export function dumpCompressor(
  region: Uint8Array,
  zones: readonly InferredZone[],
  headers: ReadonlyMap<number, ZoneHeader>
): DumpCompressor {
  let unexpanded = 0;
  let tried = 0;
  for (const [i, z] of zones.entries()) {
    if (z.type !== 'dmesg' || tried >= MAX_TRIED) continue;
    const h = headers.get(z.offset);
    if (!h || h.size === 0) continue;
    const data = region.subarray(z.offset + 12, z.offset + 12 + h.size);
    const m = COMPRESSED_DUMP.exec(String.fromCharCode(...data.subarray(0, 40)));
    if (!m) continue;
    tried++;
    const stream = data.subarray(m[0].length);
    const algorithm = streamAlgorithm(stream);
    if (!algorithm) {
      unexpanded++;
      continue;
    }
    const cryptoOnly = algorithm !== 'deflate';
    const zlibWrapped = algorithm === 'deflate' && zlibHeader(stream);
    // Raw deflate is the crypto API's (4.17+); ≤ 4.16 wrapped it in zlib.
    const atLeast = zlibWrapped || oldestWriter(algorithm) === '4.7' ? null : '4.17';
    const name = algorithm === 'lz4' ? 'lz4 (or lz4hc: the same block format)' : algorithm;
    return {
      algorithm,
      cryptoOnly,
      unexpanded,
      atLeast,
      words: [
        `dump zone ${i}'s compressed stream (${stream.length} bytes) expands with ${name} into a dump part` +
          (cryptoOnly
            ? `: pstore.compress=${algorithm}, which only ${oldestWriter(algorithm)}–6.5 kernels have` +
              (oldestWriter(algorithm) === '4.7'
                ? ` (before 4.17 as the build's choice, CONFIG_PSTORE_${algorithm.toUpperCase()}_COMPRESS)`
                : '')
            : zlibWrapped
              ? ' (in a zlib container)'
              : ': raw deflate, written by 4.17 or later')
      ]
    };
  }
  return {
    algorithm: null,
    cryptoOnly: false,
    unexpanded,
    atLeast: null,
    words: unexpanded
      ? [
          `${unexpanded} compressed dump(s) that neither deflate, lzo, lz4, 842 nor zstd expands into a dump part: decode shows them as .enc.z`
        ]
      : []
  };
}
