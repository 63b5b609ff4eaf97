/**
 * A small seeded generator for bulk bytes. fast-check draws the decisions of
 * a case (which vector, which offsets, how many flips); filling a megabyte
 * of garbage through fast-check would cost more than decoding it, so the
 * bytes come from this xorshift stream seeded by a fast-check integer.
 * Kernel counterpart: none.
 */

/** `n` pseudo-random bytes from `seed` (the same seed gives the same bytes). */
export function randomBytes(seed: number, n: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed >>> 0 || 0x9e3779b9;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x;
    out[i + 1] = x >>> 8;
    out[i + 2] = x >>> 16;
    out[i + 3] = x >>> 24;
  }
  for (; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x >>> 0;
  }
  return out;
}

/** Printable kernel-log-like text of `n` bytes. */
export function randomText(seed: number, n: number): Uint8Array {
  const raw = randomBytes(seed, n);
  for (let i = 0; i < n; i++) raw[i] = i % 61 === 60 ? 0x0a : 0x20 + (raw[i]! % 95);
  return raw;
}
