/**
 * LZ4 raw blocks, as the crypto API's "lz4" and "lz4hc" pass them to pstore: no frame, no
 * checksum, no length; just sequences of (token, literals, offset, match) ending in literals.
 * Decoding follows LZ4_decompress_safe(): every bound is checked against the input end and the
 * caller's output capacity, and a stream that breaks the format's end rules is refused.
 * Kernel counterpart: crypto/lz4.c, crypto/lz4hc.c (LZ4_compress_default / LZ4_compress_HC,
 * LZ4_decompress_safe), lib/lz4/lz4_decompress.c, include/linux/lz4.h (LZ4_compressBound).
 */
import {
  encodeAvoiding,
  lz77Parse,
  type CompressOptions,
  type Lz77Limits,
  type Lz77Parse
} from './lz77.ts';

/** Output bytes that must be literals at the end of a block (LASTLITERALS). */
const LASTLITERALS = 5;
/** A match must start this far before the block's end (MFLIMIT). */
const MFLIMIT = 12;
const MINMATCH = 4;
/** LZ4_MAX_INPUT_SIZE: LZ4_compressBound() is 0 beyond it. */
const LZ4_MAX_INPUT_SIZE = 0x7e000000;

/**
 * LZ4_COMPRESSBOUND(isize): the largest block LZ4 can make from `isize` bytes, and so the size
 * of pstore's big_oops_buf for lz4 and lz4hc (zbufsize_lz4()).
 */
export function lz4CompressBound(isize: number): number {
  if (isize > LZ4_MAX_INPUT_SIZE) return 0;
  return isize + Math.floor(isize / 255) + 16;
}

/**
 * LZ4_decompress_safe(src, dst, srcSize, maxOut). Returns the output, or null where the kernel
 * returns a negative value (crypto/lz4.c then fails with -EINVAL): truncated or overlong input,
 * an offset before the output's start (or 0), more output than `maxOut`, a literal run that
 * does not end exactly at the input's end where the format says the block ends, a match
 * reaching into the last 5 bytes of the output capacity.
 */
export function lz4DecompressSafe(src: Uint8Array, maxOut: number): Uint8Array | null {
  const out = new Uint8Array(maxOut);
  const iend = src.length;
  const oend = maxOut;
  let ip = 0;
  let op = 0;
  if (iend === 0) return null;
  for (;;) {
    const token = src[ip++];
    if (token === undefined) return null;
    let length = token >>> 4;
    if (length === 15) {
      for (;;) {
        const s = src[ip++];
        if (s === undefined) return null;
        length += s;
        if (s !== 255) break;
      }
    }
    const cpy = op + length;
    if (cpy > oend - MFLIMIT || ip + length > iend - (2 + 1 + LASTLITERALS)) {
      // The last literals: the block must end exactly here.
      if (ip + length !== iend || cpy > oend) return null;
      out.set(src.subarray(ip, ip + length), op);
      op = cpy;
      break;
    }
    out.set(src.subarray(ip, ip + length), op);
    ip += length;
    op = cpy;
    const offset = src[ip]! | (src[ip + 1]! << 8);
    ip += 2;
    // lib/lz4 1.8 does not refuse offset 0 (it copies whatever the buffer held); newer LZ4
    // does. Its output would be undefined bytes, so it counts as a failure here.
    if (offset === 0 || offset > op) return null;
    let mlen = token & 15;
    if (mlen === 15) {
      for (;;) {
        const s = src[ip++];
        if (s === undefined || ip > iend - LASTLITERALS) return null;
        mlen += s;
        if (s !== 255) break;
      }
    }
    mlen += MINMATCH;
    const mend = op + mlen;
    // "last LASTLITERALS bytes must be literals" against the output capacity.
    if (mend > oend - LASTLITERALS) return null;
    for (let m = op - offset; op < mend;) out[op++] = out[m++]!;
  }
  return out.slice(0, op);
}

/** What one LZ4 block may contain (the rules LZ4_decompress_safe enforces). */
function lz4Limits(depth: number): Lz77Limits {
  return {
    minMatch: MINMATCH,
    maxOffset: 65535,
    maxMatch: Number.MAX_SAFE_INTEGER,
    matchStartMargin: MFLIMIT,
    matchEndMargin: LASTLITERALS,
    depth
  };
}

function putLength(out: number[], len: number): void {
  while (len >= 255) {
    out.push(255);
    len -= 255;
  }
  out.push(len);
}

function encodeBlock(src: Uint8Array, parse: Lz77Parse): Uint8Array {
  const out: number[] = [];
  let pos = 0;
  const literals = (n: number): void => {
    for (let k = 0; k < n; k++) out.push(src[pos + k]!);
    pos += n;
  };
  for (const seq of parse.sequences) {
    const ml = seq.matchLen - MINMATCH;
    out.push((Math.min(seq.litLen, 15) << 4) | Math.min(ml, 15));
    if (seq.litLen >= 15) putLength(out, seq.litLen - 15);
    literals(seq.litLen);
    out.push(seq.offset & 0xff, seq.offset >>> 8);
    if (ml >= 15) putLength(out, ml - 15);
    pos += seq.matchLen;
  }
  out.push(Math.min(parse.tailLen, 15) << 4);
  if (parse.tailLen >= 15) putLength(out, parse.tailLen - 15);
  literals(parse.tailLen);
  return Uint8Array.from(out);
}

/**
 * Compresses `src` into one LZ4 block of at most `maxOut` bytes, or returns null where
 * LZ4_compress_default() returns 0 (the block would not fit: crypto/lz4.c fails with -EINVAL).
 * Fast mode: one hash candidate per position, like LZ4's acceleration 1.
 */
export function lz4Compress(
  src: Uint8Array,
  maxOut: number,
  options?: CompressOptions
): Uint8Array | null {
  const out = encodeAvoiding(lz77Parse(src, lz4Limits(1)), (p) => encodeBlock(src, p), options);
  return out.length <= maxOut ? out : null;
}

/**
 * LZ4HC: the same block format, with a deeper search (64 chain candidates). The kernel's
 * LZ4_compress_HC() at LZ4HC_DEFAULT_CLEVEL (9) also parses lazily; this one is greedy.
 */
export function lz4hcCompress(
  src: Uint8Array,
  maxOut: number,
  options?: CompressOptions
): Uint8Array | null {
  const out = encodeAvoiding(lz77Parse(src, lz4Limits(64)), (p) => encodeBlock(src, p), options);
  return out.length <= maxOut ? out : null;
}
