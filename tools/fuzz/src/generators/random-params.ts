/**
 * Random configurations over a region of random bytes with valid-looking
 * zone headers planted where that configuration puts its zones: every size
 * (powers of two, odd values, 0, larger than the region), ECC 0–255, every
 * kernel era, dump_oops/max_reason, compression on or off, several CPUs,
 * either byte order. Many of these the probe refuses (exit 2 with a reason);
 * the rest must decode within the invariants.
 * Kernel counterpart: fs/pstore/ram.c ramoops_probe() and module parameters.
 */
import fc from 'fast-check';
import { KERNELS, before } from '../eras.ts';
import { fixHeaderParity, writeHeader, zonesOf } from '../image-zones.ts';
import { randomBytes } from '../prng.ts';
import type { Generator } from './generator.ts';

const SIZE = fc.oneof(
  fc.constantFrom(0, 1, 12, 13, 64, 0x800, 0x1000, 0x1001, 0x2000, 0x4000, 0x8000),
  fc.integer({ min: 0, max: 0x20000 })
);

export const randomParamsGenerator: Generator = {
  name: 'random-params',
  weight: 4,
  needsVectors: false,
  arbitrary: () =>
    fc
      .record({
        memSize: fc.oneof(
          fc.constantFrom(0x1000, 0x10000, 0x40000, 0x100000),
          fc.integer({ min: 0, max: 0x80000 })
        ),
        record: SIZE,
        console: SIZE,
        ftrace: SIZE,
        pmsg: SIZE,
        ecc: fc.oneof(fc.constantFrom(0, 1, 16, 32), fc.integer({ min: 0, max: 255 })),
        kernel: fc.constantFrom(...KERNELS),
        maxReason: fc.option(fc.integer({ min: -1, max: 7 })),
        dumpOops: fc.option(fc.constantFrom(0, 1)),
        compress: fc.constantFrom('', ' pstore.compress=none', ' pstore.compress=deflate'),
        cpus: fc.constantFrom(1, 2, 4),
        endian: fc.constantFrom('little', 'little', 'big'),
        seed: fc.integer(),
        plant: fc.array(fc.record({ start: fc.nat(), size: fc.nat() }), { maxLength: 16 }),
        imageExtra: fc.constantFrom(0, 0, 0, 1, -1, 4096),
        // Half the cases: sizes that fit the region (what a real board has), so
        // the decode gets past the probe; the other half mostly does not.
        plausible: fc.boolean(),
        shifts: fc.array(fc.integer({ min: 2, max: 9 }), { minLength: 4, maxLength: 4 })
      })
      .map((p) => {
        const [r = 3, c = 3, f = 5, m = 4] = p.shifts;
        const fit = (shift: number, v: number) => (p.plausible ? p.memSize >> shift : v);
        const ecc = p.plausible ? [0, 16, 32, 64][p.ecc % 4]! : p.ecc;
        let params =
          `ramoops.mem_size=${p.memSize} ramoops.record_size=${fit(r, p.record)} ramoops.console_size=${fit(c, p.console)} ` +
          `ramoops.ftrace_size=${fit(f, p.ftrace)} ramoops.pmsg_size=${fit(m, p.pmsg)} ramoops.ecc=${ecc}`;
        if (p.maxReason !== null) params += ` ramoops.max_reason=${p.maxReason}`;
        if (p.dumpOops !== null) params += ` ramoops.dump_oops=${p.dumpOops}`;
        if (!before(p.kernel, 4, 17)) params += p.compress;
        const img = randomBytes(p.seed, Math.max(1, p.memSize + p.imageExtra));
        const zones = zonesOf(params, p.kernel, p.cpus, 16) ?? [];
        for (const [i, z] of zones.entries()) {
          const f = p.plant[i];
          if (!f) break;
          const cap = z.geometry.bufferSize;
          const size = f.size % (cap + 2);
          writeHeader(img, z, { sig: 0x43474244 ^ z.sigXor, size, start: f.start % (size + 1) });
          fixHeaderParity(img, z);
        }
        return {
          generator: 'random-params',
          image: img,
          args: [
            '--params',
            params,
            '--kernel',
            p.kernel,
            '--cpus',
            String(p.cpus),
            '--endian',
            p.endian
          ],
          what: `${params} on ${p.kernel}, ${p.cpus} CPU(s), ${p.endian}, ${Math.min(p.plant.length, zones.length)} header(s) planted`
        };
      })
};
