/**
 * A zone's RAM after writes, byte for byte, against the same zone whose
 * codec is the byte-serial port of lib/reed_solomon (no tables, no
 * WebAssembly, no short-message path): the header parity, the data parity
 * and, under a write budget, the bytes a cut leaves.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import {
  createWriteBudget,
  PersistentRamZone,
  persistentRamGeometry,
  WriterStoppedError,
  type EccInfo
} from '../src/index.ts';

/** While `on`, sharedRsCodec() hands out the straight port instead. */
const oracle = vi.hoisted(() => ({ on: false, made: 0 }));

vi.mock('../src/rs/shared-codec.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/rs/shared-codec.ts')>();
  const { createReferenceRsCodec } = await import('../src/rs/reference.ts');
  return {
    ...real,
    sharedRsCodec(nroots: number, poly: number) {
      if (!oracle.on) return real.sharedRsCodec(nroots, poly);
      oracle.made++;
      return createReferenceRsCodec({ nroots, poly, fcr: 0, prim: 1 });
    }
  };
});

const MEMORY = ['plain', 'shared', 'offset 1', 'offset 2'] as const;

/** Two identical regions of `size` bytes of the given kind. */
function regions(kind: (typeof MEMORY)[number], size: number, fill: number): Uint8Array[] {
  const skip = kind.startsWith('offset') ? Number(kind.slice(-1)) : 0;
  return [0, 1].map(() => {
    const buffer =
      kind === 'shared' ? new SharedArrayBuffer(size + skip) : new ArrayBuffer(size + skip);
    return new Uint8Array(buffer, skip, size).fill(fill);
  });
}

/** A zone and its oracle twin over equal RAM. */
function twins(kind: (typeof MEMORY)[number], size: number, ecc: EccInfo, fill: number) {
  const [a, b] = regions(kind, size, fill) as [Uint8Array, Uint8Array];
  const fast = PersistentRamZone.attach(a, { ecc });
  const made = oracle.made;
  oracle.on = true;
  try {
    const slow = PersistentRamZone.attach(b, { ecc });
    expect(oracle.made).toBe(made + 1);
    return { fast, slow };
  } finally {
    oracle.on = false;
  }
}

const setting = fc.record({
  kind: fc.constantFrom(...MEMORY),
  size: fc.integer({ min: 100, max: 3000 }),
  eccSize: fc.constantFrom(1, 2, 3, 4, 7, 8, 12, 15, 16, 17, 32),
  blockSize: fc.constantFrom(0, 1, 2, 4, 16, 32, 64, 128, 256),
  fill: fc.constantFrom(0, 0xff)
});

/** Whether the geometry exists (some ECC sizes leave no room in small zones). */
function fits(size: number, ecc: EccInfo): boolean {
  try {
    persistentRamGeometry(size, ecc);
    return true;
  } catch {
    return false;
  }
}

// size 'max': fast-check's default size keeps arrays to ~10 bytes, and
// writes must also cross blocks and wrap the ring.
const payload = fc.uint8Array({ maxLength: 400, size: 'max' });
const writes = fc.array(payload, { minLength: 1, maxLength: 12, size: 'max' });

describe('zone RAM with ECC against the straight-port codec', () => {
  it('random write sequences leave identical RAM after every write', () => {
    fc.assert(
      fc.property(setting, writes, ({ kind, size, eccSize, blockSize, fill }, ws) => {
        const ecc = { eccSize, blockSize };
        fc.pre(fits(size, ecc));
        const { fast, slow } = twins(kind, size, ecc, fill);
        expect(Buffer.compare(fast.mem, slow.mem)).toBe(0);
        for (const w of ws) {
          fast.write(w);
          slow.write(w);
          expect(Buffer.compare(fast.mem, slow.mem)).toBe(0);
        }
        fast.zap();
        slow.zap();
        expect(Buffer.compare(fast.mem, slow.mem)).toBe(0);
      }),
      { numRuns: 300 }
    );
  });

  it('a write budget cuts both at the same store, leaving identical RAM', () => {
    fc.assert(
      fc.property(
        setting,
        writes,
        payload,
        fc.nat(),
        ({ kind, size, eccSize, blockSize, fill }, before, last, cut) => {
          const ecc = { eccSize, blockSize };
          fc.pre(fits(size, ecc));
          const { fast, slow } = twins(kind, size, ecc, fill);
          for (const w of before) {
            fast.write(w);
            slow.write(w);
          }
          // Bytes the last write stores at most: header words, data, parity.
          const g = fast.geometry;
          const most = 8 + last.length + (2 + last.length / Math.max(1, g.blockSize)) * eccSize;
          const budget = cut % Math.ceil(most + 2);
          const outcome = (z: PersistentRamZone) => {
            z.setWriteBudget(createWriteBudget(budget));
            try {
              z.write(last);
              return 'whole';
            } catch (e) {
              expect(e).toBeInstanceOf(WriterStoppedError);
              return (e as WriterStoppedError).message;
            }
          };
          expect(outcome(fast)).toBe(outcome(slow));
          expect(Buffer.compare(fast.mem, slow.mem)).toBe(0);
        }
      ),
      { numRuns: 300 }
    );
  });
});
