/**
 * Node's zlib as the reader's inflate: the same streams, the same results as
 * the built-in (browser-safe) inflate of @pstore/pstore-fs — the text, or
 * null where the kernel's zlib_inflate() fails (a bad or truncated stream,
 * more output than the limit) — at native speed. The decoders of `pstore
 * decode`, `decode --backend blk` and `inflate` pass it to pstoreCompressor().
 * Kernel counterpart: lib/zlib_inflate, as fs/pstore/platform.c
 * decompress_record() calls it.
 */
import { inflateRawSync, inflateSync } from 'node:zlib';
import type { NativeInflate } from '@pstore/pstore-fs';

/** zlib's default chunk: the floor, so small streams allocate no less than before. */
const MIN_CHUNK = 16 * 1024;

/**
 * zlib's output comes in chunks that are joined by a copy at the end: 16 KiB
 * by default, several chunks for a 16 KiB stream of text. One chunk of 8× the
 * stream (at most the limit, which the output cannot pass) holds a kernel
 * log whole (deflate at level 3 shrinks one 3–6×), with `room` after it for
 * the ECC notice decompress_record() appends: the text is then written once.
 * A 64 MiB region of dumps decodes ~15 % faster than with joined chunks and
 * a copy for the notice. Only the chunk's written pages are touched, so the
 * slack costs address space, not memory.
 */
function inflate(
  stream: Uint8Array,
  windowBits: number,
  limit: number,
  room = 0
): Uint8Array | null {
  const chunkSize = Math.max(MIN_CHUNK, Math.min(limit, 8 * stream.length) + room);
  let out: Buffer;
  try {
    out =
      windowBits < 0
        ? inflateRawSync(stream, { windowBits: -windowBits, maxOutputLength: limit, chunkSize })
        : inflateSync(stream, { windowBits, maxOutputLength: limit, chunkSize });
  } catch {
    return null;
  }
  // One chunk: a buffer of this call's own (Node pools only buffers under
  // 4 KiB), with the room after the text. Anything else (chunks joined) is
  // copied into one that has it.
  const own = out.byteOffset === 0 && out.buffer.byteLength === chunkSize;
  if (own && chunkSize - out.length >= room) {
    return new Uint8Array(out.buffer, 0, out.length);
  }
  const text = new Uint8Array(out.length + room);
  text.set(out);
  return text.subarray(0, out.length);
}

export const nodeInflate: NativeInflate = Object.assign(inflate, { leavesRoom: true as const });
