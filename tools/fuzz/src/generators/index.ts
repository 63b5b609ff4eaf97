/**
 * Every generator of the fuzzer, and the one arbitrary that picks among
 * them by weight (those that mutate real kernel images only when
 * ../shared/vectors is there).
 * Kernel counterpart: none.
 */
import fc from 'fast-check';
import type { FuzzCase } from '../case.ts';
import { kernelVectors } from '../vectors.ts';
import { bitFlipsGenerator } from './bit-flips.ts';
import { compressedGenerator } from './compressed.ts';
import { dmesgHeadersGenerator } from './dmesg-headers.ts';
import { ftraceZonesGenerator } from './ftrace-zones.ts';
import type { Generator } from './generator.ts';
import { headerFieldsGenerator } from './header-fields.ts';
import { offsetsGenerator } from './offsets.ts';
import { parityGenerator } from './parity.ts';
import { randomBytesGenerator } from './random-bytes.ts';
import { randomParamsGenerator } from './random-params.ts';
import { signaturesGenerator } from './signatures.ts';
import { truncatedGenerator } from './truncated.ts';

const GENERATORS: readonly Generator[] = [
  randomBytesGenerator,
  bitFlipsGenerator,
  headerFieldsGenerator,
  signaturesGenerator,
  dmesgHeadersGenerator,
  compressedGenerator,
  ftraceZonesGenerator,
  parityGenerator,
  randomParamsGenerator,
  truncatedGenerator,
  offsetsGenerator
];

/** The generators that can run here. */
function activeGenerators(): Generator[] {
  const haveVectors = kernelVectors().length > 0;
  return GENERATORS.filter((g) => haveVectors || !g.needsVectors);
}

let cached: fc.Arbitrary<FuzzCase> | null = null;

/** One arbitrary over every active generator, weighted. */
export function caseArbitrary(): fc.Arbitrary<FuzzCase> {
  cached ??= fc.oneof(
    ...activeGenerators().map((g) => ({ arbitrary: g.arbitrary(), weight: g.weight }))
  );
  return cached;
}
