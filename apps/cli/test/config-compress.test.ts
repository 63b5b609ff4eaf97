/**
 * pstore.compress / --compress through the built command: names no kernel
 * knew are refused with the chosen kernel's list and what it would do with
 * the name; real names keep the kernel's behaviour (6.6+ falls back to
 * deflate with its log line; 4.17–6.5 none leaves dumps plain, lzo … zstd
 * run there; on 4.7–4.16 lzo and lz4 stand for the build's Kconfig backend).
 * Kernel counterpart: fs/pstore/platform.c pstore_choose_compression()
 * (4.17–6.5), allocate_buf_for_compression() (6.6+).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectBadInput } from '@pstore/cli-kit/testing';
import { pstoreProcess, tmp } from './helpers.ts';

describe('pstore --compress', () => {
  it('refuses banana on 6.12, saying 6.12 would fall back to deflate', () => {
    expectBadInput(
      pstoreProcess(['layout', '--compress', 'banana']),
      /^pstore layout: pstore\.compress="banana" is not a compressor any kernel knows; kernel 6\.12 knows deflate and none, and given this name it would log "Unsupported compression 'banana', falling back to deflate" and deflate/
    );
  });

  it('refuses pstore.compress=banana in --params on 5.10, listing the crypto-API names', () => {
    expectBadInput(
      pstoreProcess([
        'encode',
        '--out',
        '/dev/null',
        '--kernel',
        '5.10',
        '--params',
        'pstore.compress=banana'
      ]),
      /kernel 5\.10 knows deflate, lzo, lz4, lz4hc, 842, zstd \(none to store dumps uncompressed\), and given this name it would match no zbackend and store dumps uncompressed/
    );
  });

  it('refuses any name before 4.17, which has no such parameter', () => {
    expectBadInput(
      pstoreProcess(['layout', '--kernel', '4.9', '--compress', 'banana']),
      /kernels before 4\.17 have no pstore\.compress parameter/
    );
  });

  it("takes lzo on 6.12 with the kernel's fallback line, and deflates", () => {
    const dir = tmp('lzo');
    const dump = join(dir, 'dump.txt');
    writeFileSync(dump, `Panic#1 Part1\n${'<0>[    1.000000] repeated line\n'.repeat(400)}`);
    const image = join(dir, 'ram.bin');
    expect(pstoreProcess(['layout', '--compress', 'lzo']).stdout).toContain(
      "note: Unsupported compression 'lzo', falling back to deflate"
    );
    const enc = pstoreProcess(['encode', '--out', image, '--compress', 'lzo', '--dmesg', dump]);
    expect(enc.code).toBe(0);
    expect(enc.stdout).toMatch(/compressed to \d+/);
    const dec = pstoreProcess(['decode', image, '--compress', 'lzo']);
    expect(dec.code).toBe(0);
    expect(dec.stdout).toContain("note: Unsupported compression 'lzo', falling back to deflate");
    expect(dec.stdout).toMatch(/^dmesg-ramoops-0 /m);
  });

  it('takes lzo on 6.1, which then writes and reads lzo streams (no refusal any more)', () => {
    expect(pstoreProcess(['layout', '--kernel', '6.1', '--compress', 'lzo']).code).toBe(0);
  });

  it('takes lz4 and lzo on 4.9 and 4.14 as the Kconfig backend, round trip through encode', () => {
    const dir = tmp('lz4-49');
    const dump = join(dir, 'dump.txt');
    writeFileSync(dump, `Panic#1 Part1\n${'<0>[    1.000000] repeated line\n'.repeat(400)}`);
    for (const [kernel, alg] of [
      ['4.9.337', 'lz4'],
      ['4.14.300', 'lzo']
    ] as const) {
      const image = join(dir, `${alg}.bin`);
      const args = ['--kernel', kernel, '--compress', alg];
      const enc = pstoreProcess(['encode', '--out', image, ...args, '--dmesg', dump]);
      expect(enc.code, enc.stderr).toBe(0);
      expect(enc.stdout).toMatch(/compressed to \d+/);
      const dec = pstoreProcess(['decode', image, ...args, '--out', join(dir, alg)]);
      expect(dec.code, dec.stderr).toBe(0);
      // The header and the newest lines that fit big_oops_buf, expanded again.
      // (ECC 16 on the default board: 4.9's notice follows the text.)
      const file = readFileSync(join(dir, alg, 'dmesg-ramoops-0'), 'utf8');
      expect(file.endsWith('\nNo errors detected\n')).toBe(true);
      const text = file.slice(0, -'\nNo errors detected\n'.length);
      expect(text.startsWith('Panic#1 Part1\n<0>')).toBe(true);
      expect(text.length).toBeGreaterThan(1000);
      expect(readFileSync(dump, 'utf8').endsWith(text.slice('Panic#1 Part1\n'.length))).toBe(true);
    }
    expectBadInput(
      pstoreProcess(['layout', '--kernel', '4.14', '--compress', 'zstd']),
      /kernels before 4\.17 have no pstore\.compress parameter.*zlib by default, lzo or lz4/
    );
  });

  it('takes none on 5.10: no zbackend matches, dumps stay plain', () => {
    expect(pstoreProcess(['layout', '--kernel', '5.10', '--compress', 'none']).code).toBe(0);
  });
});
