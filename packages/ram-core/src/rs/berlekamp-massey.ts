/**
 * Berlekamp–Massey: the error locator λ(x) from the syndromes, with the
 * kernel's steps and truncation, in polynomial form.
 * Kernel counterpart: the "Begin Berlekamp-Massey algorithm" part of
 * lib/reed_solomon/decode_rs.c (no erasures, as ram_core.c calls it).
 *
 * Why not the kernel's loops as written: for a block beyond repair this is
 * half the cost of the decode, and a region of garbage is all such blocks.
 * The kernel walks every coefficient up to r at step r and multiplies
 * through logarithms; here
 * - products are single lookups in the multiplication table (gf-mul.ts);
 * - each loop stops at a bound above which the polynomial is known to be
 *   zero (deg λ and deg B are tracked as upper bounds: terms beyond them are
 *   zero in the kernel's arrays too, so skipping them changes no sum);
 * - B(x) ← λ(x)/Δ is written into the spare buffer and the two swap,
 *   instead of converting λ to logarithms at every length change.
 * Each step takes the kernel's branch (Δ = 0, 2L ≤ r − 1) on the same
 * values, so λ is the kernel's coefficient for coefficient; the
 * createReferenceRsCodec oracle (a straight port) checks that on every
 * error count and on garbage.
 */
import type { GfMul } from './gf-mul.ts';

/** Buffers of nroots + 1 symbols, polynomial form. */
export interface BmBuffers {
  /** In: unused. Out: λ(x), λ[0] = 1, coefficients above the returned bound are 0. */
  lambda: Uint8Array;
  /** B(x), the kernel's b[] in polynomial form (0 where the kernel has nn). */
  b: Uint8Array;
  /** Spare buffer of the same size, all zero between calls. */
  spare: Uint8Array;
}

/**
 * Runs the nroots steps on `syn` (S_0..S_{nroots−1}, polynomial form).
 * Returns an upper bound of deg λ; λ is left in `bufs.lambda` (the buffers
 * may have been swapped: read them back from `bufs`).
 */
export function berlekampMassey(
  nroots: number,
  gf: GfMul,
  syn: Uint8Array,
  bufs: BmBuffers
): number {
  const { mul, inv } = gf;
  const n = nroots;
  const lambda = bufs.lambda;
  let b = bufs.b;
  let spare = bufs.spare;
  lambda.fill(0);
  lambda[0] = 1;
  b.fill(0);
  b[0] = 1; // b[] = index_of[λ]: B(x) = 1
  let el = 0;
  let degL = 0;
  let degB = 0;
  for (let r = 1; r <= n; r++) {
    // Δ_r = Σ λ_i·S_{r−1−i} for i < r; λ_i = 0 above degL.
    const top = degL < r - 1 ? degL : r - 1;
    let discr = 0;
    for (let i = 0; i <= top; i++) discr ^= mul[(lambda[i]! << 8) | syn[r - 1 - i]!]!;
    if (discr === 0) {
      // B(x) ← x·B(x), truncated at degree nroots like the kernel's memmove.
      b.copyWithin(1, 0, degB < n ? degB + 1 : n);
      b[0] = 0;
      if (degB < n) degB++;
      continue;
    }
    // λ(x) ← λ(x) + Δ·x·B(x); the kernel computes t[i+1] for i < nroots.
    const row = discr << 8;
    const upd = degB < n - 1 ? degB : n - 1;
    if (2 * el <= r - 1) {
      el = r - el;
      // B(x) ← λ(x)/Δ from the λ before this step, into the spare buffer.
      const invRow = inv[discr]! << 8;
      for (let i = 0; i <= degL; i++) spare[i] = mul[invRow | lambda[i]!]!;
      for (let i = 0; i <= upd; i++) lambda[i + 1] = lambda[i + 1]! ^ mul[row | b[i]!]!;
      const old = b;
      b = spare;
      spare = old;
      spare.fill(0, 0, degB + 1);
      degB = degL;
      if (upd + 1 > degL) degL = upd + 1;
    } else {
      for (let i = 0; i <= upd; i++) lambda[i + 1] = lambda[i + 1]! ^ mul[row | b[i]!]!;
      if (upd + 1 > degL) degL = upd + 1;
      b.copyWithin(1, 0, degB < n ? degB + 1 : n);
      b[0] = 0;
      if (degB < n) degB++;
    }
  }
  bufs.b = b;
  bufs.spare = spare;
  return degL;
}
