/**
 * dmesg compression per kernel era (fs/pstore/platform.c): re-exports only.
 */
export {
  bigOopsBufSize,
  deflateRatioPercent,
  KMALLOC_MAX_SIZE,
  maxDecompressedSize
} from './buffer-size.ts';
export { pstoreCompressor, type PstoreCompressor } from './compressor.ts';
export { cryptoEra, lzoChecksBound } from './crypto-era.ts';
export { EMPTY_STORED_BLOCK, avoidHeaderWhitespace, isKernelSpace } from './header-whitespace.ts';
export { chooseCompression, type DeflateParams } from './params.ts';
export { deflateOneShot, inflateOneShot } from './zlib-oneshot.ts';
