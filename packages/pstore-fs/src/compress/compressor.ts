/**
 * The dmesg compressor of one kernel era: what pstore_dump() uses to shrink a dump part
 * into the backend buffer, and what pstore_get_backend_records() uses to expand it again
 * (or give up, leaving a `.enc.z` file). Sizes, parameters and failure rules follow the
 * era; see params.ts and buffer-size.ts for the tables.
 * 4.17–6.5 may run lzo, lz4, lz4hc, 842 or zstd instead of deflate (@pstore/crypto-compress),
 * with big_oops_buf sized by that algorithm's worst-case bound (zbufsize_*()).
 * Kernel counterpart: fs/pstore/platform.c pstore_compress(), pstore_decompress() /
 * decompress_record(), allocate_buf_for_compression(), zbufsize_deflate/lzo/lz4/842/zstd().
 */
import { cryptoCompressor, type CompressOptions } from '@pstore/crypto-compress';
import { atLeast, type KernelVersion } from '../era-version.ts';
import { PstoreFormatError } from '../format-error.ts';
import { bigOopsBufSize, KMALLOC_MAX_SIZE, maxDecompressedSize } from './buffer-size.ts';
import { cryptoEra, lzoChecksBound } from './crypto-era.ts';
import { chooseCompression, type DeflateParams, type PstoreAlgorithm } from './params.ts';
import { deflateOneShot, inflateOneShot, withRoom } from './zlib-oneshot.ts';

/** How the kernel is configured. */
export interface PstoreCompressorOptions {
  /** The `pstore.compress=` value; undefined when not given (the era's default applies). */
  readonly algorithm?: string;
  /**
   * psinfo->bufsize of the backend: for ramoops on ≥4.20 the data capacity of dmesg zone 0
   * (zone size − 12 − ECC parity); on 4.9 the record size. 0 when the backend has no dump
   * zones: then no dump is ever compressed or expanded (the kernel sets no
   * PSTORE_FLAGS_DMESG and allocates no compression buffers).
   */
  readonly bufsize: number;
  /**
   * A faster inflate for the read side (Node's zlib, say): `windowBits` as
   * zlib takes them (negative: a raw stream), at most `limit` bytes out, null
   * where the stream fails or needs more. Used where the era's reader is
   * plain zlib (not the crypto API's sync-flush reader of 4.17–6.5 with its
   * extra byte); results are the same as the built-in inflate's.
   */
  readonly inflate?: NativeInflate;
}

/** A zlib inflate of one whole stream into at most `limit` bytes, or null. */
export interface NativeInflate {
  (stream: Uint8Array, windowBits: number, limit: number, room?: number): Uint8Array | null;
  /**
   * True when the inflate honours `room`: its text then starts a buffer of
   * that call's own, with at least `room` bytes after the text that nothing
   * else uses (the caller writes the ECC notice there). Without it the
   * compressor copies the text to make the room.
   */
  readonly leavesRoom?: boolean;
}

