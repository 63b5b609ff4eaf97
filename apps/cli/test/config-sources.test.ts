import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readKernelCase, skipMessage, vectorsAvailable } from '@pstore/test-vectors';
import { pstore, tmp } from './helpers.ts';

if (!vectorsAvailable) skipMessage();

interface LayoutJson {
  memSize: number;
  dumpCount: number;
  sizes: { recordSize: number };
  zones: {
    type: string;
    index: number;
    offset: number;
    size: number;
    dataCapacity: number;
    sig: string;
    flags: string;
  }[];
  notes: string[];
}
const layout = (...args: string[]) =>
  JSON.parse(pstore('layout', '--json', ...args).stdout) as LayoutJson;

describe('configuration sources', () => {
  it('a device tree gives the layout of its ramoops node (ramoops.rst example, L2)', () => {
    const dir = tmp('dt');
    const dts = join(dir, 'board.dts');
    writeFileSync(
      dts,
      `/dts-v1/;
/ {
  reserved-memory {
    #address-cells = <2>;
    #size-cells = <2>;
    ranges;
    ramoops@8f000000 {
      compatible = "ramoops";
      reg = <0 0x8f000000 0 0x100000>;
      record-size = <0x4000>;
      console-size = <0x4000>;
    };
  };
};
`
    );
    const j = layout('--dt', dts, '--kernel', '6.12');
    expect(j.dumpCount).toBe(63);
    expect(j.zones.find((z) => z.type === 'console')).toMatchObject({
      offset: 0xfc000,
      size: 0x4000
    });
    // DT defaults: no ftrace or pmsg zone.
    expect(j.zones.some((z) => z.type === 'ftrace' || z.type === 'pmsg')).toBe(false);
  });

  it('individual flags override the device tree', () => {
    const dir = tmp('dt2');
    const dts = join(dir, 'b.dts');
    writeFileSync(
      dts,
      '/ { reserved-memory { #address-cells = <1>; #size-cells = <1>; ranges; ramoops@0 { compatible = "ramoops"; reg = <0x0 0x10000>; record-size = <0x1000>; }; }; };'
    );
    const j = layout('--dt', dts, '--ecc', '16', '--pmsg-size', '0x1000');
    expect(j.zones.find((z) => z.type === 'pmsg')).toMatchObject({
      size: 0x1000,
      dataCapacity: 3604
    });
  });

  it('a whole /proc/cmdline works: other words are ignored', () => {
    const j = layout(
      '--params',
      'BOOT_IMAGE=/vmlinuz root=/dev/sda1 quiet ramoops.mem_size=0x10000 ramoops.record_size=0x1000 splash'
    );
    expect(j.memSize).toBe(0x10000);
    expect(j.dumpCount).toBe(13);
  });

  it('non-power-of-two sizes are rounded down with a note', () => {
    const j = layout('--mem-size', '0x20000', '--record-size', '0x3000');
    expect(j.sizes.recordSize).toBe(0x2000);
    // 6.12 then splits the 0x1d000-byte dump area over 14 zones, rounded down to even.
    expect(j.zones[0]).toMatchObject({ type: 'dmesg', size: 0x2124 });
    expect(j.notes.join('\n')).toMatch(/record_size 0x3000 rounded down to 0x2000/);
  });
});

describe.skipIf(!vectorsAvailable)('decode --offset in a larger RAM dump', () => {
  it('finds the region at the offset; mem_address never moves the read position', () => {
    const c = readKernelCase('debian-6.1-ecc0-none');
    const dump = new Uint8Array(c.image.length + 0x3000);
    dump.set(c.image, 0x3000);
    const dir = tmp('offset');
    const file = join(dir, 'ram.bin');
    writeFileSync(file, dump);
    const r = pstore(
      'decode',
      file,
      '--offset',
      '0x3000',
      '--params',
      c.cmdline,
      '--kernel',
      '6.1.192',
      '--json'
    );
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { records: { name: string; size: number }[] };
    expect(j.records).toEqual([
      expect.objectContaining({
        name: 'dmesg-ramoops-0',
        size: c.files.get('dmesg-ramoops-0')!.length
      })
    ]);
    const without = pstore('decode', file, '--params', c.cmdline, '--kernel', '6.1.192', '--json');
    expect((JSON.parse(without.stdout) as { records: unknown[] }).records).toEqual([]);
  });
});
