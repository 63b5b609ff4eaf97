/**
 * Streams written by the reference C libraries decode with the decoders here: the same 16 KiB of
 * kernel log compressed by liblz4 1.9.4 (fast and HC level 12), liblzo2 2.10 (LZO1X-1 and
 * LZO1X-999, which uses the M1 forms our encoder never writes) and zstd 1.5.4 (levels 1, 3
 * and 19: Huffman literals, FSE tables of its own, repeat offsets, a content checksum), all
 * bare (no lz4 frame, no lzop header), as the kernel's libraries write them. The files were
 * made once with those libraries (python3-lz4, python3-lzo, the zstd command of Debian 12) and
 * are kept in test/fixtures/reference; the reverse direction, these libraries decoding what
 * our encoders write, was checked the same way (README, Verification).
 * Kernel counterpart: lib/lz4/lz4_decompress.c, lib/lzo/lzo1x_decompress_safe.c,
 * lib/zstd/decompress (same formats as the reference libraries).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lz4DecompressSafe, lzo1xDecompressSafe, zstdDecompress } from '../src/index.ts';

const fixture = (name: string): Uint8Array =>
  readFileSync(new URL(`fixtures/reference/${name}`, import.meta.url));

const text = fixture('kmsg-16k.txt');
const same = (out: Uint8Array | null): boolean =>
  out !== null && Buffer.compare(Buffer.from(out), Buffer.from(text)) === 0;

describe('reference library streams', () => {
  it.each([['kmsg-16k.liblz4-1.9.4.lz4'], ['kmsg-16k.liblz4-1.9.4-hc12.lz4']])(
    'LZ4_decompress_safe() semantics accept %s',
    (name) => {
      expect(same(lz4DecompressSafe(fixture(name), text.length))).toBe(true);
      expect(lz4DecompressSafe(fixture(name), text.length - 1)).toBeNull();
    }
  );

  it.each([['kmsg-16k.liblzo2-lzo1x_1.lzo'], ['kmsg-16k.liblzo2-lzo1x_999.lzo']])(
    'lzo1x_decompress_safe() semantics accept %s, with and without the 5.1 RLE reading',
    (name) => {
      for (const rle of [false, true]) {
        expect(same(lzo1xDecompressSafe(fixture(name), text.length, { rle }))).toBe(true);
      }
      expect(lzo1xDecompressSafe(fixture(name), text.length - 1, { rle: true })).toBeNull();
    }
  );

  it.each([['level1'], ['level3'], ['level19']])('zstd 1.5.4 %s frames decode', (level) => {
    const frame = fixture(`kmsg-16k.zstd-1.5.4-${level}.zst`);
    expect(same(zstdDecompress(frame, text.length))).toBe(true);
    expect(zstdDecompress(frame, text.length - 1)).toBeNull();
  });
});
