import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  kernelCaseNames,
  readKernelCase,
  readVectorJson,
  skipMessage,
  vectorPath,
  vectorsAvailable
} from '@pstore/test-vectors';
import { pstore, tmp, written } from './helpers.ts';

if (!vectorsAvailable) skipMessage();

const cases = kernelCaseNames();
const md5 = (b: Uint8Array) => createHash('md5').update(b).digest('hex');

describe.skipIf(!vectorsAvailable)(
  'pstore decode on images written by real Linux 6.1 kernels',
  () => {
    it.each(cases)('%s: --out gives exactly the files the kernel showed', (name) => {
      const c = readKernelCase(name);
      const image = join(tmp('img'), 'image.bin');
      writeFileSync(image, c.image);
      const out = tmp('out');
      const r = pstore(
        'decode',
        image,
        '--params',
        c.cmdline,
        '--kernel',
        '6.1.192',
        '--cpus',
        String(c.nr_cpus),
        '--symbols',
        vectorPath('kernel/custom-6.1-System.map.gz'),
        '--out',
        out
      );
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(written(out)).toEqual([...c.files.keys()].sort());
      for (const [file, bytes] of c.files) {
        const got = readFileSync(join(out, file));
        expect(Buffer.compare(got, bytes), `${file} differs`).toBe(0);
      }
      // The dump file's mtime comes from its "====<sec>.<usec>" header.
      const dmesg = readFileSync(join(out, 'dmesg-ramoops-0'));
      expect(dmesg.length).toBeGreaterThan(0);
      expect(Math.abs(statSync(join(out, 'dmesg-ramoops-0')).mtimeMs - Date.now())).toBeGreaterThan(
        60_000
      );
    });

    it.each(cases)('%s: --json lists zones and records with sizes and ECC counts', (name) => {
      const c = readKernelCase(name);
      const image = join(tmp('img'), 'image.bin');
      writeFileSync(image, c.image);
      const r = pstore('decode', image, '--params', c.cmdline, '--kernel', '6.1.192', '--json');
      expect(r.code).toBe(0);
      const j = JSON.parse(r.stdout) as {
        zones: { type: string; state: string }[];
        records: {
          name: string;
          type: string;
          id: number;
          size: number;
          time: string | null;
          compressed: boolean;
          storedBytes: number;
          stillCompressed: boolean;
          ecc: { state: string; corrected: number; bad: number; header: number } | null;
        }[];
      };
      expect(j.zones.filter((z) => z.type === 'dmesg')).toHaveLength(59);
      const dmesg = j.records.find((x) => x.name === 'dmesg-ramoops-0')!;
      // What was in RAM, read from the kernel's own bytes: zone 0's dump header
      // ("====<sec>.<usec>-C" or "-D") follows the 12-byte zone header.
      const header = new TextDecoder().decode(c.image.subarray(12, 48)).split('\n')[0]!;
      expect(header).toMatch(/^====\d+\.\d+-[CD]$/);
      const inRam = header.endsWith('-C');
      expect(dmesg).toMatchObject({
        type: 'dmesg',
        id: 0,
        compressed: inRam,
        stillCompressed: false
      });
      if (inRam) expect(dmesg.storedBytes).toBeLessThan(dmesg.size);
      expect(dmesg.time).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(dmesg.ecc).toEqual(
        c.params['ramoops.ecc'] === '16'
          ? { state: 'clean', corrected: 0, bad: 0, header: 0 }
          : null
      );
      if (!name.includes('custom')) expect(dmesg.size).toBe(c.files.get('dmesg-ramoops-0')!.length);
    });
  }
);

describe.skipIf(!vectorsAvailable)('pstore decode on the U-Boot composite region', () => {
  interface Expected {
    'ramoops_region_1MiB_composite.bin': {
      expected_files: Record<string, { len: number; md5: string }>;
    };
  }
  it('gives U-Boot test_pstore_save_records sizes and md5s, and no ftrace or pmsg record', () => {
    const want =
      readVectorJson<Expected>('u-boot/expected.json')['ramoops_region_1MiB_composite.bin']
        .expected_files;
    const out = tmp('uboot');
    // U-Boot's layout is the pre-6.2 one (ftrace before pmsg), one CPU.
    const r = pstore(
      'decode',
      vectorPath('u-boot/ramoops_region_1MiB_composite.bin'),
      // U-Boot's test region uses the kernel's module defaults (4 KiB zones, no ECC).
      '--params',
      'ramoops.mem_size=0x100000',
      '--kernel',
      '6.1',
      '--out',
      out
    );
    expect(r.code).toBe(0);
    expect(written(out)).toEqual(Object.keys(want).sort());
    for (const [file, { len, md5: sum }] of Object.entries(want)) {
      const got = readFileSync(join(out, file));
      expect(got.length).toBe(len);
      expect(md5(got)).toBe(sum);
    }
  });
});
