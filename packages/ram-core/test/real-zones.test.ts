import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  kernelCaseNames,
  readKernelCase,
  readVector,
  readVectorJson,
  skipMessage,
  vectorsAvailable
} from '@pstore/test-vectors';
import { PersistentRamZone, persistentRamGeometry, sharedRsCodec } from '../src/index.ts';

if (!vectorsAvailable) skipMessage();

const md5 = (b: Uint8Array) => createHash('md5').update(b).digest('hex');

interface UbootExpected {
  [file: string]: { start?: number; size?: number; payload_len?: number; payload_md5?: string };
}

describe.skipIf(!vectorsAvailable)('U-Boot zone images (vectors/u-boot)', () => {
  const expected = vectorsAvailable ? readVectorJson<UbootExpected>('u-boot/expected.json') : {};

  it('unwraps the full console ring (start 312, size = capacity 4084) to the expected md5', () => {
    const mem = readVector('u-boot/test_pstore_data_console.hex');
    const zone = PersistentRamZone.attach(mem);
    expect(zone.probe.found).toEqual({ state: 'valid', start: 312, size: 4084 });
    expect(zone.old).toHaveLength(4084);
    expect(md5(zone.old!)).toBe(expected['test_pstore_data_console.hex']!.payload_md5);
  });

  it.each(['test_pstore_data_panic1.hex', 'test_pstore_data_panic2.hex'])(
    '%s: stops at size although stale bytes follow it',
    (file) => {
      const mem = readVector(`u-boot/${file}`);
      const zone = PersistentRamZone.attach(mem);
      const e = expected[file]!;
      expect(zone.probe.found).toEqual({ state: 'valid', start: e.start, size: e.size });
      expect(mem.subarray(12 + e.size!).some((b) => b !== 0)).toBe(true);
      // The dump's own "====…\n" header line is ramoops' business; the zone
      // holds exactly size bytes of which the last payload_len are the file.
      expect(md5(zone.old!.subarray(e.size! - e.payload_len!))).toBe(e.payload_md5);
    }
  );
});

/** Zones of the 6.1.192 layout used by every case (KERNEL-LAB.md): 59 dmesg zones of 0x408a, then console, ftrace, pmsg. */
function zones61(): { name: string; offset: number; size: number; sig: number }[] {
  const out = [];
  for (let i = 0; i < 59; i++) {
    out.push({ name: `dmesg-${i}`, offset: i * 0x408a, size: 0x408a, sig: 0 });
  }
  out.push({ name: 'console', offset: 0xedfce, size: 0x8000, sig: 0 });
  out.push({ name: 'ftrace', offset: 0xf5fce, size: 0x2000, sig: 0x0601c0 });
  out.push({ name: 'pmsg', offset: 0xf7fce, size: 0x8000, sig: 0 });
  return out;
}

const cases = kernelCaseNames();

describe.skipIf(!vectorsAvailable)(
  'zones written by real Linux 6.1 kernels (vectors/kernel)',
  () => {
    it.each(cases)('%s: every used zone verifies and re-encodes to the stored parity', (name) => {
      const c = readKernelCase(name);
      const eccSize = Number(c.params['ramoops.ecc']);
      let used = 0;
      for (const z of zones61()) {
        const mem = c.image.slice(z.offset, z.offset + z.size);
        const pristine = mem.slice();
        const view = new DataView(mem.buffer);
        if (view.getUint32(0, true) !== (0x43474244 ^ z.sig) >>> 0) continue;
        const zone = PersistentRamZone.attach(mem, { sig: z.sig, ecc: { eccSize } });
        expect(zone.probe.headerEcc, z.name).toBe(0);
        expect([zone.correctedBytes, zone.badBlocks], z.name).toEqual([0, 0]);
        expect(Buffer.compare(mem, pristine), `${z.name}: attach changed nothing`).toBe(0);
        if (zone.size === 0) continue;
        used++;
        if (!eccSize) continue;
        // Encoding again reproduces the kernel's parity: header, and every block in [0, size).
        const g = persistentRamGeometry(z.size, { eccSize });
        const rs = sharedRsCodec(eccSize, 0x11d);
        const par = new Uint8Array(eccSize);
        rs.encodeInto(mem, 0, 12, par, 0);
        expect(par, `${z.name} header parity`).toEqual(mem.subarray(g.parHeaderOffset));
        for (let pos = 0; pos < zone.size; pos += g.blockSize) {
          const len = Math.min(g.blockSize, g.bufferSize - pos);
          rs.encodeInto(mem, 12 + pos, len, par, 0);
          const slot = g.parBufferOffset + (pos / g.blockSize) * eccSize;
          expect(par, `${z.name} block ${pos / g.blockSize}`).toEqual(
            mem.subarray(slot, slot + eccSize)
          );
        }
      }
      expect(used).toBeGreaterThan(0);
    });

    it.each(cases)(
      '%s: replaying the saved content into a fresh zone rebuilds dmesg zone 0 byte for byte',
      (name) => {
        const c = readKernelCase(name);
        const eccSize = Number(c.params['ramoops.ecc']);
        const kernel = c.image.subarray(0, 0x408a);
        const old = PersistentRamZone.attach(kernel.slice(), { ecc: { eccSize } }).old!;
        const fresh = new Uint8Array(0x408a);
        const zone = PersistentRamZone.attach(fresh, { ecc: { eccSize } });
        zone.write(old);
        expect(Buffer.compare(fresh, kernel)).toBe(0);
      }
    );
  }
);
