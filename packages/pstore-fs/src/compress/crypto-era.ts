/**
 * Which versions of lib/lzo and lib/zstd a kernel carries, where they change what pstore sees
 * with the crypto API's compressors (4.17–6.5), and whether its lzo compressor checks the
 * output bound.
 * Kernel counterpart: lib/lzo (the LZO-RLE series of 5.1; CVE-2025-38068's fix, "crypto: lzo -
 * Fix compression buffer overrun"), lib/zstd (the zstd 1.4.10 upgrade of 5.16).
 */
import type { CryptoEra } from '@pstore/crypto-compress';
import { atLeast, compareVersion, type KernelVersion } from '../era-version.ts';

/** lib/lzo and lib/zstd of kernel `v`. */
export function cryptoEra(v: KernelVersion): CryptoEra {
  return { lzoRle: atLeast(v, 5, 1), zstd14: atLeast(v, 5, 16) };
}

/**
 * True when crypto/lzo.c calls lzo1x_1_compress_safe(), which fails on a full buffer. Before,
 * lzo1x_1_compress() wrote its whole stream past psinfo->buf. The fix (mainline 6.16) reached
 * the stable branches at 5.15.185, 6.1.141, 6.6.93, 6.12.31 and 6.14.9 (CVE-2025-38068's
 * affected ranges); 4.19, 5.4 and 5.10 are counted unfixed (their backports, if any, are not
 * dated here), as are 5.16–6.0 and 6.2–6.5, whose branches had ended.
 */
export function lzoChecksBound(v: KernelVersion): boolean {
  if (v.major === 5 && v.minor === 15) return compareVersion(v, 5, 15, 185) >= 0;
  if (v.major === 6 && v.minor === 1) return compareVersion(v, 6, 1, 141) >= 0;
  return atLeast(v, 6, 6);
}
