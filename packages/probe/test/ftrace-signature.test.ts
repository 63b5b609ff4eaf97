/**
 * The kernel version read from ftrace zone headers: on the real 6.1.192
 * images (vectors/kernel), on images without an ftrace zone, and on
 * signatures that no released kernel could have written.
 * Kernel counterpart: fs/pstore/ram.c ramoops_init_przs() (`sig ^= LINUX_VERSION_CODE`).
 */
import { PERSISTENT_RAM_SIG, parseKernelVersion, persistentRamHeader } from '@pstore/ram-core';
import { ramoopsEra, ramoopsFromCmdline, ramoopsLayout } from '@pstore/ramoops';
import { readKernelCase, skipMessage, vectorsAvailable } from '@pstore/test-vectors';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  findFtraceSignatures,
  kernelFromFtraceSignatures,
  versionLabel,
  versionOfCode,
  versionOfFtraceSig
} from '../src/index.ts';

/** A zone header: signature, start, size, little-endian. */
const header = (sig: number, start: number, size: number) => persistentRamHeader(sig, start, size);

describe('versionOfCode', () => {
  it('reads LINUX_VERSION_CODE as major.minor.sublevel', () => {
    expect(versionOfCode(0x0601c0)).toMatchObject({ major: 6, minor: 1, sublevel: 192 });
    expect(versionOfCode(0x040900)).toMatchObject({ major: 4, minor: 9, sublevel: 0 });
  });

  it('refuses codes no kernel from 4.9 on could have', () => {
    expect(versionOfCode(0)).toBeNull();
    expect(versionOfCode(0x040800)).toBeNull(); // 4.8: older than the eras modelled
    expect(versionOfCode(0x041500)).toBeNull(); // 4.21 never existed
    expect(versionOfCode(0x051400)).toBeNull(); // 5.20 never existed
    expect(versionOfCode(0x0a0000)).toBeNull(); // 10.0: far more likely noise
  });

  it('labels a clamped sublevel as "or later"', () => {
    expect(versionLabel(versionOfCode(0x0409ff)!)).toBe('4.9.255+');
    expect(versionLabel(parseKernelVersion('6.1.192'))).toBe('6.1.192');
  });

  it('inverts the signature ramoops writes for every modelled version', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('4.9', '4.19', '5.4', '5.10', '5.15', '6.1', '6.6', '6.8', '6.12'),
        fc.integer({ min: 0, max: 300 }),
        (series, sub) => {
          const v = parseKernelVersion(`${series}.${sub}`);
          const code = (v.major << 16) | (v.minor << 8) | Math.min(sub, 255);
          const got = versionOfFtraceSig((PERSISTENT_RAM_SIG ^ code) >>> 0);
          expect(got).toMatchObject({
            major: v.major,
            minor: v.minor,
            sublevel: Math.min(sub, 255)
          });
        }
      )
    );
  });
});

describe('findFtraceSignatures', () => {
  it('finds a header at any byte offset, and only where start ≤ size fit', () => {
    const mem = new Uint8Array(0x1000);
    const sig = (PERSISTENT_RAM_SIG ^ 0x060c05) >>> 0;
    mem.set(header(sig, 4, 16), 0x101); // odd offset: ECC layouts have them
    mem.set(header(sig, 20, 16), 0x201); // start > size: not a valid header
    mem.set(header(sig, 0, 0x1000), 0x301); // size beyond the region
    mem.set(header(PERSISTENT_RAM_SIG, 0, 0), 0x401); // a dmesg/console/pmsg header
    const found = findFtraceSignatures(mem);
    expect(found.map((h) => h.offset)).toEqual([0x101]);
    expect(found[0]).toMatchObject({ start: 4, size: 16, code: 0x060c05 });
    expect(kernelFromFtraceSignatures(found)).toMatchObject({
      kind: 'one',
      version: { major: 6, minor: 12, sublevel: 5 }
    });
  });

  it('reads big-endian headers when told', () => {
    const mem = new Uint8Array(64);
    const v = new DataView(mem.buffer);
    v.setUint32(8, (PERSISTENT_RAM_SIG ^ 0x050a64) >>> 0, false);
    v.setUint32(12, 0, false);
    v.setUint32(16, 8, false);
    expect(findFtraceSignatures(mem, 'little')).toEqual([]);
    expect(findFtraceSignatures(mem, 'big').map((h) => versionLabel(h.version))).toEqual([
      '5.10.100'
    ]);
  });

  it('says "several" when headers of different kernels are found', () => {
    const mem = new Uint8Array(0x100);
    mem.set(header((PERSISTENT_RAM_SIG ^ 0x060100) >>> 0, 0, 0), 0);
    mem.set(header((PERSISTENT_RAM_SIG ^ 0x050400) >>> 0, 0, 0), 0x40);
    const k = kernelFromFtraceSignatures(findFtraceSignatures(mem));
    expect(k.kind).toBe('several');
    if (k.kind === 'several') expect(k.versions.map(versionLabel)).toEqual(['5.4.0', '6.1.0']);
  });

  it('finds nothing in zeros or in a region of one repeated byte', () => {
    expect(findFtraceSignatures(new Uint8Array(4096))).toEqual([]);
    expect(findFtraceSignatures(new Uint8Array(4096).fill(0x43))).toEqual([]);
  });
});

if (!vectorsAvailable) skipMessage();

describe.skipIf(!vectorsAvailable)('real kernel images (vectors/kernel)', () => {
  it.each(['custom-6.1-ecc0-all', 'custom-6.1-ecc16-all'])(
    '%s: the ftrace zone names the kernel that wrote it, 6.1.192',
    (name) => {
      const c = readKernelCase(name);
      const k = kernelFromFtraceSignatures(findFtraceSignatures(c.image));
      expect(k.kind).toBe('one');
      if (k.kind !== 'one') return;
      expect(versionLabel(k.version)).toBe('6.1.192');
      expect(c.kernel).toMatch(/^6\.1\.192/);
      // Exactly where 6.1.192 lays out its one ftrace zone: after the console.
      const era = ramoopsEra(k.version);
      const layout = ramoopsLayout(ramoopsFromCmdline(c.cmdline, era), era, { nrCpus: c.nr_cpus });
      expect(k.headers.map((h) => h.offset)).toEqual(layout.ftrace.map((z) => z.offset));
    }
  );

  it('debian-6.1-*: an ftrace zone that was never written still names its kernel', () => {
    // Debian's kernel has no PSTORE_FTRACE, yet ramoops.ftrace_size=0x2000
    // made ramoops lay out and sign the zone (start 0, size 0).
    for (const name of ['debian-6.1-ecc0-deflate', 'debian-6.1-ecc16-none']) {
      const headers = findFtraceSignatures(readKernelCase(name).image);
      expect(headers).toHaveLength(1);
      expect(headers[0]).toMatchObject({ start: 0, size: 0 });
      expect(versionLabel(headers[0]!.version)).toBe('6.1.192');
    }
  });
});
