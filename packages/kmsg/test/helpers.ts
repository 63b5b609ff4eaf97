import { PrintkRing, type PrintkRingOptions } from '../src/index.ts';

/** A ring whose clock the test sets: `t.ns = 12_345_678_000n`. */
export function ringWithClock(options: PrintkRingOptions = {}): {
  ring: PrintkRing;
  t: { ns: bigint };
} {
  const t = { ns: 0n };
  const ring = new PrintkRing({ ...options, clock: () => t.ns });
  return { ring, t };
}

export const text = (b: Uint8Array): string => new TextDecoder().decode(b);
export const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
