/**
 * zstd decoding with the kernel's failure rules, on top of fzstd (pure JS, Node and browsers).
 * crypto/zstd.c hands the whole record to ZSTD_decompressDCtx() with a fixed output capacity:
 * every frame must be well formed and complete, the input must end exactly where the last
 * frame ends, a content checksum (when flagged) must match, no dictionary can be used, the
 * window may not exceed 128 MiB, and the output may not exceed the capacity. fzstd decodes
 * the blocks; this file walks the frames itself to enforce the rest, and stops fzstd as soon
 * as the output passes the limit so a hostile stream costs no more than the limit.
 * Kernel counterpart: crypto/zstd.c (__zstd_decompress), lib/zstd/decompress.c
 * (ZSTD_decompressDCtx, ZSTD_decompressMultiFrame, ZSTD_getFrameParams).
 */
import { Decompress } from 'fzstd';
import { xxh64 } from './xxhash64.ts';

/** 28 B5 2F FD, little-endian 0xFD2FB528. */
export const ZSTD_MAGIC = Uint8Array.of(0x28, 0xb5, 0x2f, 0xfd);
/** Skippable frames: 0x184D2A50..0x184D2A5F. */
const SKIPPABLE_MASK = 0xfffffff0;
const SKIPPABLE_START = 0x184d2a50;
/** ZSTD_WINDOWLOG_LIMIT_DEFAULT (27): the decoder's largest window. */
const MAX_WINDOW = 2 ** 27 + 1;
const BLOCK_SIZE_MAX = 128 * 1024;

function le32(b: Uint8Array, i: number): number {
  return (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0;
}

/** True when `src` starts with the zstd frame magic (what probing looks for first). */
export function hasZstdMagic(src: Uint8Array): boolean {
  return ZSTD_MAGIC.every((b, i) => src[i] === b);
}

interface FrameInfo {
  /** Bytes of the whole frame, checksum included. */
  readonly size: number;
  readonly contentSize: number | null;
  readonly checksum: number | null;
}

/** Walks one frame's header and blocks without decoding them; null if malformed. */
function frameInfo(src: Uint8Array, at: number): FrameInfo | null {
  let p = at + 4;
  const fhd = src[p++];
  if (fhd === undefined) return null;
  const fcsFlag = fhd >>> 6;
  const single = (fhd >>> 5) & 1;
  if (fhd & 0x08) return null; // reserved bit
  const hasChecksum = (fhd >>> 2) & 1;
  const dictIdSize = [0, 1, 2, 4][fhd & 3]!;
  let window = 0;
  if (!single) {
    const wd = src[p++];
    if (wd === undefined) return null;
    const base = 2 ** (10 + (wd >>> 3));
    window = base + (base / 8) * (wd & 7);
  }
  let dictId = 0;
  for (let k = 0; k < dictIdSize; k++) {
    const b = src[p++];
    if (b === undefined) return null;
    dictId += b * 2 ** (8 * k);
  }
  // No dictionary is ever loaded: a frame that names one fails (dictionary_wrong).
  if (dictId !== 0) return null;
  const fcsSize = [single ? 1 : 0, 2, 4, 8][fcsFlag]!;
  let contentSize: number | null = null;
  if (fcsSize > 0) {
    if (p + fcsSize > src.length) return null;
    let v = 0;
    for (let k = 0; k < fcsSize; k++) v += src[p + k]! * 2 ** (8 * k);
    contentSize = fcsSize === 2 ? v + 256 : v;
    p += fcsSize;
  }
  if (single) window = contentSize ?? 0;
  if (window > MAX_WINDOW) return null;
  const blockMax = Math.min(Math.max(window, 1), BLOCK_SIZE_MAX);
  for (;;) {
    if (p + 3 > src.length) return null;
    const bh = src[p]! | (src[p + 1]! << 8) | (src[p + 2]! << 16);
    p += 3;
    const last = bh & 1;
    const type = (bh >>> 1) & 3;
    const size = bh >>> 3;
    if (type === 3 || size > blockMax) return null;
    p += type === 1 ? 1 : size;
    if (p > src.length) return null;
    if (last) break;
  }
  let checksum: number | null = null;
  if (hasChecksum) {
    if (p + 4 > src.length) return null;
    checksum = le32(src, p);
    p += 4;
  }
  return { size: p - at, contentSize, checksum };
}

class OverLimit extends Error {}

/** Decodes one frame's blocks with fzstd, giving up as soon as `room` bytes are exceeded. */
function decodeFrame(frame: Uint8Array, room: number): Uint8Array | null {
  const parts: Uint8Array[] = [];
  let total = 0;
  const d = new Decompress((chunk) => {
    total += chunk.length;
    if (total > room) throw new OverLimit();
    parts.push(chunk.slice());
  });
  try {
    d.push(frame, true);
  } catch {
    return null;
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/**
 * ZSTD_decompressDCtx(src, maxOut): every zstd (and skippable) frame in `src`, concatenated.
 * Returns null where the kernel's decoder returns an error (crypto/zstd.c: -EINVAL). Never
 * throws, and stops decoding once the output passes `maxOut`.
 */
export function zstdDecompress(src: Uint8Array, maxOut: number): Uint8Array | null {
  const outputs: Uint8Array[] = [];
  let total = 0;
  let p = 0;
  if (src.length === 0) return null;
  while (p < src.length) {
    // ZSTD_decompressMultiFrame: fewer bytes than a frame prefix left over is srcSize_wrong.
    if (src.length - p < 5) return null;
    const magic = le32(src, p);
    if ((magic & SKIPPABLE_MASK) >>> 0 === SKIPPABLE_START) {
      if (src.length - p < 8) return null;
      p += 8 + le32(src, p + 4);
      if (p > src.length) return null;
      continue;
    }
    if (!hasZstdMagic(src.subarray(p))) return null;
    const info = frameInfo(src, p);
    if (info === null) return null;
    if (info.contentSize !== null && info.contentSize > maxOut - total) return null;
    const out = decodeFrame(src.subarray(p, p + info.size), maxOut - total);
    if (out === null) return null;
    if (info.contentSize !== null && out.length !== info.contentSize) return null;
    if (info.checksum !== null && Number(xxh64(out) & 0xffffffffn) !== info.checksum) return null;
    outputs.push(out);
    total += out.length;
    p += info.size;
  }
  const result = new Uint8Array(total);
  let at = 0;
  for (const o of outputs) {
    result.set(o, at);
    at += o.length;
  }
  return result;
}
