/**
 * The batched boot check of a zone's blocks (persistent_ram_ecc_old()) must
 * report and correct exactly what decoding each block in turn does, whatever
 * the code, the block size and where the parity sits: the parity is compared
 * four bytes at a time when its offset allows, byte by byte otherwise.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRsCodec } from '../src/index.ts';
import { createBlockCheck } from '../src/rs/check-blocks.ts';

const zone = fc.record({
  nroots: fc.constantFrom(16, 8, 6, 2),
  blockSize: fc.constantFrom(128, 64, 33),
  blocks: fc.integer({ min: 1, max: 12 }),
  /** The data ends short of a whole last block by this many bytes. */
  short: fc.integer({ min: 0, max: 20 }),
  /** Where the parity starts in its buffer: aligned or not. */
  parShift: fc.integer({ min: 0, max: 3 }),
  seed: fc.integer({ min: 1, max: 0x7fffffff }),
  damage: fc.array(
    fc.record({ at: fc.nat(), inParity: fc.boolean(), xor: fc.integer({ min: 1, max: 255 }) }),
    { maxLength: 24 }
  )
});

describe('checkBlocks (batched) against decoding each block in turn', () => {
  it('gives the same results and the same corrected data', () => {
    fc.assert(
      fc.property(zone, (z) => {
        const codec = createRsCodec({ nroots: z.nroots });
        const len = Math.max(1, z.blocks * z.blockSize - Math.min(z.short, z.blockSize - 1));
        const blocks = Math.ceil(len / z.blockSize);
        let seed = z.seed;
        const data = Uint8Array.from(
          { length: len },
          () => (seed = (seed * 48271) % 0x7fffffff) & 0xff
        );
        const parBuf = new Uint8Array(z.parShift + blocks * z.nroots);
        codec.encodeBlocks(data, 0, len, z.blockSize, parBuf, z.parShift);
        for (const d of z.damage) {
          if (d.inParity) parBuf[z.parShift + (d.at % (blocks * z.nroots))]! ^= d.xor;
          else data[d.at % len]! ^= d.xor;
        }

        const oneByOne = data.slice();
        const expected: [number, number][] = [];
        for (let b = 0; b < blocks; b++) {
          const par = parBuf.slice(z.parShift + b * z.nroots, z.parShift + (b + 1) * z.nroots);
          const pos = b * z.blockSize;
          const r = codec.decodeAt(oneByOne, pos, Math.min(z.blockSize, len - pos), par, 0);
          if (r !== 0) expected.push([b, r]);
        }

        const batched = data.slice();
        const parBefore = parBuf.slice();
        const got: [number, number][] = [];
        createBlockCheck(codec).checkBlocks(
          batched,
          0,
          len,
          z.blockSize,
          parBuf,
          z.parShift,
          (b, r) => got.push([b, r])
        );
        expect(got).toEqual(expected);
        expect(batched).toEqual(oneByOne);
        expect(parBuf).toEqual(parBefore); // the stored parity is never written
      }),
      { numRuns: 400 }
    );
  });
});
