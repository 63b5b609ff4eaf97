/**
 * Which compressor a kernel runs for dmesg records, and with which zlib parameters: the
 * era table of PSTORE-SPEC §4.3 plus the `pstore.compress=` rules of each era.
 * Kernel counterpart: fs/pstore/platform.c — the zlib backend of ≤4.16 (compress_zlib,
 * decompress_zlib), pstore_choose_compression() and the zbackends[] table of 4.17–6.5
 * (deflate through crypto/deflate.c), allocate_buf_for_compression() of 6.6+.
 */
import { CRYPTO_ALGORITHMS, type CryptoAlgorithm } from '@pstore/crypto-compress';
import { atLeast, versionString, type KernelVersion } from '../era-version.ts';
import { PstoreFormatError } from '../format-error.ts';

/**
 * The three deflate implementations pstore has used:
 * - `zlib-wrapped`: ≤4.16, platform.c calls lib/zlib directly with a zlib (RFC 1950) wrapper;
 * - `crypto-deflate`: 4.17–6.5, the crypto API's "deflate" (crypto/deflate.c), raw RFC 1951;
 * - `zlib-raw`: 6.6+, platform.c calls lib/zlib directly again, raw RFC 1951.
 */
export type DeflateFlavour = 'zlib-wrapped' | 'crypto-deflate' | 'zlib-raw';

/** zlib settings of one flavour, as the kernel passes them to zlib_deflateInit2/inflateInit2. */
export interface DeflateParams {
  readonly flavour: DeflateFlavour;
  /** `zlib` = RFC 1950 header + adler32 trailer; `raw` = bare RFC 1951 blocks. */
  readonly format: 'zlib' | 'raw';
  /** Compression level (all eras use 6, Z_DEFAULT_COMPRESSION). */
  readonly level: number;
  /** windowBits for deflateInit2 (negative = raw). */
  readonly windowBits: number;
  readonly memLevel: number;
  /** windowBits for inflateInit2 on the read side. */
  readonly inflateWindowBits: number;
  /** ≤4.16 rejects output that is not smaller than the input (total_out >= total_in). */
  readonly mustShrink: boolean;
  /**
   * 4.17–6.5 inflate with Z_SYNC_FLUSH and, when zlib stops with all input used but room
   * left, feed one extra zero byte with Z_FINISH (crypto/deflate.c's USAGI workaround).
   */
  readonly cryptoFlush: boolean;
}

/** Algorithms the crypto-API era could be configured with (zbackends[] in platform.c). */
const CRYPTO_ERA_ALGORITHMS = ['deflate', 'lzo', 'lz4', 'lz4hc', '842', 'zstd'] as const;

/** What `pstore.compress=` takes from 6.6 on (allocate_buf_for_compression()). */
const ZLIB_ERA_ALGORITHMS = ['deflate', 'none'] as const;

/**
 * Every value some kernel's `pstore.compress=` knew. A name outside it is
 * a typo or a guess, never a configuration a real machine ran with, so it
 * is refused rather than given the era's fallback.
 */
const KNOWN_ANYWHERE: ReadonlySet<string> = new Set([
  ...CRYPTO_ERA_ALGORITHMS,
  ...ZLIB_ERA_ALGORITHMS
]);

/** What a kernel compresses dmesg records with: deflate, or one of the crypto API's others. */
export type PstoreAlgorithm = 'deflate' | CryptoAlgorithm;

/** Result of resolving `pstore.compress=` for one kernel. */
export interface CompressionChoice {
  /** The algorithm when dmesg records are compressed, null when compression is off. */
  readonly algorithm: PstoreAlgorithm | null;
  /** zlib parameters when the algorithm is deflate, else null. */
  readonly params: DeflateParams | null;
  /** What the kernel logs while choosing (e.g. 6.6+'s "falling back to deflate"). */
  readonly warning: string | null;
}

const ZLIB_WRAPPED: DeflateParams = {
  flavour: 'zlib-wrapped',
  format: 'zlib',
  level: 6,
  windowBits: 12,
  memLevel: 4,
  inflateWindowBits: 12,
  mustShrink: true,
  cryptoFlush: false
};

// crypto/deflate.c: DEFLATE_DEF_WINBITS 11, DEFLATE_DEF_MEMLEVEL MAX_MEM_LEVEL, which the
// kernel's include/linux/zconf.h sets to 8 (not zlib's usual 9).
const CRYPTO_DEFLATE: DeflateParams = {
  flavour: 'crypto-deflate',
  format: 'raw',
  level: 6,
  windowBits: -11,
  memLevel: 8,
  inflateWindowBits: -11,
  mustShrink: false,
  cryptoFlush: true
};

const ZLIB_RAW: DeflateParams = {
  flavour: 'zlib-raw',
  format: 'raw',
  level: 6,
  windowBits: -15,
  memLevel: 8,
  inflateWindowBits: -15,
  mustShrink: false,
  cryptoFlush: false
};

