import { describe, expect, it } from 'vitest';
import { hex, readVectorJson, skipMessage, vectorsAvailable } from '@pstore/test-vectors';
import { createReferenceRsCodec, createRsCodec, RamCoreError } from '../src/index.ts';

interface RsVectors {
  params: { nroots: number };
  vectors: { len: number; data: string; ecc: string }[];
  special: { len: number; data: string; ecc: string }[];
  genpoly_index_form_g0_to_g16: number[];
}

if (!vectorsAvailable) skipMessage();

const toHex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe.skipIf(!vectorsAvailable)('RS parity made by the kernel (vectors/rs)', () => {
  const v = vectorsAvailable ? readVectorJson<RsVectors>('rs/rs-vectors.json') : null;
  const all = v ? [...v.vectors, ...v.special] : [];
  const rs = createRsCodec({ nroots: 16 });
  const ref = createReferenceRsCodec({ nroots: 16 });

  it('builds the kernel generator polynomial in index form', () => {
    expect(Array.from(rs.params.genpoly)).toEqual(v!.genpoly_index_form_g0_to_g16);
  });

  it.each(all.map((x, i) => [i, x.len, x] as const))(
    'vector %i (len %i): encode gives the kernel parity, decode reports 0',
    (_i, _len, x) => {
      const data = hex(x.data);
      expect(toHex(rs.encode(data))).toBe(x.ecc);
      expect(toHex(ref.encode(data))).toBe(x.ecc);
      expect(rs.decode(data.slice(), hex(x.ecc))).toBe(0);
      expect(ref.decode(data.slice(), hex(x.ecc))).toBe(0);
    }
  );
});

describe('RS parameters', () => {
  it('rejects symsize other than 8 with EINVAL', () => {
    expect(() => createRsCodec({ nroots: 16, symsize: 4 })).toThrow(RamCoreError);
  });
  it.each([0, 255, -1, 1.5])('rejects nroots %s with EINVAL naming the range', (nroots) => {
    expect(() => createRsCodec({ nroots })).toThrow(/nroots .* out of range \(1\.\.254\)/);
  });
  it('rejects a polynomial that is not primitive', () => {
    // x^8+x^4+x^3+x+1 (AES) is irreducible but not primitive.
    expect(() => createRsCodec({ nroots: 16, poly: 0x11b })).toThrow(/not primitive/);
  });
  it('rejects lengths beyond 255 − nroots on encode with ERANGE', () => {
    const rs = createRsCodec({ nroots: 16 });
    try {
      rs.encode(new Uint8Array(240));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(RamCoreError);
      expect((e as RamCoreError).code).toBe('ERANGE');
      expect((e as RamCoreError).message).toContain('240');
    }
    expect(rs.encode(new Uint8Array(239))).toHaveLength(16);
    expect(rs.decode(new Uint8Array(240), new Uint8Array(16))).toBe(-34);
  });
});
