/**
 * @pstore/crypto-compress: the crypto API's lzo, lz4, lz4hc, 842 and zstd as pstore used them
 * (kernels 4.17–6.5). Re-exports only.
 */
export {
  CRYPTO_ALGORITHMS,
  cryptoCompressor,
  type CryptoAlgorithm,
  type CryptoCompressor,
  type CryptoEra
} from './algorithms.ts';
export type { CompressOptions } from './lz77.ts';
export { lz4Compress, lz4CompressBound, lz4DecompressSafe, lz4hcCompress } from './lz4.ts';
export {
  lzo1xCompress,
  lzo1xCompressUnbounded,
  lzo1xDecompressSafe,
  lzo1xWorstCompress,
  type LzoEra
} from './lzo.ts';
export { crc32Be, sw842Compress, sw842Decompress } from './sw842.ts';
export { zstdCompress, zstdCompressBound, type ZstdEra } from './zstd-compress.ts';
export { hasZstdMagic, zstdDecompress } from './zstd-decompress.ts';
