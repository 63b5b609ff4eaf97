/**
 * One-shot deflate/inflate exactly as the kernel drives lib/zlib for pstore: the whole
 * input and a fixed-size output buffer in a single call, success only on Z_STREAM_END.
 * Uses pako's low-level zlib port (the same algorithms and return codes as zlib) instead
 * of pako's chunked convenience wrappers, because the chunking changes what succeeds:
 *
 * - The output limit must be a hard limit (the kernel fails when the buffer fills up);
 *   a chunked wrapper would just allocate another chunk.
 * - zlib checks a match distance only against the bytes written *in the current call*
 *   plus its sliding window. With one call into one big buffer every earlier byte is in
 *   reach, so a stream made with a 32 KiB window inflates fine with windowBits −11: the
 *   kernel's window size is not enforced (PSTORE-SPEC §4.3). A chunked inflate refills
 *   the window between chunks and can then reject such a distance as "too far back".
 *
 * Kernel counterpart: fs/pstore/platform.c compress_zlib()/decompress_zlib() (≤4.16),
 * pstore_compress()/decompress_record() (6.6+); crypto/deflate.c __deflate_compress() and
 * __deflate_decompress() (4.17–6.5).
 */
import {
  ZStream,
  Z_DEFAULT_STRATEGY,
  Z_FINISH,
  Z_OK,
  Z_STREAM_END,
  Z_SYNC_FLUSH,
  zlibDeflate,
  zlibDeflateEnd,
  zlibDeflateInit2,
  zlibInflate,
  zlibInflateEnd,
  zlibInflateInit2
} from 'pako';
import type { DeflateParams } from './params.ts';

const Z_DEFLATED = 8;

function checkInit(status: number, what: string): void {
  // Only reachable with parameters no kernel era uses: a programming error, not bad data.
  if (status !== Z_OK) throw new Error(`${what} rejected the era's parameters (zlib ${status})`);
}

/**
 * Deflates `input` into at most `outlen` bytes. Returns null when the stream does not fit
 * (zlib_deflate(Z_FINISH) did not reach Z_STREAM_END) — the kernel's compression failure.
 */
export function deflateOneShot(
  input: Uint8Array,
  params: DeflateParams,
  outlen: number
): Uint8Array | null {
  const strm = new ZStream();
  // legacyHash: zlib's classic hash chain, i.e. the output canonical zlib (and the
  // kernel's zlib fork) would produce, rather than pako's faster alternative.
  checkInit(
    zlibDeflateInit2(
      strm,
      params.level,
      Z_DEFLATED,
      params.windowBits,
      params.memLevel,
      Z_DEFAULT_STRATEGY,
      true
    ),
    'deflateInit2'
  );
  strm.input = input;
  strm.next_in = 0;
  strm.avail_in = input.length;
  strm.output = new Uint8Array(outlen);
  strm.next_out = 0;
  strm.avail_out = outlen;
  const status = zlibDeflate(strm, Z_FINISH);
  zlibDeflateEnd(strm);
  if (status !== Z_STREAM_END) return null;
  return strm.output.slice(0, strm.total_out);
}

/**
 * Inflates `stream` into at most `outlen` bytes in one call. Returns null wherever the
 * kernel's inflate fails: bad header or data, a truncated stream, or more output than
 * `outlen`. Bytes after the end of the deflate stream are ignored, as zlib does.
 * With `room`, the text starts a buffer of its own with that many free bytes after it.
 */
export function inflateOneShot(
  stream: Uint8Array,
  params: DeflateParams,
  outlen: number,
  room = 0
): Uint8Array | null {
  const strm = new ZStream();
  checkInit(zlibInflateInit2(strm, params.inflateWindowBits), 'inflateInit2');
  strm.input = stream;
  strm.next_in = 0;
  strm.avail_in = stream.length;
  strm.output = new Uint8Array(outlen);
  strm.next_out = 0;
  strm.avail_out = outlen;
  let status = zlibInflate(strm, params.cryptoFlush ? Z_SYNC_FLUSH : Z_FINISH);
  if (params.cryptoFlush && status === Z_OK && strm.avail_in === 0 && strm.avail_out > 0) {
    // crypto/deflate.c: raw inflate sometimes wants "an extra byte"; give it one zero byte.
    strm.input = Uint8Array.of(0);
    strm.next_in = 0;
    strm.avail_in = 1;
    status = zlibInflate(strm, Z_FINISH);
  }
  zlibInflateEnd(strm);
  if (status !== Z_STREAM_END) return null;
  // A copy of the exact size either way: the output buffer is outlen bytes.
  if (room === 0) return strm.output.slice(0, strm.total_out);
  return withRoom(strm.output.subarray(0, strm.total_out), room);
}

/**
 * `text` at the start of a new buffer with `room` free bytes after it (the
 * one copy an expanded dump with an ECC notice needs when the inflate did not
 * leave the room itself; PstoreCompressor.decompress()).
 */
export function withRoom(text: Uint8Array, room: number): Uint8Array {
  if (room === 0) return text;
  const out = new Uint8Array(text.length + room);
  out.set(text);
  return out.subarray(0, text.length);
}
