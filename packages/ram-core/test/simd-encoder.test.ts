/**
 * The WebAssembly SIMD encoder (src/rs/simd-encoder.ts) against the JS
 * table-driven encoder, the byte-serial port of lib/reed_solomon and the
 * kernel's own parity: every kernel variant, every length, batches, the
 * fused clean check, and the fallback to JS.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { hex, readVectorJson, skipMessage, vectorsAvailable } from '@pstore/test-vectors';
import { createReferenceRsCodec, createRsCodec, ERANGE } from '../src/index.ts';
import { createDecoder } from '../src/rs/decoder.ts';
import { buildTables, createEncoder, createJsEncoder, type RsEncoder } from '../src/rs/encoder.ts';
import { rsCode } from '../src/rs/params.ts';
import {
  createSimdEncoder,
  DEFAULT_KERNEL,
  simdAvailable,
  simdModuleBytes,
  type LaneMode,
  type SimdKernel,
  type TableBuilder
} from '../src/rs/simd-encoder.ts';
import { DEFAULT_SIMD_MODULE_BASE64 } from '../src/rs/simd-module.generated.ts';
import { sleb, uleb } from '../src/rs/wasm-emit.ts';

if (!vectorsAvailable) skipMessage();

/** The WebAssembly global, which the project's lib settings do not declare. */
const wasm = (globalThis as unknown as { WebAssembly: { validate(b: Uint8Array): boolean } })
  .WebAssembly;

/** Deterministic pseudo-random bytes. */
function bytes(n: number, seed = 1): Uint8Array {
  const out = new Uint8Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    out[i] = s >>> 24;
  }
  return out;
}

/** buildTables() once per code and slice, shared by all the kernel variants. */
const tableCache = new Map<string, Int32Array>();
const cachedTables: TableBuilder = (code, K, W) => {
  const key = `${code.nroots}/${code.poly}/${K}/${W}`;
  let t = tableCache.get(key);
  if (!t) tableCache.set(key, (t = buildTables(code, K, W)));
  return t;
};

function simd(nroots = 16, variant: Partial<SimdKernel> = {}, poly = 0x11d): RsEncoder {
  const enc = createSimdEncoder(rsCode({ nroots, poly }), cachedTables, variant);
  if (!enc) throw new Error('WebAssembly SIMD is unavailable');
  return enc;
}

/** toEqual() on large arrays is slow: compare bytes first, diff only on a mismatch. */
function expectSame(a: Uint8Array, b: Uint8Array, what?: string): void {
  if (a.length !== b.length || !Buffer.from(a).equals(Buffer.from(b))) expect(a, what).toEqual(b);
}

/** Parity of each block, one encodeInto() per block, on the JS encoder. */
function jsBlocks(
  js: RsEncoder,
  n: number,
  data: Uint8Array,
  off: number,
  len: number,
  bs: number
) {
  const out = new Uint8Array(Math.ceil(len / bs) * n + 8).fill(0xee);
  for (let pos = 0, b = 0; pos < len; pos += bs, b++) {
    js.encodeInto(data, off + pos, Math.min(bs, len - pos), out, 3 + b * n);
  }
  return out;
}

const VARIANTS: SimdKernel[] = [];
for (const mode of ['extract', 'store8', 'store16', 'scalar'] as LaneMode[]) {
  for (const ways of [1, 2, 3, 4]) {
    for (const slice of [16, 32] as const) {
      for (const wideSlice of ways === 1 ? [slice] : ([16, 32] as const)) {
        VARIANTS.push({ mode, ways, slice, wideSlice });
      }
    }
  }
}
const variantRows = VARIANTS.map((k) => [k.mode, k.ways, k.slice, k.wideSlice, k] as const);

