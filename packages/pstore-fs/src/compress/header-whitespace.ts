/**
 * Writer-side guard against the ramoops header whitespace quirk (PSTORE-SPEC §4.1,
 * WORKED-EXAMPLES §C2). The reader parses `====<sec>.<usec>-C\n` with sscanf, whose "\n"
 * matches any run of whitespace; a compressed stream whose first byte is kernel-isspace()
 * therefore loses that byte to the header and no longer inflates (the kernel then shows
 * `dmesg-ramoops-N.enc.z`). Raw deflate hits this for small dumps: a fixed-Huffman first
 * block starting with 'P' ("Panic#1 …"), 'S' or 'U' begins with 0x0A/0x0B, a dynamic block
 * with 258 literal/length codes with 0x0C/0x0D.
 *
 * The fix is a non-final empty stored block in front of the stream (`00 00 00 ff ff`): the
 * first byte becomes 0x00, every deflate reader skips the empty block, and the original
 * blocks follow unchanged because a stored block ends on a byte boundary. zlib-wrapped
 * streams (≤4.16) start with the CMF byte 0x48 and never need it.
 * Kernel counterpart: fs/pstore/ram.c ramoops_read_kmsg_hdr() (the reader being
 * accommodated) and lib/ctype.c (_ctype: which bytes are spaces).
 */
import { PstoreFormatError } from '../format-error.ts';

/** Empty, non-final stored block: BFINAL=0 BTYPE=00, LEN=0x0000, NLEN=0xffff. */
export const EMPTY_STORED_BLOCK: Readonly<Uint8Array> = Uint8Array.of(0x00, 0x00, 0x00, 0xff, 0xff);

/** Kernel isspace(): 0x09–0x0D, 0x20 and Latin-1 NBSP 0xA0 (lib/ctype.c). */
export function isKernelSpace(byte: number): boolean {
  return (byte >= 0x09 && byte <= 0x0d) || byte === 0x20 || byte === 0xa0;
}

/**
 * Returns a stream that survives the header parser: `stream` itself when its first byte is
 * not whitespace, else the same raw deflate data behind an empty stored block. Returns null
 * when the longer stream no longer fits in `limit` bytes (psinfo->bufsize); the caller then
 * stores the record uncompressed.
 * @throws PstoreFormatError EINVAL for an empty stream or a zlib-wrapped stream that starts
 *   with whitespace (no valid RFC 1950 header does).
 */
export function avoidHeaderWhitespace(
  stream: Uint8Array,
  format: 'zlib' | 'raw',
  limit: number
): Uint8Array | null {
  const first = stream[0];
  if (first === undefined) {
    throw new PstoreFormatError('EINVAL', 'empty compressed stream: nothing to guard');
  }
  if (!isKernelSpace(first)) return stream;
  if (format === 'zlib') {
    throw new PstoreFormatError(
      'EINVAL',
      `zlib stream starts with 0x${first.toString(16).padStart(2, '0')}, which is not a valid ` +
        'RFC 1950 CMF byte (deflate needs CM=8)'
    );
  }
  if (stream.length + EMPTY_STORED_BLOCK.length > limit) return null;
  const out = new Uint8Array(stream.length + EMPTY_STORED_BLOCK.length);
  out.set(EMPTY_STORED_BLOCK, 0);
  out.set(stream, EMPTY_STORED_BLOCK.length);
  return out;
}
