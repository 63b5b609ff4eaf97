/**
 * Zone signatures of other eras and kinds: 0, the bare persistent-RAM
 * signature in an ftrace zone, an ftrace signature (sig ^ LINUX_VERSION_CODE
 * of every era) in a dump, console or pmsg zone or in an ftrace zone of
 * another version, and random words. Header parity is rewritten so that
 * ECC cannot put the right one back.
 * Kernel counterpart: fs/pstore/ram.c (ftrace zones' sig = LINUX_VERSION_CODE),
 * ram_core.c persistent_ram_post_init() (a wrong signature zaps the zone).
 */
import fc from 'fast-check';
import { FTRACE_SIGS, PERSISTENT_RAM_SIG } from '../eras.ts';
import { fixHeaderParity, writeHeader, zonesOf } from '../image-zones.ts';
import { kernelVectors, vectorArgs } from '../vectors.ts';
import type { Generator } from './generator.ts';

const SIGS = [0, PERSISTENT_RAM_SIG, ...FTRACE_SIGS, 0xffffffff];

export const signaturesGenerator: Generator = {
  name: 'signatures',
  weight: 2,
  needsVectors: true,
  arbitrary: () => {
    const vectors = kernelVectors();
    return fc
      .record({
        v: fc.nat(vectors.length - 1),
        edits: fc.array(
          fc.record({ zone: fc.nat(), sig: fc.oneof(fc.constantFrom(...SIGS), fc.nat()) }),
          { minLength: 1, maxLength: 8 }
        ),
        kernel: fc.option(fc.constantFrom('4.9.337', '5.10.234', '6.1.100', '6.12.20'))
      })
      .map(({ v, edits, kernel }) => {
        const vec = vectors[v]!;
        const img = vec.image.slice();
        const zones = zonesOf(vec.params, vec.kernel) ?? [];
        const said: string[] = [];
        for (const e of edits) {
          const z = zones[e.zone % zones.length];
          if (!z) break;
          writeHeader(img, z, { sig: e.sig });
          fixHeaderParity(img, z);
          said.push(`${z.type} ${z.index} sig 0x${(e.sig >>> 0).toString(16)}`);
        }
        const args = vectorArgs(vec);
        // Read with another kernel: the ftrace signature no longer matches.
        if (kernel !== null) args[3] = kernel;
        return {
          generator: 'signatures',
          image: img,
          args,
          what: `${vec.name}: ${said.join(', ')}${kernel ? `, read as ${kernel}` : ''}`
        };
      });
  }
};
