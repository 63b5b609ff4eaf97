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

export const nodeInflate: NativeInflate = (stream, windowBits, limit) => {
  // zlib's output comes in chunks that are joined at the end: 16 KiB by
  // default, several chunks and a copy for a 16 KiB stream of text. A chunk
  // of 4× the stream holds most dumps whole (a full 64 MiB region inflated
  // in 40 % less time); at most the limit, which the output cannot pass.
  const chunkSize = Math.max(MIN_CHUNK, Math.min(limit, 4 * stream.length));
  try {
    const out =
      windowBits < 0
        ? inflateRawSync(stream, { windowBits: -windowBits, maxOutputLength: limit, chunkSize })
        : inflateSync(stream, { windowBits, maxOutputLength: limit, chunkSize });
    return new Uint8Array(out.buffer, out.byteOffset, out.length);
  } catch {
    return null;
  }
};
