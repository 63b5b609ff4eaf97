import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createReferenceRsCodec, createRsCodec } from '../src/index.ts';

/** A random codeword with `errs` distinct symbol positions corrupted by non-zero values. */
const corrupted = (nroots: number, maxErrs: (n: number) => number, minErrs = 0) =>
  fc.integer({ min: 1, max: 255 - nroots }).chain((len) =>
    fc.record({
      data: fc.uint8Array({ minLength: len, maxLength: len }),
      errors: fc.uniqueArray(
        fc.record({
          at: fc.integer({ min: 0, max: len + nroots - 1 }),
          xor: fc.integer({ min: 1, max: 255 })
        }),
        { minLength: minErrs, maxLength: maxErrs(nroots), selector: (e) => e.at }
      )
    })
  );

function apply(data: Uint8Array, par: Uint8Array, errors: { at: number; xor: number }[]) {
  for (const { at, xor } of errors) {
    if (at < data.length) data[at] = data[at]! ^ xor;
    else par[at - data.length] = par[at - data.length]! ^ xor;
  }
}

describe.each([16, 8, 32, 2, 1, 64])('RS nroots %i', (nroots) => {
  const rs = createRsCodec({ nroots });
  const ref = createReferenceRsCodec({ nroots });

  it('the table-driven encoder equals the byte-serial LFSR on any length', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 255 - nroots }), (data) => {
        expect(rs.encode(data)).toEqual(ref.encode(data));
      }),
      { numRuns: 300 }
    );
  });

  it(`corrects any ≤ ${nroots >> 1} symbol errors in data and parity exactly, counting them`, () => {
    fc.assert(
      fc.property(
        corrupted(nroots, (n) => n >> 1),
        ({ data, errors }) => {
          const parity = rs.encode(data);
          const rx = data.slice();
          const rxPar = parity.slice();
          apply(rx, rxPar, errors);
          expect(rs.decode(rx, rxPar)).toBe(errors.length);
          expect(rx).toEqual(data);
          expect(rxPar).toEqual(parity);
        }
      ),
      { numRuns: 300 }
    );
  });

  it('beyond capacity returns −74 or leaves a valid codeword, never a silent non-codeword', () => {
    fc.assert(
      fc.property(
        corrupted(nroots, (n) => Math.min(n + 4, 40), (nroots >> 1) + 1),
        ({ data, errors }) => {
          const rx = data.slice();
          const rxPar = rs.encode(data);
          apply(rx, rxPar, errors);
          const result = rs.decode(rx, rxPar);
          if (result !== -74) {
            expect(result).toBeGreaterThanOrEqual(0);
            expect(rs.encode(rx)).toEqual(rxPar);
          }
        }
      ),
      { numRuns: 300 }
    );
  });

  it('returns exactly what the straightforward kernel algorithm returns, with the same corrections', () => {
    fc.assert(
      fc.property(
        corrupted(nroots, (n) => Math.min(n + 2, 40)),
        ({ data, errors }) => {
          const par = rs.encode(data);
          const a = data.slice();
          const ap = par.slice();
          apply(a, ap, errors);
          const b = a.slice();
          const bp = ap.slice();
          expect(rs.decode(a, ap)).toBe(ref.decode(b, bp));
          expect(a).toEqual(b);
          expect(ap).toEqual(bp);
        }
      ),
      { numRuns: 400 }
    );
  });
});

describe('RS with other codes (test_rslib.c style)', () => {
  it.each([
    [0x11d, 1, 1, 30],
    [0x187, 112, 11, 32],
    [0x11d, 0, 1, 16],
    [0x12b, 5, 7, 10]
  ])('poly %s fcr %i prim %i nroots %i: corrects up to capacity', (poly, fcr, prim, nroots) => {
    const rs = createRsCodec({ nroots, poly, fcr, prim });
    const ref = createReferenceRsCodec({ nroots, poly, fcr, prim });
    fc.assert(
      fc.property(
        corrupted(nroots, (n) => n >> 1),
        ({ data, errors }) => {
          const parity = rs.encode(data);
          expect(parity).toEqual(ref.encode(data));
          const rx = data.slice();
          const rxPar = parity.slice();
          apply(rx, rxPar, errors);
          expect(rs.decode(rx, rxPar)).toBe(errors.length);
          expect(rx).toEqual(data);
        }
      ),
      { numRuns: 100 }
    );
  });
});

// The fast decoder's error path (table products, bounded Berlekamp–Massey,
// a Chien search that gives up early) against the straight port of
// decode_rs.c, which shares none of it: on garbage (a region that lost power,
// a wrong layout), at capacity and just beyond, for ramoops' codes and others.
describe.each([
  { nroots: 100, poly: 0x11d, fcr: 0, prim: 1 },
  { nroots: 16, poly: 0x11d, fcr: 0, prim: 1 },
  { nroots: 4, poly: 0x11d, fcr: 0, prim: 1 },
  { nroots: 2, poly: 0x11d, fcr: 0, prim: 1 },
  { nroots: 254, poly: 0x11d, fcr: 0, prim: 1 },
  { nroots: 32, poly: 0x187, fcr: 112, prim: 11 },
  { nroots: 10, poly: 0x12b, fcr: 5, prim: 7 }
])('RS error path, nroots $nroots poly $poly fcr $fcr prim $prim', (params) => {
  const rs = createRsCodec(params);
  const ref = createReferenceRsCodec(params);
  const same = (data: Uint8Array, par: Uint8Array) => {
    const a = data.slice();
    const ap = par.slice();
    const got = rs.decode(a, ap);
    const want = ref.decode(data, par);
    expect(got).toBe(want);
    expect(a).toEqual(data);
    expect(ap).toEqual(par);
    return got;
  };

  it('decides a block of garbage exactly as the kernel algorithm', () => {
    const verdicts = new Set<string>();
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 255 - params.nroots })
          .chain((len) =>
            fc.tuple(
              fc.uint8Array({ minLength: len, maxLength: len }),
              fc.uint8Array({ minLength: params.nroots, maxLength: params.nroots })
            )
          ),
        ([data, par]) => {
          const got = same(data, par);
          verdicts.add(got < 0 ? 'bad' : got === 0 ? 'clean' : 'corrected');
        }
      ),
      { numRuns: params.nroots > 64 ? 150 : 400 }
    );
    expect(verdicts.has('bad')).toBe(true);
  });

  it('decides blocks at capacity and just beyond exactly as the kernel algorithm', () => {
    const t = params.nroots >> 1;
    fc.assert(
      fc.property(
        corrupted(params.nroots, () => Math.min(t + 2, 255), Math.max(t - 1, 0)),
        ({ data, errors }) => {
          const par = rs.encode(data);
          apply(data, par, errors);
          same(data, par);
        }
      ),
      { numRuns: params.nroots > 64 ? 100 : 300 }
    );
  });
});
