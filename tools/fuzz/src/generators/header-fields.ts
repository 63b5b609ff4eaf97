/**
 * Zone headers whose start and size are the values that break readers:
 * 0, 1, capacity − 1, capacity, capacity + 1, INT_MAX, bit 31 set (negative
 * as the kernel's atomic_t), 0xffffffff, and start > size. The header parity
 * is rewritten (or, sometimes, left stale for ECC to repair).
 * Kernel counterpart: fs/pstore/ram_core.c persistent_ram_post_init()'s
 * range check (size > buffer_size, start > size).
 */
import fc from 'fast-check';
import { fixHeaderParity, readHeader, writeHeader, zonesOf } from '../image-zones.ts';
import { kernelVectors, vectorArgs } from '../vectors.ts';
import type { Generator } from './generator.ts';

/** Values relative to the zone's capacity `c`. */
const VALUES: readonly ((c: number) => number)[] = [
  () => 0,
  () => 1,
  (c) => c - 1,
  (c) => c,
  (c) => c + 1,
  (c) => c * 2,
  () => 0x7fffffff,
  () => 0x80000000,
  () => 0xfffffffe,
  () => 0xffffffff
];

export const headerFieldsGenerator: Generator = {
  name: 'header-fields',
  weight: 3,
  needsVectors: true,
  arbitrary: () => {
    const vectors = kernelVectors();
    return fc
      .record({
        v: fc.nat(vectors.length - 1),
        edits: fc.array(
          fc.record({
            zone: fc.nat(),
            start: fc.option(fc.nat(VALUES.length - 1)),
            size: fc.option(fc.nat(VALUES.length - 1))
          }),
          { minLength: 1, maxLength: 6 }
        ),
        fixParity: fc.integer({ min: 0, max: 9 })
      })
      .map(({ v, edits, fixParity }) => {
        const vec = vectors[v]!;
        const img = vec.image.slice();
        const zones = zonesOf(vec.params, vec.kernel) ?? [];
        const said: string[] = [];
        for (const e of edits) {
          if (!zones.length) break;
          // Favour the zones that hold data: dump zone 0 and the last zones.
          const z = zones[e.zone % 3 === 0 ? 0 : zones.length - 1 - (e.zone % 4)] ?? zones[0]!;
          const cap = z.geometry.bufferSize;
          const h = readHeader(img, z);
          const start = e.start === null ? h.start : VALUES[e.start]!(cap);
          const size = e.size === null ? h.size : VALUES[e.size]!(cap);
          writeHeader(img, z, { start, size });
          if (fixParity > 0) fixHeaderParity(img, z);
          said.push(`${z.type} ${z.index}: start ${start}, size ${size}`);
        }
        return {
          generator: 'header-fields',
          image: img,
          args: vectorArgs(vec),
          what: `${vec.name}: ${said.join('; ')}${fixParity > 0 ? '' : ' (parity stale)'}`
        };
      });
  }
};
