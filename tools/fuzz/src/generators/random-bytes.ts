/**
 * Random bytes as the image: no zone has a signature (or, rarely, one has
 * by chance), every size from 1 byte (the CLI must refuse it) to 1 MiB,
 * decoded with the default board or a small random configuration.
 * Kernel counterpart: none (RAM that held something else).
 */
import fc from 'fast-check';
import { randomBytes } from '../prng.ts';
import type { Generator } from './generator.ts';

const SIZES = [1, 11, 12, 13, 4095, 4096, 4097, 16384, 65536, 262144, 1 << 20];

export const randomBytesGenerator: Generator = {
  name: 'random-bytes',
  weight: 2,
  needsVectors: false,
  arbitrary: () =>
    fc
      .record({
        size: fc.constantFrom(...SIZES),
        seed: fc.integer(),
        withSize: fc.boolean(),
        ecc: fc.constantFrom(0, 16, 32)
      })
      .map(({ size, seed, withSize, ecc }) => ({
        generator: 'random-bytes',
        image: randomBytes(seed, size),
        args: withSize
          ? [
              '--params',
              `ramoops.mem_size=${size} ramoops.record_size=0x1000 ramoops.console_size=0x1000 ramoops.ecc=${ecc}`
            ]
          : [],
        what: `${size} random bytes${withSize ? `, mem_size ${size}, ecc ${ecc}` : ', default board'}`
      }))
};
