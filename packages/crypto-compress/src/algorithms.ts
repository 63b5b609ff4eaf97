/**
 * The five crypto-API compressors pstore could be configured with besides deflate, as one
 * table: what each writes, reads, and how large pstore makes its buffers for it. The kernel
 * version matters twice (lzo's bound and its RLE decoding from 5.1, zstd's bound from 5.16),
 * so callers pass an era instead of a version: this package knows no kernel versions.
 * Kernel counterpart: the zbackends[] table and zbufsize_lzo/lz4/842/zstd() of
 * fs/pstore/platform.c (4.17–6.5), crypto_comp_compress()/crypto_comp_decompress() of
 * crypto/compress.c over crypto/{lzo,lz4,lz4hc,842,zstd}.c.
 */
import { lz4Compress, lz4CompressBound, lz4DecompressSafe, lz4hcCompress } from './lz4.ts';
import type { CompressOptions } from './lz77.ts';
import {
  lzo1xCompress,
  lzo1xCompressUnbounded,
  lzo1xDecompressSafe,
  lzo1xWorstCompress
} from './lzo.ts';
import { sw842Compress, sw842Decompress } from './sw842.ts';
import { zstdCompress, zstdCompressBound } from './zstd-compress.ts';
import { zstdDecompress } from './zstd-decompress.ts';

/** The crypto API names pstore matched `pstore.compress=` against, deflate aside. */
export const CRYPTO_ALGORITHMS = ['lzo', 'lz4', 'lz4hc', '842', 'zstd'] as const;
export type CryptoAlgorithm = (typeof CRYPTO_ALGORITHMS)[number];

/** The library versions a kernel carries, where they change what pstore sees. */
export interface CryptoEra {
  /** lib/lzo with LZO-RLE (5.1+): lzo1x_worst_compress() + 2, RLE streams decode. */
  readonly lzoRle: boolean;
  /** lib/zstd 1.4.10 (5.16+): ZSTD_COMPRESSBOUND instead of the 1.3.1 port's bound. */
  readonly zstd14: boolean;
}

/** One algorithm as the crypto API exposes it to pstore. */
export interface CryptoCompressor {
  readonly name: CryptoAlgorithm;
  /**
   * zbufsize_<name>(size): the worst-case compressed size of `size` bytes, which pstore uses
   * as the size of big_oops_buf (the plain text gathered per record) and as the read-side
   * output limit. 842's is `size` itself.
   */
  worstCase(size: number): number;
  /**
   * crypto_comp_compress(): the stream, or null when it does not fit in `maxOut` bytes.
   * `options.avoidFirstByte` is honoured by lzo, lz4 and lz4hc (zstd starts with its magic, 842
   * with a template number below 8: neither can start with whitespace).
   */
  compress(src: Uint8Array, maxOut: number, options?: CompressOptions): Uint8Array | null;
  /**
   * What the compressor writes with no output bound: the stream itself for lzo, whose
   * lzo1x_1_compress() wrote past the buffer before CVE-2025-38068's fix; the bounded result
   * (null beyond `maxOut`) for the others, which always checked.
   */
  compressUnchecked(src: Uint8Array, maxOut: number, options?: CompressOptions): Uint8Array | null;
  /** crypto_comp_decompress(): the text, or null wherever the kernel's decoder fails. */
  decompress(src: Uint8Array, maxOut: number): Uint8Array | null;
}

/** The compressor the crypto API gives pstore for `name` in a kernel of `era`. */
export function cryptoCompressor(name: CryptoAlgorithm, era: CryptoEra): CryptoCompressor {
  switch (name) {
    case 'lzo':
      return {
        name,
        worstCase: (size) => lzo1xWorstCompress(size, { rle: era.lzoRle }),
        compress: lzo1xCompress,
        compressUnchecked: (src, _maxOut, options) => lzo1xCompressUnbounded(src, options),
        decompress: (src, maxOut) => lzo1xDecompressSafe(src, maxOut, { rle: era.lzoRle })
      };
    case 'lz4':
      return {
        name,
        worstCase: lz4CompressBound,
        compress: lz4Compress,
        compressUnchecked: lz4Compress,
        decompress: lz4DecompressSafe
      };
    case 'lz4hc':
      return {
        name,
        worstCase: lz4CompressBound,
        compress: lz4hcCompress,
        compressUnchecked: lz4hcCompress,
        decompress: lz4DecompressSafe
      };
    case '842':
      return {
        name,
        worstCase: (size) => size,
        compress: sw842Compress,
        compressUnchecked: sw842Compress,
        decompress: sw842Decompress
      };
    case 'zstd':
      return {
        name,
        worstCase: (size) => zstdCompressBound(size, { zstd14: era.zstd14 }),
        compress: zstdCompress,
        compressUnchecked: zstdCompress,
        decompress: zstdDecompress
      };
  }
}
