/**
 * GF(2^8) multiplication as one table lookup: mul[a << 8 | b] = a·b.
 * Kernel counterpart: none (decode_rs.c multiplies through index_of[] and
 * alpha_to[] with an rs_modnn() fold each time).
 *
 * Why a 64 KiB table: the decoder's error path multiplies field elements in
 * polynomial form tens of thousands of times per uncorrectable block (a
 * region of garbage is all such blocks). Through logarithms each product is
 * two loads, an add, a fold and a zero test; here it is one load with no
 * branch, and a zero factor gives zero by construction.
 */
import { NN, type GaloisField } from './galois-field.ts';

export interface GfMul {
  /** mul[a << 8 | b] = a·b in polynomial form. */
  readonly mul: Uint8Array;
  /** inv[a] = a⁻¹ for a ≠ 0; inv[0] = 0. */
  readonly inv: Uint8Array;
}

const cache = new WeakMap<Uint8Array, GfMul>();

/** The product and inverse tables of a field (built once per field, ~1 ms). */
export function gfMul(field: GaloisField): GfMul {
  const hit = cache.get(field.alphaTo);
  if (hit) return hit;
  const { alphaTo, indexOf } = field;
  const mul = new Uint8Array(256 * 256);
  const inv = new Uint8Array(256);
  for (let a = 1; a < 256; a++) {
    const la = indexOf[a]!;
    inv[a] = alphaTo[(NN - la) % NN]!;
    for (let b = 1; b < 256; b++) mul[(a << 8) | b] = alphaTo[(la + indexOf[b]!) % NN]!;
  }
  const tables = { mul, inv };
  cache.set(field.alphaTo, tables);
  return tables;
}