describe('wasm-emit LEB128', () => {
  it('writes unsigned and signed LEB128 like the spec examples', () => {
    expect(uleb(0)).toEqual([0]);
    expect(uleb(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(sleb(-123456)).toEqual([0xc0, 0xbb, 0x78]);
    expect(sleb(-16)).toEqual([0x70]);
    expect(sleb(64)).toEqual([0xc0, 0x00]);
  });
});

describe('SIMD RS encoder', () => {
  it('runs on this runtime and is what createEncoder() picks for nroots ≤ 16', () => {
    expect(simdAvailable()).toBe(true);
    for (const kernel of VARIANTS) {
      expect(wasm.validate(simdModuleBytes(kernel))).toBe(true);
    }
    expect(createEncoder(rsCode({ nroots: 16 })).parityEquals).toBeTypeOf('function');
    expect(createEncoder(rsCode({ nroots: 16 }), { simd: false }).parityEquals).toBeUndefined();
    expect(createSimdEncoder(rsCode({ nroots: 17 }), buildTables)).toBeNull();
  });

  it('stays under the 4 KiB a browser compiles synchronously on its main thread', () => {
    expect(simdModuleBytes().length).toBeLessThan(4096);
  });

  it('equals the JS encoder and the straight port on every length 0..239 at odd offsets', () => {
    const code = rsCode({ nroots: 16 });
    const enc = simd();
    const js = createJsEncoder(code);
    const ref = createReferenceRsCodec({ nroots: 16 });
    const data = bytes(1024, 7);
    const a = new Uint8Array(20);
    const b = new Uint8Array(20);
    for (let len = 0; len <= 239; len++) {
      const off = (len * 37) % 700;
      expect(enc.encodeInto(data, off, len, a, 2)).toBe(0);
      expect(js.encodeInto(data, off, len, b, 2)).toBe(0);
      expect(a).toEqual(b);
      if (len > 0) expect(a.subarray(2, 18)).toEqual(ref.encode(data.slice(off, off + len)));
    }
  });

  it('equals the straight port on random data (fast-check)', () => {
    const enc = simd();
    const ref = createReferenceRsCodec({ nroots: 16 });
    const out = new Uint8Array(16);
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 239 }), (data) => {
        expect(enc.encodeInto(data, 0, data.length, out, 0)).toBe(0);
        expect(out).toEqual(ref.encode(data));
      }),
      { numRuns: 500 }
    );
  });

  it('refuses lengths beyond 239 with ERANGE and zero-filled parity, like the JS encoder', () => {
    const enc = simd();
    const data = bytes(300);
    const out = new Uint8Array(16).fill(9);
    expect(enc.encodeInto(data, 0, 240, out, 0)).toBe(ERANGE);
    expect(out).toEqual(new Uint8Array(16));
    out.fill(9);
    expect(enc.encodeInto(data, 0, 0, out, 0)).toBe(0);
    expect(out).toEqual(new Uint8Array(16));
  });

  /** Batch cases: [data offset, length, block size], with their JS parity. */
  const batches = (() => {
    const js = createJsEncoder(rsCode({ nroots: 16 }));
    const data = bytes(140_000, 3);
    const cases: [off: number, len: number, bs: number][] = [
      [0, 128 * 64, 128], // whole blocks
      [12, 128 * 64 - 5, 128], // short last block, zone data offset
      [1, 64 * 33 + 63, 64],
      [5, 239 * 7 + 1, 239], // longest block, 1-byte last block
      [3, 1000, 17],
      [0, 600, 1],
      [9, 100, 100], // one block
      [7, 130_000, 128], // several wasm calls
      [2, 70_000, 33]
    ];
    let refs: Uint8Array[] | undefined;
    return {
      data,
      cases,
      refs: () => (refs ??= cases.map(([off, len, bs]) => jsBlocks(js, 16, data, off, len, bs))),
      one: (len: number) => {
        const out = new Uint8Array(16);
        js.encodeInto(data, len, len, out, 0);
        return out;
      }
    };
  })();

  it.each(variantRows)(
    'kernel %s × %i ways, slice %i/%i: batches equal per-block JS encoding',
    (_m, _w, _s, _ws, kernel) => {
      const enc = simd(16, kernel);
      const { data, cases } = batches;
      const refs = batches.refs();
      cases.forEach(([off, len, bs], i) => {
        const out = new Uint8Array(Math.ceil(len / bs) * 16 + 8).fill(0xee);
        enc.encodeBlocks(data, off, len, bs, out, 3);
        expectSame(out, refs[i]!, `off ${off} len ${len} block ${bs}`);
      });
      const one = new Uint8Array(16);
      for (let len = 1; len <= 239; len += 11) {
        enc.encodeInto(data, len, len, one, 0);
        expect(one).toEqual(batches.one(len));
      }
    }
  );

  it('encodeBlocks with blocks the code cannot carry zero-fills them, like the JS encoder', () => {
    const code = rsCode({ nroots: 16 });
    const enc = simd();
    const js = createJsEncoder(code);
    const data = bytes(1000);
    const a = new Uint8Array(80).fill(1);
    const b = new Uint8Array(80).fill(1);
    enc.encodeBlocks(data, 0, 2 * 300 + 50, 300, a, 0);
    js.encodeBlocks(data, 0, 2 * 300 + 50, 300, b, 0);
    expect(a).toEqual(b);
    expect(a.subarray(0, 32)).toEqual(new Uint8Array(32));
  });

  it('writes batch parity into the array holding the data, outside the encoded range', () => {
    const enc = simd();
    const js = createJsEncoder(rsCode({ nroots: 16 }));
    const mem = bytes(5000, 11);
    const copy = mem.slice();
    enc.encodeBlocks(mem, 12, 3000, 128, mem, 3100);
    js.encodeBlocks(copy, 12, 3000, 128, copy, 3100);
    expectSame(mem, copy);
  });

  describe.each([1, 2, 3, 4, 8, 10, 15, 16])('nroots %i', (nroots) => {
    it.each([0x11d, 0x187])('poly %d: SIMD equals JS on lengths and batches', (poly) => {
      const code = rsCode({ nroots, poly });
      const js = createJsEncoder(code);
      const ref = createReferenceRsCodec({ nroots, poly });
      const data = bytes(4000, nroots * 31 + poly);
      const plain = { mode: 'extract', ways: 1, slice: 16, wideSlice: 16 } as const;
      for (const kernel of [DEFAULT_KERNEL, plain]) {
        const enc = simd(nroots, kernel, poly);
        const a = new Uint8Array(nroots);
        const b = new Uint8Array(nroots);
        for (let len = 1; len <= 255 - nroots; len += 3) {
          expect(enc.encodeInto(data, len, len, a, 0)).toBe(0);
          js.encodeInto(data, len, len, b, 0);
          expect(a).toEqual(b);
        }
        enc.encodeInto(data, 7, 255 - nroots, a, 0);
        expect(a).toEqual(ref.encode(data.slice(7, 7 + 255 - nroots)));
        expect(enc.encodeInto(data, 0, 256 - nroots, a, 0)).toBe(ERANGE);
        const out = new Uint8Array(Math.ceil(3333 / 100) * nroots + 8).fill(0xee);
        enc.encodeBlocks(data, 5, 3333, 100, out, 3);
        expectSame(out, jsBlocks(js, nroots, data, 5, 3333, 100));
      }
    });
  });
});

