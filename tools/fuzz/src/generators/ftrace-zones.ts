/**
 * ftrace zones of odd sizes (not a power of two, smaller than one record,
 * not a multiple of the record size), per-CPU or single, 4- or 8-byte
 * longs, either byte order, filled with records and a random start/size,
 * wrapped or not.
 * Kernel counterpart: fs/pstore/ram.c ramoops_init_przs() for ftrace,
 * fs/pstore/ftrace.c pstore_ftrace_combine_log(), inode.c's seq_file
 * rendering (pstore_ftrace_seq_*).
 */
import fc from 'fast-check';
import { KERNELS } from '../eras.ts';
import { fixDataParity, writeHeader, zonesOf } from '../image-zones.ts';
import { randomBytes } from '../prng.ts';
import type { Generator } from './generator.ts';

const FTRACE_SIZES = [13, 24, 25, 36, 48, 100, 0x1000 + 7, 0x1801, 0x2000, 0x3000 - 1];

export const ftraceZonesGenerator: Generator = {
  name: 'ftrace-zones',
  weight: 2,
  needsVectors: false,
  arbitrary: () =>
    fc
      .record({
        ftrace: fc.constantFrom(...FTRACE_SIZES),
        cpus: fc.integer({ min: 1, max: 8 }),
        perCpu: fc.boolean(),
        ecc: fc.constantFrom(0, 0, 16, 4),
        kernel: fc.constantFrom(...KERNELS),
        long: fc.constantFrom('8', '4'),
        endian: fc.constantFrom('little', 'big'),
        seed: fc.integer(),
        fill: fc.array(fc.record({ start: fc.nat(), size: fc.nat() }), {
          minLength: 1,
          maxLength: 8
        })
      })
      .map(({ ftrace, cpus, perCpu, ecc, kernel, long, endian, seed, fill }) => {
        const memSize = 0x10000;
        const params = `ramoops.mem_size=${memSize} ramoops.record_size=0x2000 ramoops.ftrace_size=${ftrace} ramoops.ecc=${ecc}`;
        const img = randomBytes(seed, memSize);
        const zones = zonesOf(params, kernel, cpus) ?? [];
        for (const [i, z] of zones.filter((x) => x.type === 'ftrace').entries()) {
          const f = fill[i % fill.length]!;
          const cap = z.geometry.bufferSize;
          const size = f.size % (cap + 2);
          writeHeader(img, z, {
            sig: 0x43474244 ^ z.sigXor,
            size,
            start: size === cap ? f.start % cap : size
          });
          fixDataParity(img, z);
        }
        // Little-endian headers are what zonesOf writes: big-endian reads see bad signatures too.
        const args = [
          '--params',
          params,
          '--kernel',
          kernel,
          '--cpus',
          String(cpus),
          '--long',
          long,
          '--endian',
          endian
        ];
        if (perCpu) args.push('--flags', '1');
        return {
          generator: 'ftrace-zones',
          image: img,
          args,
          what: `ftrace_size ${ftrace}, ${cpus} CPU(s)${perCpu ? ' per-CPU' : ''}, ECC ${ecc}, ${kernel}, long ${long}, ${endian}`
        };
      })
};
