/**
 * GF(2^8) log/antilog tables for a given field polynomial.
 * Kernel counterpart: lib/reed_solomon/reed_solomon.c codec_init() table setup.
 */
import { RamCoreError } from '../errno.ts';

/** Number of non-zero field elements for 8-bit symbols (2^8 - 1). */
export const NN = 255;

export interface GaloisField {
  /** alpha_to[i] = α^i in polynomial form; alpha_to[NN] = 0. */
  readonly alphaTo: Uint8Array;
  /** index_of[x] = log_α(x); index_of[0] = NN, the "log of zero" marker. */
  readonly indexOf: Uint8Array;
}

const cache = new Map<number, GaloisField>();

/**
 * Builds (and caches) the tables for 8-bit symbols over `poly`.
 * Fails with EINVAL when `poly` is not a primitive polynomial of degree 8,
 * as init_rs() returns NULL in that case.
 */
export function galoisField(poly: number): GaloisField {
  const hit = cache.get(poly);
  if (hit) return hit;
  if (!Number.isInteger(poly) || poly < 0x100 || poly > 0x1ff) {
    throw new RamCoreError(
      'EINVAL',
      `RS field polynomial 0x${poly.toString(16)} is not of degree 8 (need 0x100..0x1ff)`
    );
  }
  const alphaTo = new Uint8Array(NN + 1);
  const indexOf = new Uint8Array(NN + 1);
  indexOf[0] = NN;
  alphaTo[NN] = 0;
  let sr = 1;
  let cycle = NN;
  for (let i = 0; i < NN; i++) {
    // α must run through all NN non-zero elements before coming back to 1;
    // the kernel only checks the end point, which an irreducible but
    // non-primitive polynomial (e.g. 0x11b) also passes.
    if (sr === 1 && i > 0 && cycle === NN) cycle = i;
    indexOf[sr] = i;
    alphaTo[i] = sr;
    sr <<= 1;
    if (sr & 0x100) sr ^= poly;
    sr &= 0xff;
  }
  // After NN steps a primitive polynomial has cycled back to α^0 = 1.
  if (sr !== 1 || cycle !== NN) {
    throw new RamCoreError(
      'EINVAL',
      `RS field polynomial 0x${poly.toString(16)} is not primitive over GF(2^8)`
    );
  }
  const field = { alphaTo, indexOf };
  cache.set(poly, field);
  return field;
}

/** x mod NN for x >= 0 (the kernel's rs_modnn() fold gives the same). */
export function modnn(x: number): number {
  return x % NN;
}
