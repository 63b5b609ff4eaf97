/**
 * A seeded PRNG, so that every fault a run injects can be replayed: the same
 * seed gives the same run. sfc32 seeded through splitmix32.
 * Kernel counterpart: none.
 */

export interface Prng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [0, n). */
  int(n: number): number;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** `k` distinct integers in [0, n), in increasing order. */
  distinct(k: number, n: number): number[];
}

export function createPrng(seed: number): Prng {
  let s = seed >>> 0;
  const splitmix = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  const next = () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t / 2 ** 32;
  };
  for (let i = 0; i < 12; i++) next();
  const int = (n: number) => Math.floor(next() * n);
  return {
    next,
    int,
    pick: (items) => items[int(items.length)]!,
    distinct(k, n) {
      const chosen = new Set<number>();
      const want = Math.min(k, n);
      while (chosen.size < want) chosen.add(int(n));
      return [...chosen].sort((x, y) => x - y);
    }
  };
}

/**
 * The seed of cycle `cycle` of a run seeded `seed`: each cycle draws from its
 * own stream, so that one cycle replays alone (`device campaign --cycle K`).
 */
export function cycleSeed(seed: number, cycle: number): number {
  let z = (Math.imul(seed >>> 0, 0x9e3779b1) + Math.imul(cycle >>> 0, 0x85ebca77)) >>> 0;
  z = Math.imul(z ^ (z >>> 15), 0x2c1b3c6d) >>> 0;
  z = Math.imul(z ^ (z >>> 12), 0x297a2d39) >>> 0;
  return (z ^ (z >>> 15)) >>> 0;
}