describe('decoding with the SIMD clean-block check', () => {
  it('returns exactly what the JS-encoder decoder returns on 0..9 errors', () => {
    const code = rsCode({ nroots: 16 });
    const fast = createDecoder(code, simd());
    const slow = createDecoder(code, createJsEncoder(code));
    const enc = simd();
    for (let trial = 0; trial < 200; trial++) {
      const len = 1 + ((trial * 53) % 239);
      const data = bytes(len, trial + 1);
      const par = new Uint8Array(16);
      enc.encodeInto(data, 0, len, par, 0);
      const errs = trial % 10;
      for (let e = 0; e < errs; e++) {
        const at = (e * 37 + trial) % (len + 16);
        if (at < len) data[at] = data[at]! ^ (e + 1);
        else par[at - len] = par[at - len]! ^ (e + 1);
      }
      const d1 = data.slice();
      const p1 = par.slice();
      const d2 = data.slice();
      const p2 = par.slice();
      expect(fast.decodeAt(d1, 0, len, p1, 0)).toBe(slow.decodeAt(d2, 0, len, p2, 0));
      expect(d1).toEqual(d2);
      expect(p1).toEqual(p2);
    }
  });

  it('parityEquals tells clean from dirty parity', () => {
    const enc = simd();
    const data = bytes(200, 5);
    const par = new Uint8Array(20);
    enc.encodeInto(data, 10, 128, par, 4);
    expect(enc.parityEquals!(data, 10, 128, par, 4)).toBe(true);
    for (let k = 0; k < 16; k++) {
      par[4 + k] = par[4 + k]! ^ 0x80;
      expect(enc.parityEquals!(data, 10, 128, par, 4)).toBe(false);
      par[4 + k] = par[4 + k]! ^ 0x80;
    }
  });
});

