/**
 * Short messages (≤ 16 bytes, the 12-byte zone header above all) encoded in
 * JS from the slice-by-16 tables (src/rs/short-message-parity.ts), and the
 * word copies around the WebAssembly encoder's calls: both against the
 * byte-serial port of lib/reed_solomon, for every nroots a zone can have,
 * several codes, and data in plain, shared and unaligned memory.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createReferenceRsCodec,
  createRsCodec,
  ERANGE,
  persistentRamHeader,
  type RsCodec
} from '../src/index.ts';
import { buildTables } from '../src/rs/encoder.ts';
import { rsCode, type RsParams } from '../src/rs/params.ts';
import { shortMessageParity } from '../src/rs/short-message-parity.ts';
import { createSimdEncoder } from '../src/rs/simd-encoder.ts';

/** Codes beyond ramoops' own (0x11d, fcr 0, prim 1); prims are units mod 255. */
const CODES: [name: string, code: Omit<RsParams, 'nroots'>][] = [
  ['0x11d, fcr 0, prim 1', { poly: 0x11d, fcr: 0, prim: 1 }],
  ['0x187, fcr 1, prim 1', { poly: 0x187, fcr: 1, prim: 1 }],
  ['0x12b, fcr 112, prim 11', { poly: 0x12b, fcr: 112, prim: 11 }],
  ['0x1f5, fcr 255, prim 13', { poly: 0x1f5, fcr: 255, prim: 13 }]
];

/** Codecs are costly to build (tables, a wasm instance): one per code. */
const codecs = new Map<string, { fast: RsCodec; ref: RsCodec }>();
function pair(params: RsParams): { fast: RsCodec; ref: RsCodec } {
  const key = JSON.stringify(params);
  let p = codecs.get(key);
  if (!p) {
    p = { fast: createRsCodec(params), ref: createReferenceRsCodec(params) };
    codecs.set(key, p);
  }
  return p;
}

/** The 12-byte header the way a zone stores it: sig, start, size. */
const header = fc
  .tuple(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.nat(), fc.nat(), fc.boolean())
  .map(([sig, start, size, le]) => persistentRamHeader(sig, start, size, le ? 'little' : 'big'));

describe('header parity (persistent_ram_update_header_ecc) against the straight port', () => {
  // Every nroots the SIMD encoder takes (1..16), under every code.
  const simdRange = Array.from({ length: 16 }, (_, i) => i + 1);
  it.each(CODES)('poly %s: random headers, nroots 1..16', (_name, code) => {
    const out = new Uint8Array(20);
    for (const nroots of simdRange) {
      const { fast, ref } = pair({ nroots, ...code });
      fc.assert(
        fc.property(header, fc.integer({ min: 0, max: 4 }), (h, at) => {
          out.fill(0xee);
          expect(fast.encodeInto(h, 0, 12, out, at)).toBe(0);
          expect(out.subarray(at, at + nroots)).toEqual(ref.encode(h));
          // Bytes around the parity stay untouched.
          expect(out.subarray(0, at).every((b) => b === 0xee)).toBe(true);
          expect(out.subarray(at + nroots).every((b) => b === 0xee)).toBe(true);
        }),
        { numRuns: 40 }
      );
    }
  });

  // Above 16 the JS encoder serves, as before; its tables grow with nroots,
  // so a sample: the smallest, ramoops-like sizes, the last that carries a
  // header (243) and those that cannot (encode_rs8's −ERANGE).
  it.each([17, 24, 32, 64, 128, 243, 244, 254])(
    'nroots %i: the port parity, or ERANGE',
    (nroots) => {
      const fast = createRsCodec({ nroots });
      const ref = createReferenceRsCodec({ nroots });
      const out = new Uint8Array(nroots);
      const want = new Uint8Array(nroots);
      fc.assert(
        fc.property(header, (h) => {
          out.fill(0xee);
          want.fill(0xee);
          const rc = fast.encodeInto(h, 0, 12, out, 0);
          expect(rc).toBe(ref.encodeInto(h, 0, 12, want, 0));
          expect(rc).toBe(nroots <= 243 ? 0 : ERANGE);
          expect(out).toEqual(want);
        }),
        { numRuns: 20 }
      );
    }
  );

  it('the decoder finds a clean header clean and corrects a flipped byte in it', () => {
    fc.assert(
      fc.property(
        header,
        fc.integer({ min: 0, max: 11 }),
        fc.integer({ min: 1, max: 255 }),
        (h, at, xor) => {
          const { fast } = pair({ nroots: 16 });
          const par = fast.encode(h);
          expect(fast.decode(h.slice(), par.slice())).toBe(0);
          const bad = h.slice();
          bad[at] = bad[at]! ^ xor;
          expect(fast.decode(bad, par.slice())).toBe(1);
          expect(bad).toEqual(h);
        }
      ),
      { numRuns: 100 }
    );
  });
});

