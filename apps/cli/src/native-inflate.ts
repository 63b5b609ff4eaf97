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

export const nodeInflate: NativeInflate = (stream, windowBits, limit) => {
  try {
    const out =
      windowBits < 0
        ? inflateRawSync(stream, { windowBits: -windowBits, maxOutputLength: limit })
        : inflateSync(stream, { windowBits, maxOutputLength: limit });
    return new Uint8Array(out.buffer, out.byteOffset, out.length);
  } catch {
    return null;
  }
};