const OFF: CompressionChoice = { algorithm: null, params: null, warning: null };

/** A name no kernel knew, with what this kernel would do with it. */
function unknownName(name: string, v: KernelVersion, known: string, kernelDoes: string) {
  return new PstoreFormatError(
    'EINVAL',
    `pstore.compress=${JSON.stringify(name)} is not a compressor any kernel knows; kernel ` +
      `${versionString(v)} knows ${known}, and given this name it would ${kernelDoes}`
  );
}

/**
 * Resolves `pstore.compress=` (undefined = not given) for a kernel version.
 *
 * - before 3.11: pstore had no compression at all;
 * - 3.11–4.16: zlib is built in and always on by default; from 4.7 the build could choose
 *   lzo or lz4 instead (CONFIG_PSTORE_LZO_COMPRESS / _LZ4_COMPRESS, no module parameter):
 *   the name then stands for that Kconfig choice, run by the same code as 4.17's crypto API
 *   (lzo1x_1_compress(), LZ4; big_oops_buf their worst-case bound of bufsize);
 * - 4.17–6.5: the name is matched against the compiled-in zbackends (deflate, lzo, lz4,
 *   lz4hc, 842, zstd) and that algorithm compresses and expands dumps; `none` matches nothing
 *   and leaves compression off, which is what it means (the module parameter is 4.19+; on
 *   4.17–4.18 the name stands for the Kconfig choice of the build);
 * - 6.6+: `none` turns compression off, `deflate` keeps it; a name an older kernel knew
 *   (lzo … zstd) is logged and replaced by deflate, as the kernel does.
 * A name no kernel ever knew ("banana", "gzip", an empty value) is refused on every era,
 * naming the era's list and what that kernel would do with it.
 *
 * @throws PstoreFormatError EINVAL for a switch the era does not have (e.g. `none` before
 *   4.17, lzo before 4.7) or a name no kernel knew.
 * @see fs/pstore/platform.c pstore_choose_compression(), allocate_buf_for_compression()
 */
export function chooseCompression(v: KernelVersion, algorithm?: string): CompressionChoice {
  if (!atLeast(v, 3, 11)) {
    if (algorithm === undefined) return OFF;
    throw new PstoreFormatError(
      'EINVAL',
      `pstore.compress=${algorithm} on ${versionString(v)}: pstore compression appeared in 3.11 ` +
        '(this kernel knows no compressor at all)'
    );
  }
  if (!atLeast(v, 4, 17)) {
    if (algorithm === undefined || algorithm === 'zlib' || algorithm === 'deflate') {
      return { algorithm: 'deflate', params: ZLIB_WRAPPED, warning: null };
    }
    if ((algorithm === 'lzo' || algorithm === 'lz4') && atLeast(v, 4, 7)) {
      return { algorithm, params: null, warning: null };
    }
    throw new PstoreFormatError(
      'EINVAL',
      `pstore.compress=${algorithm} on ${versionString(v)}: kernels before 4.17 have no ` +
        'pstore.compress parameter (the kernel ignores the word); the compressor is fixed at ' +
        (atLeast(v, 4, 7)
          ? 'build time: zlib by default, lzo or lz4 (give zlib for the default, lzo or lz4 for ' +
            'CONFIG_PSTORE_LZO_COMPRESS or CONFIG_PSTORE_LZ4_COMPRESS)'
          : 'build time, and before 4.7 it is always zlib (give zlib)')
    );
  }
  if (!atLeast(v, 6, 6)) {
    const name = algorithm ?? 'deflate'; // CONFIG_PSTORE_COMPRESS_DEFAULT defaults to deflate
    if (name === 'deflate') return { algorithm: 'deflate', params: CRYPTO_DEFLATE, warning: null };
    const crypto = CRYPTO_ALGORITHMS.find((a) => a === name);
    if (crypto) return { algorithm: crypto, params: null, warning: null };
    // "none" is no zbackend either: nothing matches, zbackend stays NULL and
    // big_oops_buf is never allocated, which is exactly what none asks for.
    if (name === 'none') return OFF;
    throw unknownName(
      name,
      v,
      `${CRYPTO_ERA_ALGORITHMS.join(', ')} (none to store dumps uncompressed)`,
      'match no zbackend and store dumps uncompressed (write none for that)'
    );
  }
  if (algorithm === 'none') return OFF;
  if (algorithm === undefined || algorithm === 'deflate') {
    return { algorithm: 'deflate', params: ZLIB_RAW, warning: null };
  }
  const fallback = `Unsupported compression '${algorithm}', falling back to deflate`;
  if (!KNOWN_ANYWHERE.has(algorithm)) {
    throw unknownName(
      algorithm,
      v,
      ZLIB_ERA_ALGORITHMS.join(' and '),
      `log "${fallback}" and deflate (write deflate for that)`
    );
  }
  return { algorithm: 'deflate', params: ZLIB_RAW, warning: fallback };
}