describe('shortMessageParity() on its own tables', () => {
  it.each([1, 2, 5, 12, 16])('nroots %i: every length 1..16 equals the port', (nroots) => {
    const params = { nroots, poly: 0x12b, fcr: 3, prim: 7 };
    const tab = buildTables(rsCode(params), 16, 4);
    const ref = createReferenceRsCodec(params);
    const state = new Int32Array(6);
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 17, maxLength: 40 }), fc.nat(16), (buf, off) => {
        const len = 1 + ((off + buf.length) % 16);
        const start = off % (buf.length - len + 1);
        shortMessageParity(tab, 0, buf, start, len, state, 1);
        const got = new Uint8Array(nroots);
        for (let k = 0; k < nroots; k++) got[k] = state[1 + (k >> 2)]! >>> ((k & 3) * 8);
        expect(got).toEqual(ref.encode(buf.subarray(start, start + len)));
        // Lanes past nroots stay zero.
        for (let k = nroots; k < 16; k++) {
          expect((state[1 + (k >> 2)]! >>> ((k & 3) * 8)) & 255).toBe(0);
        }
      }),
      { numRuns: 100 }
    );
  });
});

describe('SIMD encoder calls on data in plain, shared and unaligned memory', () => {
  const kinds = ['plain', 'shared', 'offset 1', 'offset 2', 'offset 3'] as const;
  /** A byte array of `n` bytes of the given kind holding `fill`. */
  function place(kind: (typeof kinds)[number], fill: Uint8Array): Uint8Array {
    const skip = kind.startsWith('offset') ? Number(kind.slice(-1)) : 0;
    const buffer =
      kind === 'shared' ? new SharedArrayBuffer(fill.length + 8) : new ArrayBuffer(fill.length + 8);
    const a = new Uint8Array(buffer, skip, fill.length);
    a.set(fill);
    return a;
  }

  const rows = kinds.flatMap((kind) => [16, 7].map((nroots) => [kind, nroots] as const));
  it.each(rows)(
    '%s, nroots %i: encodeInto, encodeBlocks, parityEquals equal the port',
    (kind, nroots) => {
      const { fast, ref } = pair({ nroots });
      const simd = createSimdEncoder(rsCode({ nroots }), buildTables);
      if (!simd) throw new Error('WebAssembly SIMD is unavailable');
      fc.assert(
        fc.property(
          fc.uint8Array({ minLength: 1, maxLength: 700, size: 'max' }),
          fc.nat(),
          fc.nat(),
          fc.constantFrom(1, 4, 12, 16, 17, 64, 128, 239),
          (bytes, a, b, blockSize) => {
            const data = place(kind, bytes);
            const off = a % data.length;
            const len = 1 + (b % (data.length - off));
            // One message (≤ 239 bytes): short path, word copy or set().
            const one = Math.min(len, 239);
            const out = place(kind, new Uint8Array(nroots + 5));
            expect(fast.encodeInto(data, off, one, out, 3)).toBe(0);
            const want = ref.encode(data.slice(off, off + one));
            expect(out.subarray(3, 3 + nroots)).toEqual(want);
            expect(simd.parityEquals!(data, off, one, want, 0)).toBe(true);
            want[b % nroots] = want[b % nroots]! ^ 1;
            expect(simd.parityEquals!(data, off, one, want, 0)).toBe(false);
            // A batch: word copies up to 256 bytes, parity out word by word up to 4 blocks.
            const blocks = Math.ceil(len / blockSize);
            const par = place(kind, new Uint8Array(blocks * nroots + 2).fill(0xee));
            fast.encodeBlocks(data, off, len, blockSize, par, 1);
            const expected = new Uint8Array(blocks * nroots + 2).fill(0xee);
            ref.encodeBlocks(data, off, len, blockSize, expected, 1);
            expect(par).toEqual(expected);
          }
        ),
        { numRuns: 150 }
      );
    }
  );

  it('takes data from a new buffer after another (the cached word view follows)', () => {
    const { fast, ref } = pair({ nroots: 16 });
    const out = new Uint8Array(16);
    for (let i = 0; i < 20; i++) {
      const data = new Uint8Array(i % 2 ? new SharedArrayBuffer(132) : new ArrayBuffer(132));
      data.fill(i + 1, 4);
      fast.encodeInto(data, 4, 128, out, 0);
      expect(out).toEqual(ref.encode(data.subarray(4)));
    }
  });
});
