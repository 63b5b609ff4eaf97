/**
 * The `savedInPlace` attach of a reader that writes nothing afterwards: the
 * saved content of a ring that does not wrap is a view of RAM, and it must
 * hold exactly what the kernel's copy holds — after random writes, after ECC
 * corrections made in RAM, and in the zones real kernels wrote. A ring that
 * wraps is still copied (unwrapped); data writes fail with EROFS.
 * Kernel counterpart: fs/pstore/ram_core.c persistent_ram_save_old().
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  kernelCaseNames,
  readKernelCase,
  skipMessage,
  vectorsAvailable
} from '@pstore/test-vectors';
import { PersistentRamZone, persistentRamGeometry, RamCoreError } from '../src/index.ts';

if (!vectorsAvailable) skipMessage();

/** Whether `a` is a view of `mem`'s memory rather than a copy. */
const viewOf = (a: Uint8Array, mem: Uint8Array) => a.buffer === mem.buffer;

describe('savedInPlace: the saved content of an unwrapped ring is RAM itself', () => {
  it.each([0, 16])('ECC %i: random writes save the same content either way', (eccSize) => {
    fc.assert(
      fc.property(
        fc.integer({ min: 80, max: 700 }),
        fc.array(fc.uint8Array({ maxLength: 900 }), { maxLength: 8 }),
        (zoneSize, writes) => {
          const mem = new Uint8Array(zoneSize);
          const writer = PersistentRamZone.attach(mem, { ecc: { eccSize } });
          for (const w of writes) writer.write(w);
          const copied = PersistentRamZone.attach(mem.slice(), { ecc: { eccSize } });
          const image = mem.slice();
          const read = PersistentRamZone.attach(image, { ecc: { eccSize }, savedInPlace: true });
          expect(read.probe).toEqual(copied.probe);
          expect(read.old).toEqual(copied.old);
          if (read.old) {
            const unwrapped = read.start === 0 || read.start === read.size;
            expect(viewOf(read.old, image)).toBe(unwrapped);
          }
        }
      ),
      { numRuns: 200 }
    );
  });

  it('holds the bytes ECC corrected in RAM, as the copy does', () => {
    const mem = new Uint8Array(4096);
    const text = new TextEncoder().encode(
      'Kernel panic - not syncing: Fatal exception\n'.repeat(40)
    );
    PersistentRamZone.attach(mem, { ecc: { eccSize: 16 } }).write(text);
    const g = persistentRamGeometry(4096, { eccSize: 16 });
    for (let pos = 0; pos < text.length; pos += g.blockSize) mem[12 + pos + 3]! ^= 0x5a;
    const read = PersistentRamZone.attach(mem.slice(), {
      ecc: { eccSize: 16 },
      savedInPlace: true
    });
    const copied = PersistentRamZone.attach(mem.slice(), { ecc: { eccSize: 16 } });
    expect(read.correctedBytes).toBe(Math.ceil(text.length / g.blockSize));
    expect(Buffer.from(read.old!)).toEqual(Buffer.from(text));
    expect(read.old).toEqual(copied.old);
  });

  it('re-saving keeps the view (a dump zone is saved again at every read)', () => {
    const mem = new Uint8Array(1024);
    PersistentRamZone.attach(mem).write(new TextEncoder().encode('oops\n'));
    const read = PersistentRamZone.attach(mem, { savedInPlace: true });
    const first = read.old!;
    read.saveOld();
    expect(viewOf(read.old!, mem)).toBe(true);
    expect(read.old).toEqual(first);
  });

  it('refuses data writes with EROFS, leaving RAM and the saved content as they were', () => {
    const mem = new Uint8Array(1024);
    PersistentRamZone.attach(mem).write(new TextEncoder().encode('first boot\n'));
    const before = mem.slice();
    const read = PersistentRamZone.attach(mem, { savedInPlace: true, label: 'dmesg-0' });
    const attempt = () => read.write(new TextEncoder().encode('second boot\n'));
    expect(attempt).toThrow(RamCoreError);
    expect(attempt).toThrow(/zone dmesg-0 was attached for reading .*11 bytes.*12 bytes/);
    try {
      attempt();
    } catch (e) {
      expect((e as RamCoreError).code).toBe('EROFS');
    }
    expect(() => read.writeUser(new Uint8Array(3))).toThrow(RamCoreError);
    expect(Buffer.compare(mem, before)).toBe(0);
    expect(new TextDecoder().decode(read.old ?? undefined)).toBe('first boot\n');
  });
});

describe.skipIf(!vectorsAvailable)('savedInPlace on zones real Linux 6.1 kernels wrote', () => {
  it.each(kernelCaseNames())('%s: every dump zone saves what the copying attach saves', (name) => {
    const c = readKernelCase(name);
    const eccSize = Number(c.params['ramoops.ecc']);
    let dumps = 0;
    // The 6.1.192 layout of every case: 59 dmesg zones of 0x408a from 0 (KERNEL-LAB.md).
    for (let i = 0; i < 59; i++) {
      const at = i * 0x408a;
      const image = c.image.slice(at, at + 0x408a);
      const copied = PersistentRamZone.attach(image.slice(), { ecc: { eccSize } });
      const read = PersistentRamZone.attach(image, { ecc: { eccSize }, savedInPlace: true });
      expect(read.probe, `dmesg-${i}`).toEqual(copied.probe);
      expect(read.old, `dmesg-${i}`).toEqual(copied.old);
      if (read.old) {
        dumps++;
        expect(viewOf(read.old, image), `dmesg-${i} is a view`).toBe(true);
      }
    }
    expect(dumps).toBeGreaterThan(0);
  });
});
