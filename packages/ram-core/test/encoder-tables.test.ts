/**
 * buildTables() (src/rs/encoder.ts) against the byte-serial port of
 * lib/reed_solomon: Tab_i[x] must be the parity of the message "x followed by
 * K−1−i zero bytes" for every x, not only for the single-bit inputs the
 * builder runs through the LFSR.
 */
import { describe, expect, it } from 'vitest';
import { createReferenceRsCodec } from '../src/index.ts';
import { buildTables } from '../src/rs/encoder.ts';
import { rsCode } from '../src/rs/params.ts';

/** Parity byte k of Tab_i[x], unpacked from its W words. */
function entry(tab: Int32Array, W: number, i: number, x: number, k: number): number {
  return (tab[(i * 256 + x) * W + (k >> 2)]! >>> ((k & 3) * 8)) & 255;
}

describe('buildTables', () => {
  for (const [nroots, poly] of [
    [16, 0x11d],
    [8, 0x11d],
    [5, 0x11d],
    [1, 0x11d],
    [16, 0x187],
    [32, 0x11d]
  ] as const) {
    it(`equals the byte-serial LFSR for every input byte (nroots ${nroots}, poly 0x${poly.toString(16)})`, () => {
      const K = Math.min(nroots, 16);
      const W = (nroots + 3) >> 2;
      const tab = buildTables(rsCode({ nroots, poly }), K, W);
      const ref = createReferenceRsCodec({ nroots, poly, fcr: 0, prim: 1 });
      for (let i = 0; i < K; i++) {
        const msg = new Uint8Array(K - i);
        for (let x = 0; x < 256; x++) {
          msg[0] = x;
          const par = ref.encode(msg);
          const got = Array.from({ length: nroots }, (_, k) => entry(tab, W, i, x, k));
          if (got.some((b, k) => b !== par[k])) {
            expect(got, `Tab_${i}[${x}]`).toEqual(Array.from(par));
          }
        }
      }
      // Bytes of a word beyond nroots stay zero (the encoders read whole words).
      for (let e = 0; e < K * 256; e++) {
        for (let k = nroots; k < W * 4; k++) expect(entry(tab, W, 0, e, k)).toBe(0);
      }
    });
  }
});
