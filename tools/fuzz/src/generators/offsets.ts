/**
 * A real region inside a larger RAM dump, read with --offset at the edges:
 * exactly right, one byte either side, at the end of the file, past it,
 * huge (beyond 2^53), negative, and not a number.
 * Kernel counterpart: none (user space cutting the region out of /dev/mem or a dump).
 */
import fc from 'fast-check';
import { randomBytes } from '../prng.ts';
import { kernelVectors, vectorArgs } from '../vectors.ts';
import type { Generator } from './generator.ts';

export const offsetsGenerator: Generator = {
  name: 'offsets',
  weight: 1,
  needsVectors: true,
  arbitrary: () => {
    const vectors = kernelVectors();
    return fc
      .record({
        v: fc.nat(vectors.length - 1),
        pre: fc.constantFrom(0, 1, 4095, 4096, 65536),
        post: fc.constantFrom(0, 1, 4096),
        pick: fc.constantFrom(
          'exact',
          '-1',
          '+1',
          'end',
          'end+1',
          'huge',
          'negative',
          'text',
          'hex'
        ),
        seed: fc.integer(),
        gz: fc.boolean()
      })
      .map(({ v, pre, post, pick, seed, gz }) => {
        const vec = vectors[v]!;
        const img = new Uint8Array(pre + vec.image.length + post);
        img.set(randomBytes(seed, pre));
        img.set(vec.image, pre);
        img.set(randomBytes(seed + 1, post), pre + vec.image.length);
        const offset = {
          exact: String(pre),
          '-1': String(pre - 1),
          '+1': String(pre + 1),
          end: String(img.length),
          'end+1': String(img.length + 1),
          huge: '0xffffffffffffffff',
          negative: '-1',
          text: 'banana',
          hex: `0x${pre.toString(16)}`
        }[pick];
        return {
          generator: 'offsets',
          image: img,
          args: [...vectorArgs(vec), '--offset', offset],
          gz,
          what: `${vec.name} after ${pre} and before ${post} bytes, --offset ${offset}${gz ? ', gzipped' : ''}`
        };
      });
  }
};
