/**
 * The decoders against the kernel's own vectors (crypto/testmgr.h): each stream decodes to its
 * text, with the text's exact length as the limit (as alg_test_comp() passes it) and with
 * pstore's larger limits; one byte less than the text is refused.
 * Kernel counterpart: crypto/testmgr.c alg_test_comp() / test_comp().
 */
import { describe, expect, it } from 'vitest';
import {
  cryptoCompressor,
  lz4DecompressSafe,
  lzo1xDecompressSafe,
  zstdDecompress
} from '../src/index.ts';
import { TESTMGR_VECTORS, type TestmgrVector } from './testmgr-vectors.ts';

const text = (b: Uint8Array | null): string | null => (b ? new TextDecoder().decode(b) : null);

function decoder(v: TestmgrVector): (src: Uint8Array, maxOut: number) => Uint8Array | null {
  switch (v.alg) {
    case 'lz4':
    case 'lz4hc':
      return lz4DecompressSafe;
    case 'lzo':
      return (src, max) => lzo1xDecompressSafe(src, max, { rle: false });
    case 'lzo-rle':
      return (src, max) => lzo1xDecompressSafe(src, max, { rle: true });
    case 'zstd':
      return zstdDecompress;
  }
}

describe('crypto/testmgr.h vectors', () => {
  for (const v of TESTMGR_VECTORS) {
    it(`decodes ${v.alg} ${v.source} to its text`, () => {
      const decode = decoder(v);
      expect(text(decode(v.compressed, v.text.length))).toBe(v.text);
      expect(text(decode(v.compressed, 4 * v.text.length + 64))).toBe(v.text);
    });
    it(`refuses ${v.alg} ${v.source} with one byte less room than its text`, () => {
      expect(decoder(v)(v.compressed, v.text.length - 1)).toBeNull();
    });
  }

  it('reads the LZO-RLE bitstream only from 5.1 (lzo-rle vectors fail on an older decoder)', () => {
    for (const v of TESTMGR_VECTORS.filter((x) => x.alg === 'lzo-rle')) {
      expect(lzo1xDecompressSafe(v.compressed, 1000, { rle: false })).toBeNull();
      expect(text(lzo1xDecompressSafe(v.compressed, 1000, { rle: true }))).toBe(v.text);
    }
  });

  it('refuses a zstd frame whose content checksum does not match', () => {
    const v = TESTMGR_VECTORS.find((x) => x.source.startsWith('zstd_decomp_tv_template[0]'))!;
    const bad = v.compressed.slice();
    bad[bad.length - 1]! ^= 1;
    expect(zstdDecompress(bad, 1000)).toBeNull();
  });

  it('gives the same text through the cryptoCompressor() table', () => {
    for (const v of TESTMGR_VECTORS) {
      if (v.alg === 'lzo-rle') continue;
      const c = cryptoCompressor(v.alg, { lzoRle: true, zstd14: true });
      expect(text(c.decompress(v.compressed, c.worstCase(v.text.length)))).toBe(v.text);
    }
  });
});
