import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readKernelCase, skipMessage, vectorsAvailable } from '@pstore/test-vectors';
import { describe, expect, it } from 'vitest';
import { pstore, tmp } from './helpers.ts';

if (!vectorsAvailable) skipMessage();

const PARAMS = 'ramoops.mem_size=0x10000 ramoops.record_size=0x4000 ramoops.ecc=0';

/** A region whose dump zone 0 holds `text` (no ECC), as a kernel would have left it. */
function imageWithDump(text: string): string {
  const img = new Uint8Array(0x10000);
  const bytes = new TextEncoder().encode(text);
  const v = new DataView(img.buffer);
  v.setUint32(0, 0x43474244, true);
  v.setUint32(4, bytes.length, true);
  v.setUint32(8, bytes.length, true);
  img.set(bytes, 12);
  const path = join(tmp('hostile'), 'ram.bin');
  writeFileSync(path, img);
  return path;
}

describe('pstore decode on hostile dump headers (issue 11)', () => {
  // A kernel reads "%lld": 20 digits wrap, −2^63 is taken; a Date ends at ±8.64e12 s.
  for (const sec of ['99999999999999999999', '-9223372036854775808', '8640000000001']) {
    it(`shows, prints and writes a dump whose header says ${sec} s`, () => {
      const image = imageWithDump(`====${sec}.000000-D\nPanic#1 Part1\nhello\n`);
      const json = pstore('decode', image, '--params', PARAMS, '--json', '--content');
      expect(json.stderr).toBe('');
      expect(json.code).toBe(0);
      const out = JSON.parse(json.stdout) as {
        records: { name: string; time: string | null; content: { data: string } }[];
        notes: string[];
      };
      expect(out.records[0]).toMatchObject({ name: 'dmesg-ramoops-0', time: null });
      expect(out.records[0]!.content.data).toBe('Panic#1 Part1\nhello\n');
      expect(out.notes.join('\n')).toMatch(
        /dmesg-ramoops-0: its dump header gives .* s, beyond what a date can show/
      );
      expect(pstore('decode', image, '--params', PARAMS).code).toBe(0);
      const dir = join(tmp('hostile-out'), 'out');
      const written = pstore('decode', image, '--params', PARAMS, '--out', dir);
      expect(written.stderr).toBe('');
      expect(written.code).toBe(0);
      expect(readFileSync(join(dir, 'dmesg-ramoops-0'), 'utf8')).toBe('Panic#1 Part1\nhello\n');
    });
  }
});

describe.skipIf(!vectorsAvailable)('pstore decode with parameters that miss every zone', () => {
  it('says where the zone headers are when this layout rejects them all', () => {
    const path = join(tmp('misplaced'), 'ram.bin');
    writeFileSync(path, readKernelCase('custom-6.1-ecc16-all').image);
    const params =
      'ramoops.mem_size=0x100000 ramoops.record_size=0x1000 ramoops.console_size=0x1000 ramoops.ecc=16';
    const r = pstore('decode', path, '--params', params, '--kernel', '6.1.192', '--json');
    expect(r.code).toBe(0);
    const { zones, notes } = JSON.parse(r.stdout) as {
      zones: { state: string }[];
      notes: string[];
    };
    expect(zones.every((z) => z.state === 'bad-signature' || z.state === 'invalid-header')).toBe(
      true
    );
    expect(notes.join('\n')).toMatch(
      /image holds 61 persistent-RAM zone header\(s\) at 0x408a, 0x8114/
    );
  });
});
