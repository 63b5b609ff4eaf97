import { describe, expect, it } from 'vitest';
import { createWriteBudget, PersistentRamZone, WriterStoppedError } from '../src/index.ts';

const enc = new TextEncoder();

/** Replays a write with every possible budget and checks what the next boot finds. */
function everyCut(eccSize: number, before: string[], write: string): number {
  const base = new Uint8Array(512);
  const z = PersistentRamZone.attach(base, { ecc: { eccSize } });
  for (const w of before) z.write(enc.encode(w));
  const full = base.slice();
  PersistentRamZone.share(full, { ecc: { eccSize } }).write(enc.encode(write));
  const dataEnd = 12 + z.bufferSize;

  for (let budget = 0, cuts = 0; ; budget++) {
    const mem = base.slice();
    const zone = PersistentRamZone.share(mem, {
      ecc: { eccSize },
      budget: createWriteBudget(budget)
    });
    try {
      zone.write(enc.encode(write));
      expect(Buffer.compare(mem, full)).toBe(0);
      return cuts;
    } catch (e) {
      expect(e).toBeInstanceOf(WriterStoppedError);
      cuts++;
    }
    const next = PersistentRamZone.attach(mem, { ecc: { eccSize } }); // never throws
    // The record it shows is made of RAM bytes, each of which is what was there
    // before the write or what the write meant to put there: a torn write (even
    // after ECC "corrects" a half-written block) never invents bytes. The header
    // may already count bytes not yet copied; they show RAM's previous contents,
    // exactly as on hardware.
    const invented: number[] = [];
    for (let i = 12; i < dataEnd; i++) {
      if (mem[i] !== base[i] && mem[i] !== full[i]) invented.push(i - 12);
    }
    expect(invented, `budget ${budget}: data bytes neither old nor written`).toEqual([]);
    // A header field is an atomic_t: old or new, never half of each.
    for (const field of [4, 8]) {
      const word = (m: Uint8Array) => new DataView(m.buffer).getUint32(field, true);
      expect([word(base), word(full)], `budget ${budget}: header word at ${field}`).toContain(
        word(mem)
      );
    }
    expect(next.old?.length ?? 0).toBeLessThanOrEqual(z.bufferSize);
  }
}

describe('torn writes (a write budget that runs out mid-store)', () => {
  it.each([0, 16])('ECC %i: a cut at any byte leaves a zone the next boot attaches', (ecc) => {
    const cuts = everyCut(ecc, ['first line\n'], 'second, longer line of text\n');
    expect(cuts).toBeGreaterThan(28); // header words + 28 data bytes (+ parity with ECC)
  });

  it.each([0, 16])('ECC %i: a cut in a write that wraps the ring', (ecc) => {
    everyCut(ecc, ['x'.repeat(300)], 'y'.repeat(250));
  });

  it('stores in the kernel order: size, start, data, then parity', () => {
    const mem = new Uint8Array(256);
    PersistentRamZone.attach(mem, { ecc: { eccSize: 16 } });
    const after = (n: number) => {
      const m = mem.slice();
      try {
        PersistentRamZone.share(m, { ecc: { eccSize: 16 }, budget: createWriteBudget(n) }).write(
          enc.encode('abcd')
        );
      } catch {
        // stopped
      }
      const v = new DataView(m.buffer);
      return {
        start: v.getUint32(4, true),
        size: v.getUint32(8, true),
        data: new TextDecoder().decode(m.subarray(12, 16))
      };
    };
    expect(after(4)).toEqual({ start: 0, size: 4, data: '\0\0\0\0' });
    expect(after(8)).toEqual({ start: 4, size: 4, data: '\0\0\0\0' });
    expect(after(10)).toEqual({ start: 4, size: 4, data: 'ab\0\0' });
  });
});
