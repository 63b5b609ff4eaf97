/**
 * findZoneHeaders() against a reference that tries every byte offset in
 * turn: random bytes with headers planted at random offsets (plain and
 * ftrace-signed, both byte orders), and the options a scan of a large image
 * in pieces uses (`imageBytes`: a header's size is checked against the whole
 * image; `max`: the first ones only).
 * Kernel counterpart: fs/pstore/ram_core.c persistent_ram_post_init().
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PERSISTENT_RAM_SIG } from '@pstore/ram-core';
import { versionOfFtraceSig } from '../src/ftrace-signature.ts';
import { findZoneHeaders } from '../src/index.ts';

/** Every offset tried in turn, as the scan did before it searched for the top byte. */
function reference(mem: Uint8Array, little: boolean, imageBytes = mem.length): number[][] {
  const view = new DataView(mem.buffer, mem.byteOffset, mem.byteLength);
  const out: number[][] = [];
  for (let at = 0; at + 12 <= mem.length; at++) {
    const sig = view.getUint32(at, little);
    if (sig !== PERSISTENT_RAM_SIG && !versionOfFtraceSig(sig)) continue;
    const start = view.getUint32(at + 4, little);
    const size = view.getUint32(at + 8, little);
    if (size > imageBytes - at - 12 || start > size) continue;
    out.push([at, start, size]);
  }
  return out;
}

const planted = fc.record({
  bytes: fc.uint8Array({ minLength: 12, maxLength: 3000 }),
  headers: fc.array(
    fc.record({
      at: fc.nat(),
      version: fc.constantFrom(0, 0x060c00, 0x0601c0, 0x040900, 0x050a00),
      start: fc.nat({ max: 300 }),
      size: fc.nat({ max: 3000 })
    }),
    { maxLength: 6 }
  ),
  little: fc.boolean()
});

interface Planted {
  readonly bytes: Uint8Array;
  readonly headers: readonly { at: number; version: number; start: number; size: number }[];
  readonly little: boolean;
}

/** The random bytes with the headers written in (later ones over earlier ones). */
function image({ bytes, headers, little }: Planted): Uint8Array {
  const mem = Uint8Array.from(bytes);
  const view = new DataView(mem.buffer);
  for (const h of headers) {
    const at = h.at % (mem.length - 11);
    view.setUint32(at, (PERSISTENT_RAM_SIG ^ h.version) >>> 0, little);
    view.setUint32(at + 4, Math.min(h.start, h.size), little);
    view.setUint32(at + 8, h.size, little);
  }
  return mem;
}

describe('findZoneHeaders', () => {
  it('finds exactly the headers a try at every offset finds', () => {
    fc.assert(
      fc.property(planted, (p) => {
        const mem = image(p);
        const endian = p.little ? 'little' : 'big';
        const got = findZoneHeaders(mem, endian).map((h) => [h.offset, h.start, h.size]);
        expect(got).toEqual(reference(mem, p.little));
      }),
      { numRuns: 300 }
    );
  });

  it('checks sizes against imageBytes, and stops after max', () => {
    fc.assert(
      fc.property(
        planted,
        fc.nat({ max: 5000 }),
        fc.integer({ min: 1, max: 4 }),
        (p, more, max) => {
          const mem = image(p);
          const endian = p.little ? 'little' : 'big';
          const whole = findZoneHeaders(mem, endian, { imageBytes: mem.length + more });
          expect(whole.map((h) => [h.offset, h.start, h.size])).toEqual(
            reference(mem, p.little, mem.length + more)
          );
          const first = findZoneHeaders(mem, endian, { imageBytes: mem.length + more, max });
          expect(first).toEqual(whole.slice(0, max));
        }
      ),
      { numRuns: 200 }
    );
  });

  it('finds a header whose size reaches past the piece when the image holds it', () => {
    const mem = new Uint8Array(64);
    const view = new DataView(mem.buffer);
    view.setUint32(20, PERSISTENT_RAM_SIG, true);
    view.setUint32(24, 100, true);
    view.setUint32(28, 4000, true);
    expect(findZoneHeaders(mem)).toEqual([]);
    expect(findZoneHeaders(mem, 'little', { imageBytes: 1 << 20 })).toEqual([
      { offset: 20, kind: 'plain', version: null, start: 100, size: 4000 }
    ]);
  });
});
