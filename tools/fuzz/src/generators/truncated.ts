/**
 * Real images cut short: the file ends before the region the configuration
 * describes (the CLI must say so, exit 2), or is decoded without mem_size so
 * the shorter file becomes the region and the default layout does not fit.
 * Kernel counterpart: none (a dump cut by a full disk or an interrupted copy).
 */
import fc from 'fast-check';
import { kernelVectors, vectorArgs } from '../vectors.ts';
import type { Generator } from './generator.ts';

export const truncatedGenerator: Generator = {
  name: 'truncated',
  weight: 1,
  needsVectors: true,
  arbitrary: () => {
    const vectors = kernelVectors();
    return fc
      .record({
        v: fc.nat(vectors.length - 1),
        keep: fc.oneof(fc.constantFrom(0, 1, 11, 12, 4096), fc.nat((1 << 20) - 1)),
        withParams: fc.boolean(),
        gz: fc.boolean()
      })
      .map(({ v, keep, withParams, gz }) => {
        const vec = vectors[v]!;
        const n = Math.min(keep, vec.image.length - 1);
        return {
          generator: 'truncated',
          image: vec.image.slice(0, n),
          args: withParams ? vectorArgs(vec) : ['--kernel', vec.kernel],
          gz,
          what: `${vec.name} cut to ${n} bytes${withParams ? '' : ', no parameters'}${gz ? ', gzipped' : ''}`
        };
      });
  }
};