describe('fallback without WebAssembly SIMD', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('uses the JS encoder when SIMD does not validate, with identical results', () => {
    vi.stubGlobal('WebAssembly', { validate: () => false });
    expect(simdAvailable()).toBe(false);
    const code = rsCode({ nroots: 16 });
    expect(createSimdEncoder(code, buildTables)).toBeNull();
    const enc = createEncoder(code);
    expect(enc.parityEquals).toBeUndefined();
    const rs = createRsCodec({ nroots: 16 });
    vi.unstubAllGlobals();
    const data = bytes(239, 2);
    const out = new Uint8Array(16);
    enc.encodeInto(data, 0, 239, out, 0);
    expect(out).toEqual(createReferenceRsCodec({ nroots: 16 }).encode(data));
    expect(rs.encode(data)).toEqual(out);
    expect(rs.decode(data.slice(), out.slice())).toBe(0);
  });

  it('uses the JS encoder without any WebAssembly at all', () => {
    vi.stubGlobal('WebAssembly', undefined);
    expect(simdAvailable()).toBe(false);
    const enc = createEncoder(rsCode({ nroots: 8 }));
    expect(enc.parityEquals).toBeUndefined();
    vi.unstubAllGlobals();
    const data = bytes(100, 4);
    const out = new Uint8Array(8);
    enc.encodeInto(data, 0, 100, out, 0);
    expect(out).toEqual(createReferenceRsCodec({ nroots: 8 }).encode(data));
  });

  it('uses the JS encoder when asked to', () => {
    const code = rsCode({ nroots: 16 });
    const a = createEncoder(code, { simd: false });
    const b = simd();
    const data = bytes(128 * 10 + 7, 9);
    const pa = new Uint8Array(176);
    const pb = new Uint8Array(176);
    a.encodeBlocks(data, 0, data.length, 128, pa, 0);
    b.encodeBlocks(data, 0, data.length, 128, pb, 0);
    expect(pa).toEqual(pb);
  });
});

interface RsVectors {
  vectors: { len: number; data: string; ecc: string }[];
  special: { len: number; data: string; ecc: string }[];
}

describe.skipIf(!vectorsAvailable)('SIMD encoder on parity made by the kernel (vectors/rs)', () => {
  const v = vectorsAvailable ? readVectorJson<RsVectors>('rs/rs-vectors.json') : null;
  const all = v ? [...v.vectors, ...v.special] : [];
  const toHex = (b: Uint8Array) => Buffer.from(b).toString('hex');

  it.each(variantRows)(
    'kernel %s × %i ways, slice %i/%i gives the kernel parity, one by one and batched',
    (_m, _w, _s, _ws, kernel) => {
      const enc = simd(16, kernel);
      const out = new Uint8Array(16);
      for (const x of all) {
        const data = hex(x.data);
        expect(enc.encodeInto(data, 0, data.length, out, 0)).toBe(0);
        expect(toHex(out)).toBe(x.ecc);
        expect(enc.parityEquals!(data, 0, data.length, hex(x.ecc), 0)).toBe(true);
      }
      // All vectors of one length as one batch.
      const byLen = new Map<number, { data: string; ecc: string }[]>();
      for (const x of all) byLen.set(x.len, [...(byLen.get(x.len) ?? []), x]);
      for (const [len, xs] of byLen) {
        if (len < 1 || len > 239) continue;
        const data = new Uint8Array(len * xs.length);
        xs.forEach((x, i) => data.set(hex(x.data), i * len));
        const par = new Uint8Array(16 * xs.length);
        enc.encodeBlocks(data, 0, data.length, len, par, 0);
        expect(toHex(par)).toBe(xs.map((x) => x.ecc).join(''));
      }
    }
  );
});

describe('the pre-emitted module (src/rs/simd-module.generated.ts)', () => {
  it('is what the emitter makes for DEFAULT_KERNEL', () => {
    const stored = Buffer.from(DEFAULT_SIMD_MODULE_BASE64, 'base64');
    const emitted = Buffer.from(simdModuleBytes(DEFAULT_KERNEL));
    expect(
      stored.equals(emitted),
      'simd-module.generated.ts is stale: run `pnpm --filter @pstore/ram-core run build && ' +
        'pnpm --filter @pstore/ram-core run gen:simd`'
    ).toBe(true);
  });
});