/** One era's compressor, bound to a backend buffer size. */
export interface PstoreCompressor {
  /** False when this kernel writes and reads dmesg records uncompressed. */
  readonly enabled: boolean;
  /** The algorithm dumps are compressed with, or null when compression is off. */
  readonly algorithm: PstoreAlgorithm | null;
  /** zlib parameters when the algorithm is deflate, else null. */
  readonly params: DeflateParams | null;
  /** What the kernel logs while choosing its compressor, if anything. */
  readonly warning: string | null;
  readonly bufsize: number;
  /** Plain-text capacity of one compressed part (big_oops_buf), null when off. */
  readonly bigOopsBufSize: number | null;
  /** Read-side output limit, null when off. */
  readonly maxDecompressedSize: number | null;
  /**
   * Compresses one dump part (header line + kmsg text) into at most `bufsize` bytes.
   * Returns null when the kernel's compression would fail, so the caller stores the part
   * uncompressed (≤6.5: header + newest text; 6.6+: the first `bufsize` bytes). One
   * exception, as in the kernel: lzo before CVE-2025-38068's fix (see lzoChecksBound())
   * returns its whole stream even when it is longer than `bufsize`; the backend then keeps
   * what fits and the next boot cannot expand it.
   * `options.avoidFirstByte` is pstore-ts's own (lzo, lz4, lz4hc; see @pstore/crypto-compress).
   * @throws PstoreFormatError EINVAL when compression is off (pstore_dump never compresses
   *   then), ERANGE when `input` is larger than the big buffer the kernel fills.
   */
  compress(input: Uint8Array, options?: CompressOptions): Uint8Array | null;
  /**
   * Decompresses a record flagged `-C`. Returns null where the kernel fails (wrong
   * format for this era, corrupt or truncated stream, output over the limit) or does not
   * try (compression off): the record is then shown still compressed as `.enc.z`.
   * `room` (default 0): bytes the caller writes right after the text, as
   * decompress_record() appends the ECC notice. The text then starts a buffer of its
   * own with at least that many free bytes after it, so
   * `new Uint8Array(text.buffer, text.byteOffset, text.length + room)` is the caller's
   * to fill: no second copy of every expanded dump.
   */
  decompress(stream: Uint8Array, room?: number): Uint8Array | null;
}

/**
 * Builds the compressor a given kernel uses for dmesg records.
 *
 * @example
 * ```ts
 * const c = pstoreCompressor({ major: 6, minor: 1, sublevel: 192 }, { bufsize: 16510 });
 * const text = c.decompress(stream); // null ⇒ the kernel shows dmesg-ramoops-0.enc.z
 * ```
 * @throws PstoreFormatError for an algorithm the era cannot use or pstore-ts cannot run.
 */
export function pstoreCompressor(
  version: KernelVersion,
  options: PstoreCompressorOptions
): PstoreCompressor {
  const { bufsize } = options;
  // The name is checked even without dump zones: the kernel would take or
  // refuse the parameter all the same.
  const choice = chooseCompression(version, options.algorithm);
  const params = choice.params;
  if (choice.algorithm === null) {
    return disabled(bufsize, choice.warning, 'compression is off for this kernel configuration');
  }
  if (bufsize === 0) {
    // No dump zones: nothing is allocated, nothing is logged, no dump exists.
    return disabled(bufsize, null, 'the backend has no dump zones (bufsize 0)');
  }
  if (params === null) return cryptoPstoreCompressor(version, choice.algorithm, bufsize);
  const bigSize = bigOopsBufSize(params.flavour, bufsize);
  if (!atLeast(version, 6, 6) && bigSize > KMALLOC_MAX_SIZE) {
    // Up to 6.5 big_oops_buf is kmalloc()ed; failing that, pstore runs
    // without compression in both directions, saying so once.
    return disabled(
      bufsize,
      params.flavour === 'zlib-wrapped'
        ? 'No memory for uncompressed data; skipping compression'
        : `Failed ${bigSize} byte compression buffer allocation for: deflate`,
      `big_oops_buf (${bigSize} bytes for bufsize ${bufsize}) is more than kmalloc() gives ` +
        `(KMALLOC_MAX_SIZE ${KMALLOC_MAX_SIZE})`
    );
  }
  const limit = maxDecompressedSize(params.flavour, bufsize);
  return {
    enabled: true,
    algorithm: 'deflate',
    params,
    warning: choice.warning,
    bufsize,
    bigOopsBufSize: bigSize,
    maxDecompressedSize: limit,
    compress(input: Uint8Array): Uint8Array | null {
      if (input.length > bigSize) {
        throw new PstoreFormatError(
          'ERANGE',
          `dump part of ${input.length} bytes exceeds big_oops_buf (${bigSize} bytes for ` +
            `bufsize ${bufsize}); the kernel never compresses more`
        );
      }
      const out = deflateOneShot(input, params, bufsize);
      // ≤4.16 also insists on a real gain (total_out < total_in).
      if (out === null || (params.mustShrink && out.length >= input.length)) return null;
      return out;
    },
    decompress(stream: Uint8Array, room = 0): Uint8Array | null {
      const native = params.cryptoFlush ? undefined : options.inflate;
      if (!native) return inflateOneShot(stream, params, limit, room);
      const text = native(stream, params.inflateWindowBits, limit, room);
      if (!text) return null;
      // Trusted only when the inflate says it leaves the room, and the buffer has it.
      const left = text.buffer.byteLength - text.byteOffset - text.length;
      return native.leavesRoom && left >= room ? text : withRoom(text, room);
    }
  };
}

