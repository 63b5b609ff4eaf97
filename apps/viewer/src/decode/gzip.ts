/**
 * Dumps often travel gzipped (`image.bin.gz`): the page takes them as they
 * are, inflated with the browser's own DecompressionStream, as `pstore
 * decode` inflates a .gz. A cap stops a gzip bomb before it fills memory.
 */

/** gzip's magic bytes (RFC 1952 ID1 ID2). */
export const isGzip = (b: Uint8Array): boolean => b.length > 2 && b[0] === 0x1f && b[1] === 0x8b;

/** Far beyond any pstore region (1–64 MiB on real boards), well within a tab's memory. */
const INFLATE_LIMIT = 1024 * 1024 * 1024;

export async function gunzip(bytes: Uint8Array, limit = INFLATE_LIMIT): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new DecompressionStream('gzip'));
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) {
      await reader.cancel();
      throw new Error(`it inflates to more than ${limit} bytes: not a pstore image`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
