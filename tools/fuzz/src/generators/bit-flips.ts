/**
 * Real kernel images with bits flipped: anywhere in the region, or
 * concentrated in the zone headers (signature, start, size) and their
 * parity, the bytes every decision of the reader hangs on. Half of the
 * header cases rewrite the header parity to match, so that ECC cannot
 * repair the flip and the reader meets the bad header itself.
 * Kernel counterpart: none (RAM decay, a bad DIMM, a stray write).
 */
import fc from 'fast-check';
import { fixHeaderParity, zonesOf } from '../image-zones.ts';
import { kernelVectors, vectorArgs } from '../vectors.ts';
import type { Generator } from './generator.ts';

export const bitFlipsGenerator: Generator = {
  name: 'bit-flips',
  weight: 3,
  needsVectors: true,
  arbitrary: () => {
    const vectors = kernelVectors();
    return fc
      .record({
        v: fc.nat(vectors.length - 1),
        headers: fc.boolean(),
        fixParity: fc.boolean(),
        flips: fc.array(fc.record({ at: fc.nat(), bit: fc.nat(7) }), {
          minLength: 1,
          maxLength: 64
        })
      })
      .map(({ v, headers, fixParity, flips }) => {
        const vec = vectors[v]!;
        const img = vec.image.slice();
        const zones = zonesOf(vec.params, vec.kernel) ?? [];
        const touched = new Set<number>();
        for (const f of flips) {
          let pos: number;
          if (headers && zones.length) {
            const z = zones[f.at % zones.length]!;
            // The 12 header bytes, or (with ECC) the header's parity.
            const parity = z.geometry.eccSize;
            const k = Math.floor(f.at / zones.length) % (12 + parity);
            pos = z.offset + (k < 12 ? k : z.geometry.parHeaderOffset + k - 12);
            touched.add(zones.indexOf(z));
          } else pos = f.at % img.length;
          img[pos] = img[pos]! ^ (1 << f.bit);
        }
        if (fixParity) for (const i of touched) fixHeaderParity(img, zones[i]!);
        return {
          generator: 'bit-flips',
          image: img,
          args: vectorArgs(vec),
          what: `${vec.name}: ${flips.length} bit flip(s) ${headers ? `in zone headers${fixParity ? ', parity rewritten' : ''}` : 'anywhere'}`
        };
      });
  }
};
