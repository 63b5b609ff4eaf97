/**
 * What a generator is: a named fast-check arbitrary of fuzz cases and its
 * share of the runs. Each generator lives in a file of its own beside this
 * one; index.ts lists them.
 * Kernel counterpart: none.
 */
import type fc from 'fast-check';
import type { FuzzCase } from '../case.ts';

export interface Generator {
  readonly name: string;
  /** Relative share of the cases. */
  readonly weight: number;
  /** Mutates the real kernel images: skipped when ../shared/vectors is absent. */
  readonly needsVectors: boolean;
  readonly arbitrary: () => fc.Arbitrary<FuzzCase>;
}