/**
 * lzo, lz4, lz4hc, 842 or zstd through the crypto API (4.17–6.5), and the lzo and lz4
 * Kconfig backends of 4.7–4.16, which did the same with the libraries directly: big_oops_buf
 * is the algorithm's worst-case bound of bufsize (zbufsize_*(), lzo1x_worst_compress(),
 * LZ4_compressBound()), kmalloc()ed like deflate's, and it is also the read side's output
 * limit (decompress_record()). No "must shrink" test: any stream that fits bufsize is stored
 * compressed. Two writers never checked the bound: lzo before CVE-2025-38068's fix, and the
 * lz4_compress() of 4.7–4.10 (the LZ4 r90 port, replaced by LZ4_compress_default() in 4.11),
 * which wrote up to LZ4_compressBound(inlen) into psinfo->buf whatever its size.
 */
function cryptoPstoreCompressor(
  version: KernelVersion,
  algorithm: PstoreAlgorithm,
  bufsize: number
): PstoreCompressor {
  if (algorithm === 'deflate') {
    throw new Error('deflate has zlib parameters: not a crypto algorithm');
  }
  const c = cryptoCompressor(algorithm, cryptoEra(version));
  const bigSize = c.worstCase(bufsize);
  if (bigSize > KMALLOC_MAX_SIZE) {
    return disabled(
      bufsize,
      `Failed ${bigSize} byte compression buffer allocation for: ${algorithm}`,
      `big_oops_buf (${bigSize} bytes for bufsize ${bufsize}) is more than kmalloc() gives ` +
        `(KMALLOC_MAX_SIZE ${KMALLOC_MAX_SIZE})`
    );
  }
  const unchecked = algorithm === 'lzo' && !lzoChecksBound(version);
  const lz4Unchecked = algorithm === 'lz4' && !atLeast(version, 4, 11);
  return {
    enabled: true,
    algorithm,
    params: null,
    warning: null,
    bufsize,
    bigOopsBufSize: bigSize,
    maxDecompressedSize: bigSize,
    compress(input: Uint8Array, options?: CompressOptions): Uint8Array | null {
      if (input.length > bigSize) {
        throw new PstoreFormatError(
          'ERANGE',
          `dump part of ${input.length} bytes exceeds big_oops_buf (${bigSize} bytes for ` +
            `bufsize ${bufsize}, zbufsize_${algorithm === 'lz4hc' ? 'lz4' : algorithm}()); the ` +
            'kernel never compresses more'
        );
      }
      if (unchecked) return c.compressUnchecked(input, bufsize, options);
      // The worst case always fits: the whole stream, however long.
      if (lz4Unchecked) return c.compress(input, c.worstCase(input.length), options);
      return c.compress(input, bufsize, options);
    },
    decompress(stream: Uint8Array, room = 0): Uint8Array | null {
      const text = c.decompress(stream, bigSize);
      return text && withRoom(text, room);
    }
  };
}

/** A compressor that never compresses: pstore_dump() stores dumps plain, `-C` records stay `.enc.z`. */
function disabled(bufsize: number, warning: string | null, why: string): PstoreCompressor {
  return {
    enabled: false,
    algorithm: null,
    params: null,
    warning,
    bufsize,
    bigOopsBufSize: null,
    maxDecompressedSize: null,
    compress() {
      throw new PstoreFormatError(
        'EINVAL',
        `${why}: pstore_dump() stores dmesg records uncompressed (up to bufsize ${bufsize} bytes)`
      );
    },
    decompress: () => null
  };
}
