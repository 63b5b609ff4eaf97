/**
 * LZO1X as the crypto API's "lzo" stores it: a bare LZO1X-1 stream ending in the 3-byte EOF
 * marker (0x11 0x00 0x00), no header, no length. Decoding follows lzo1x_decompress_safe():
 * every read and write is bounds-checked and anything but a clean end exactly at the input's
 * end fails. From 5.1 the decoder also takes the LZO-RLE bitstream (first byte 17 followed by
 * a version byte, zero runs coded in M4 instructions); crypto "lzo" never writes it.
 * Kernel counterpart: crypto/lzo.c, lib/lzo/lzo1x_decompress_safe.c, lib/lzo/lzodefs.h,
 * include/linux/lzo.h (lzo1x_worst_compress), lib/lzo/lzo1x_compress.c (the format written).
 */
import { encodeAvoiding, lz77Parse, type CompressOptions, type Lz77Parse } from './lz77.ts';

const M2_MAX_LEN = 8;
const M2_MAX_OFFSET = 0x0800;
const M3_MAX_OFFSET = 0x4000;
const M4_MAX_OFFSET = 0xbfff;
const M3_MARKER = 32;
const M4_MARKER = 16;
/** Shortest zero run an LZO-RLE M4 instruction codes (lzodefs.h MIN_ZERO_RUN_LENGTH). */
const MIN_ZERO_RUN_LENGTH = 4;

/** Which lzo1x_worst_compress() a kernel has. */
export interface LzoEra {
  /**
   * 5.1+ (the LZO-RLE series, "lib/lzo: implement run-length encoding"): the bound grew by 2
   * bytes and the decoder accepts the RLE bitstream.
   */
  readonly rle: boolean;
}

/**
 * lzo1x_worst_compress(x): `x + x/16 + 64 + 3` (+ 2 from 5.1). pstore sizes big_oops_buf with
 * it (zbufsize_lzo()), i.e. it gathers that much plain text for one bufsize record.
 */
export function lzo1xWorstCompress(x: number, era: LzoEra): number {
  return x + Math.floor(x / 16) + 64 + 3 + (era.rle ? 2 : 0);
}

/**
 * lzo1x_decompress_safe(src, maxOut). Returns the output, or null where the kernel returns an
 * LZO_E_* error (crypto/lzo.c then fails with -EINVAL): input overrun (truncated stream),
 * output overrun (more than `maxOut`), lookbehind overrun (a distance before the output's
 * start), no EOF marker, or input left over after it (LZO_E_INPUT_NOT_CONSUMED).
 */
export function lzo1xDecompressSafe(
  src: Uint8Array,
  maxOut: number,
  era: LzoEra
): Uint8Array | null {
  const out = new Uint8Array(maxOut);
  const inLen = src.length;
  let ip = 0;
  let op = 0;
  let state = 0;
  let t = 0;
  let next = 0;
  const needIp = (x: number): boolean => inLen - ip >= x;
  const needOp = (x: number): boolean => maxOut - op >= x;
  /** The 255-run length extension: zero bytes each add 255, the last byte adds itself. */
  const extend = (base: number): number | null => {
    let zeros = 0;
    for (;;) {
      if (!needIp(1)) return null;
      if (src[ip] !== 0) break;
      ip++;
      zeros++;
    }
    return base + zeros * 255 + src[ip++]!;
  };
  const copyLiterals = (n: number): boolean => {
    if (!needOp(n) || !needIp(n + 3)) return false;
    out.set(src.subarray(ip, ip + n), op);
    ip += n;
    op += n;
    return true;
  };
  if (inLen < 3) return null;
  let rle = false;
  if (era.rle && inLen >= 5 && src[0] === 17) {
    rle = src[1] !== 0;
    ip = 2;
  }
  let literalsFirst = false;
  if (src[ip]! > 17) {
    t = src[ip++]! - 17;
    if (t < 4) {
      next = t;
      if (!copyLiterals(t)) return null;
      state = next;
    } else {
      literalsFirst = true;
    }
  }
  for (;;) {
    if (literalsFirst) {
      literalsFirst = false;
      if (!copyLiterals(t)) return null;
      state = 4;
      continue;
    }
    if (!needIp(1)) return null;
    t = src[ip++]!;
    let mPos: number;
    if (t < 16) {
      if (state === 0) {
        if (t === 0) {
          const ext = extend(15);
          if (ext === null) return null;
          t = ext;
        }
        if (!copyLiterals(t + 3)) return null;
        state = 4;
        continue;
      }
      if (!needIp(1)) return null;
      next = t & 3;
      if (state !== 4) {
        // M1 after a short literal run: 2 bytes from at most 1024 back.
        mPos = op - 1 - (t >>> 2) - (src[ip++]! << 2);
        if (mPos < 0 || !needOp(2)) return null;
        out[op++] = out[mPos++]!;
        out[op++] = out[mPos]!;
        if (!copyLiterals(next)) return null;
        state = next;
        continue;
      }
      // M1 after a long literal run: 3 bytes from 2049..3072 back.
      mPos = op - (1 + M2_MAX_OFFSET) - (t >>> 2) - (src[ip++]! << 2);
      t = 3;
    } else if (t >= 64) {
      if (!needIp(1)) return null;
      next = t & 3;
      mPos = op - 1 - ((t >>> 2) & 7) - (src[ip++]! << 3);
      t = (t >>> 5) - 1 + 2;
    } else if (t >= 32) {
      t = (t & 31) + 2;
      if (t === 2) {
        const ext = extend(31);
        if (ext === null) return null;
        t = ext + 2;
      }
      if (!needIp(2)) return null;
      next = src[ip]! | (src[ip + 1]! << 8);
      ip += 2;
      mPos = op - 1 - (next >>> 2);
      next &= 3;
    } else {
      if (!needIp(2)) return null;
      next = src[ip]! | (src[ip + 1]! << 8);
      if (rle && (next & 0xfffc) === 0xfffc && (t & 0xf8) === 0x18) {
        // LZO-RLE: a run of zeros, 4..2051 bytes.
        if (!needIp(3)) return null;
        const run = ((t & 7) | (src[ip + 2]! << 3)) + MIN_ZERO_RUN_LENGTH;
        if (!needOp(run)) return null;
        op += run; // out is zero-filled
        next &= 3;
        ip += 3;
        if (!copyLiterals(next)) return null;
        state = next;
        continue;
      }
      mPos = op - ((t & 8) << 11);
      t = (t & 7) + 2;
      if (t === 2) {
        const ext = extend(7);
        if (ext === null) return null;
        t = ext + 2;
        if (!needIp(2)) return null;
        next = src[ip]! | (src[ip + 1]! << 8);
      }
      ip += 2;
      mPos -= next >>> 2;
      next &= 3;
      if (mPos === op) {
        // EOF: only the 3-byte marker (t == 3) ending exactly at the input's end is clean.
        if (t !== 3 || ip !== inLen) return null;
        return out.slice(0, op);
      }
      mPos -= 0x4000;
    }
    if (mPos < 0 || !needOp(t)) return null;
    for (let k = 0; k < t; k++) out[op++] = out[mPos++]!;
    if (!copyLiterals(next)) return null;
    state = next;
  }
}

