import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PersistentRamZone, persistentRamGeometry } from '../src/index.ts';

/** The reference model: a ring holds the newest `capacity` bytes ever written. */
function model(capacity: number, writes: Uint8Array[]) {
  let log: number[] = [];
  let start = 0;
  for (const w of writes) {
    const c = Math.min(w.length, capacity);
    log = log.concat(Array.from(w.subarray(w.length - c))).slice(-capacity);
    start = (start + c) % capacity;
  }
  return { content: Uint8Array.from(log), start, size: log.length };
}

describe('ring writes (persistent_ram_write) against a reference model', () => {
  it.each([0, 16])(
    'ECC %i: random write sizes leave the model content, start and size',
    (eccSize) => {
      fc.assert(
        fc.property(
          fc.integer({ min: 80, max: 700 }),
          fc.array(fc.uint8Array({ maxLength: 900 }), { maxLength: 12 }),
          (zoneSize, writes) => {
            const mem = new Uint8Array(zoneSize);
            const zone = PersistentRamZone.attach(mem, { ecc: { eccSize } });
            for (const w of writes) expect(zone.write(w)).toBe(w.length);
            const m = model(zone.bufferSize, writes);
            expect([zone.start, zone.size]).toEqual([m.start, m.size]);
            // A reboot sees exactly the model's content, with no ECC complaints.
            const after = PersistentRamZone.attach(mem.slice(), { ecc: { eccSize } });
            expect(after.old ?? new Uint8Array(0)).toEqual(m.content);
            expect([after.correctedBytes, after.badBlocks]).toEqual([0, 0]);
          }
        ),
        { numRuns: 200 }
      );
    }
  );

  it('with ECC, bit flips within capacity per block are all corrected at the next attach', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 3000 }),
        fc.integer({ min: 0, max: 2 ** 31 }),
        (payload, seed) => {
          const mem = new Uint8Array(4096);
          PersistentRamZone.attach(mem, { ecc: { eccSize: 16 } }).write(payload);
          const clean = mem.slice();
          const g = persistentRamGeometry(4096, { eccSize: 16 });
          // One flipped byte in each of the first few data blocks in use.
          let flips = 0;
          for (let pos = 0, s = seed; pos < payload.length; pos += g.blockSize, flips++) {
            s = (s * 1103515245 + 12345) >>> 0;
            const at = 12 + pos + (s % Math.min(g.blockSize, payload.length - pos));
            mem[at] = mem[at]! ^ (1 + ((s >>> 24) % 255));
          }
          const z = PersistentRamZone.attach(mem, { ecc: { eccSize: 16 } });
          expect(z.correctedBytes).toBe(flips);
          expect(Buffer.compare(mem, clean)).toBe(0);
          expect(z.old).toEqual(payload);
        }
      ),
      { numRuns: 100 }
    );
  });
});
