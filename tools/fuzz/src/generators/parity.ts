/**
 * Real ECC images with parity bytes corrupted: data-block parity and header
 * parity, a few bytes (correctable) or whole blocks' worth (beyond
 * capacity), sometimes together with the data they protect. The record
 * must then carry the kernel's ECC notice and nothing else new.
 * Kernel counterpart: fs/pstore/ram_core.c persistent_ram_ecc_old(),
 * persistent_ram_decode_rs8(), persistent_ram_ecc_string().
 */
import fc from 'fast-check';
import { zonesOf } from '../image-zones.ts';
import { kernelVectors, vectorArgs } from '../vectors.ts';
import type { Generator } from './generator.ts';

export const parityGenerator: Generator = {
  name: 'parity',
  weight: 2,
  needsVectors: true,
  arbitrary: () => {
    const vectors = kernelVectors().filter((v) => /ecc=(?!0\b)\d/.test(v.params));
    return fc
      .record({
        v: fc.nat(Math.max(0, vectors.length - 1)),
        hits: fc.array(
          fc.record({
            zone: fc.nat(),
            block: fc.nat(),
            byte: fc.nat(),
            xor: fc.integer({ min: 1, max: 255 }),
            data: fc.boolean()
          }),
          { minLength: 1, maxLength: 400 }
        )
      })
      .map(({ v, hits }) => {
        const vec = vectors[v] ?? kernelVectors()[0]!;
        const img = vec.image.slice();
        const zones = (zonesOf(vec.params, vec.kernel) ?? []).filter((z) => z.geometry.eccSize);
        for (const h of hits) {
          const z = zones[h.zone % 3 === 0 ? 0 : h.zone % Math.max(1, zones.length)];
          if (!z) break;
          const g = z.geometry;
          const blocks = g.eccBlocks + 1; // the last slot is the header's parity
          const b = h.block % blocks;
          const at = z.offset + g.parBufferOffset + b * g.eccSize + (h.byte % g.eccSize);
          img[at] = img[at]! ^ h.xor;
          if (h.data && b < g.eccBlocks) {
            const d = z.offset + 12 + b * g.blockSize + (h.byte % g.blockSize);
            if (d < z.offset + 12 + g.bufferSize) img[d] = img[d]! ^ h.xor;
          }
        }
        return {
          generator: 'parity',
          image: img,
          args: vectorArgs(vec),
          what: `${vec.name}: ${hits.length} parity byte(s) corrupted`
        };
      });
  }
};