/**
 * Encodes `src` as an LZO1X-1 stream (bitstream version 0, as crypto "lzo" writes) of any
 * length: lzo1x_1_compress() before CVE-2025-38068's fix never checked the output bound, and
 * pstore's callers need to see what it would have written.
 */
export function lzo1xCompressUnbounded(src: Uint8Array, options?: CompressOptions): Uint8Array {
  const parse = lz77Parse(src, {
    minMatch: 4,
    maxOffset: M4_MAX_OFFSET,
    maxMatch: Number.MAX_SAFE_INTEGER,
    matchStartMargin: 4,
    matchEndMargin: 0,
    depth: 1
  });
  return encodeAvoiding(parse, (p) => encodeLzo(src, p, options), options);
}

function encodeLzo(src: Uint8Array, parse: Lz77Parse, options?: CompressOptions): Uint8Array {
  const out: number[] = [];
  let pos = 0;
  /** Where the previous match's 2 "literals that follow" bits live, or -1 at the start. */
  let stateAt = -1;
  const putRun = (base: number, len: number): void => {
    let rest = len - base;
    out.push(0);
    while (rest > 255) {
      out.push(0);
      rest -= 255;
    }
    out.push(rest);
  };
  const literals = (n: number): void => {
    if (n === 0) return;
    // The first run's short form 17 + n is 0xA0 (NBSP, whitespace to the kernel) for 143:
    // the long form "0, n − 18" codes the same run from a 0 byte.
    if (stateAt < 0 && n <= 238 && !(n > 18 && options?.avoidFirstByte?.(17 + n))) {
      out.push(17 + n);
    } else if (n <= 3) {
      out[stateAt] = out[stateAt]! | n;
    } else if (n <= 18) {
      out.push(n - 3);
    } else {
      putRun(18, n);
    }
    for (let k = 0; k < n; k++) out.push(src[pos + k]!);
    pos += n;
  };
  for (const seq of parse.sequences) {
    literals(seq.litLen);
    const len = seq.matchLen;
    let off = seq.offset;
    if (len <= M2_MAX_LEN && off <= M2_MAX_OFFSET) {
      off -= 1;
      stateAt = out.length;
      out.push(((len - 1) << 5) | ((off & 7) << 2), off >>> 3);
    } else if (off <= M3_MAX_OFFSET) {
      off -= 1;
      if (len <= 33) out.push(M3_MARKER | (len - 2));
      else putRunMarker(out, M3_MARKER, len - 33);
      stateAt = out.length;
      out.push((off << 2) & 0xff, off >>> 6);
    } else {
      off -= 0x4000;
      const hi = (off >>> 11) & 8;
      if (len <= 9) out.push(M4_MARKER | hi | (len - 2));
      else putRunMarker(out, M4_MARKER | hi, len - 9);
      stateAt = out.length;
      out.push((off << 2) & 0xff, (off >>> 6) & 0xff);
    }
    pos += len;
  }
  literals(parse.tailLen);
  out.push(M4_MARKER | 1, 0, 0);
  return Uint8Array.from(out);
}

/** A long M3/M4 length: the marker byte with length bits 0, then the 255-run. */
function putRunMarker(out: number[], marker: number, rest: number): void {
  out.push(marker);
  while (rest > 255) {
    out.push(0);
    rest -= 255;
  }
  out.push(rest);
}

/**
 * Compresses into at most `maxOut` bytes, or returns null as lzo1x_1_compress_safe() fails
 * with LZO_E_OUTPUT_OVERRUN (crypto/lzo.c since CVE-2025-38068's fix: -EINVAL).
 */
export function lzo1xCompress(
  src: Uint8Array,
  maxOut: number,
  options?: CompressOptions
): Uint8Array | null {
  const out = lzo1xCompressUnbounded(src, options);
  return out.length <= maxOut ? out : null;
}
