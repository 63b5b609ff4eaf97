/**
 * The PstoreError a call throws, for a test to look at its code and message; anything else it
 * throws is thrown on, and a call that returns is an error.
 * Kernel counterpart: none (the negative errno a refused call returns).
 */
import { PstoreError } from '../errors.ts';

export function pstoreErrorOf(fn: () => unknown): PstoreError {
  try {
    fn();
  } catch (e) {
    if (e instanceof PstoreError) return e;
    throw e;
  }
  throw new Error('expected a PstoreError');
}
