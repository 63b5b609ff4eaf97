/**
 * Every compressor of the crypto-API era through the command: `encode --compress ALG` on
 * 4.17–6.5 writes ALG streams that `decode` with the same setting expands to the text the
 * encoder reported; a 6.6+ reader, or one set to another algorithm, shows `.enc.z`; and
 * `pstore inflate` expands such a file with the right kernel, guessing the algorithm, or
 * says in one line why it cannot (exit 2).
 * Kernel counterpart: fs/pstore/platform.c pstore_dump(), decompress_record() (4.17–6.5 and
 * 6.6+), inode.c (the .enc.z name).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectBadInput } from '@pstore/cli-kit/testing';
import { deflate } from 'pako';
import { describe, expect, it } from 'vitest';
import { pstore, pstoreProcess, tmp } from './helpers.ts';

const ALGS = ['lzo', 'lz4', 'lz4hc', '842', 'zstd'] as const;
const dir = tmp('algs');
const dump = join(dir, 'dump.txt');
writeFileSync(
  dump,
  'Panic#1 Part1\n' +
    Array.from(
      { length: 600 },
      (_, i) =>
        `<${i % 8}>[${String(i).padStart(5)}.000${i % 10}00] usb 1-${i % 4}: error -${70 + (i % 3)}\n`
    ).join('')
);
const CONFIG = ['--kernel', '5.10', '--ecc', '16'];

function encodeDecode(alg: string) {
  const image = join(dir, `ram-${alg}.bin`);
  const enc = pstore('encode', '--out', image, ...CONFIG, '--compress', alg, '--dmesg', dump);
  expect(enc.stderr).toBe('');
  expect(enc.code).toBe(0);
  return { image, enc };
}

describe.each(ALGS.map((a) => [a]))('--compress %s on 5.10', (alg) => {
  it('encodes a compressed dmesg record and decodes it back to the kept text', () => {
    const { image, enc } = encodeDecode(alg);
    expect(enc.stdout).toMatch(
      /dmesg-ramoops-0: \d+ bytes of the \d+ in .*dump\.txt, compressed to \d+/
    );
    expect(enc.stdout).toContain(`zbufsize_${alg === 'lz4hc' ? 'lz4' : alg}(bufsize`);
    const out = join(dir, `out-${alg}`);
    const dec = pstore('decode', image, ...CONFIG, '--compress', alg, '--out', out);
    expect(dec.code).toBe(0);
    const text = readFileSync(join(out, 'dmesg-ramoops-0'), 'latin1');
    expect(text.startsWith('Panic#1 Part1\n<')).toBe(true);
    expect(text).toMatch(/\] usb 1-3: error -72\n\nNo errors detected\n$/);
  });

  it('shows .enc.z to a 6.6+ reader and to a reader set to another algorithm', () => {
    const { image } = encodeDecode(alg);
    for (const reader of [
      ['--kernel', '6.12', '--ecc', '16'],
      [...CONFIG, '--compress', alg === 'zstd' ? 'lz4' : 'zstd']
    ]) {
      const out = join(dir, `enc-${alg}-${reader[1]}`);
      expect(pstore('decode', image, ...reader, '--out', out).code).toBe(0);
      expect(readdirSync(out)).toContain('dmesg-ramoops-0.enc.z');
    }
  });

  it('inflates the .enc.z file with --kernel 5.10, guessing the algorithm', () => {
    const { image } = encodeDecode(alg);
    const out = join(dir, `inflate-${alg}`);
    pstore('decode', image, '--kernel', '6.12', '--ecc', '16', '--out', out);
    const encz = join(out, 'dmesg-ramoops-0.enc.z');
    // The text 5.10 showed, with the ECC notice of the file inflated (6.12's form).
    const text = readFileSync(join(dir, `out-${alg}`, 'dmesg-ramoops-0'), 'latin1');
    const expected = text.replace(/\nNo errors detected\n$/, '\nECC: No errors detected\n');
    const r = pstoreProcess(['inflate', encz, '--kernel', '5.10']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(expected);
    const name = alg === 'lz4hc' ? 'lz4' : alg;
    expect(r.stderr).toMatch(
      new RegExp(
        `^.*dmesg-ramoops-0\\.enc\\.z: ${name} .*fitted: \\d+ bytes → \\d+ bytes of text, then the 25-byte ECC notice\\n$`
      )
    );
    const told = join(dir, `told-${alg}.txt`);
    const t = pstore('inflate', encz, '--kernel', '5.10', '--compress', alg, '--out', told);
    expect(t.code).toBe(0);
    expect(readFileSync(told, 'latin1')).toBe(expected);
  });
});

describe('pstore inflate refusals', () => {
  const { image } = encodeDecode('zstd');
  const out = join(dir, 'refusals');
  pstore('decode', image, '--kernel', '6.12', '--ecc', '16', '--out', out);
  const encz = join(out, 'dmesg-ramoops-0.enc.z');

  it('says which decoders a 6.6+ kernel tried, and what the bytes look like', () => {
    expectBadInput(
      pstoreProcess(['inflate', encz, '--kernel', '6.12']),
      /^pstore inflate: .*dmesg-ramoops-0\.enc\.z: no decompressor of kernel 6\.12 expands it \(tried deflate\); the kernel shows it as it is \(\.enc\.z\); it starts with a zstd frame magic: a 4\.17–6\.5 kernel with pstore\.compress=zstd wrote it/
    );
  });

  it('refuses the wrong --compress, a missing --kernel, a missing file, and noise', () => {
    expectBadInput(
      pstoreProcess(['inflate', encz, '--kernel', '5.10', '--compress', 'lz4']),
      /no decompressor of kernel 5\.10 expands it \(tried lz4\)/
    );
    expectBadInput(pstoreProcess(['inflate', encz]), /--kernel is needed/);
    expectBadInput(
      pstoreProcess(['inflate', join(dir, 'nope'), '--kernel', '6.1']),
      /cannot read .*nope: ENOENT/
    );
    const noise = join(dir, 'noise.enc.z');
    writeFileSync(noise, Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 37 + 11) & 0xff)));
    expectBadInput(
      pstoreProcess(['inflate', noise, '--kernel', '6.1']),
      /no decompressor of kernel 6\.1 expands it \(tried deflate, lzo, lz4, 842, zstd\)/
    );
  });

  it('expands a 4.9 zlib record with --kernel 4.9, and points a 6.1 reader at it', () => {
    // What a 4.9 kernel stores: zlib-wrapped deflate, windowBits 12, memLevel 4.
    const text = readFileSync(dump).subarray(0, 3000);
    const encz = join(dir, 'from-4.9.enc.z');
    writeFileSync(
      encz,
      Buffer.concat([
        deflate(text, { level: 6, windowBits: 12, memLevel: 4 }),
        Buffer.from('\nNo errors detected\n')
      ])
    );
    const r = pstoreProcess(['inflate', encz, '--kernel', '4.9']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(text.toString('latin1') + '\nNo errors detected\n');
    expect(r.stderr).toMatch(
      /: deflate fitted: \d+ bytes → 3000 bytes of text, then the 20-byte ECC notice\n$/
    );
    expectBadInput(
      pstoreProcess(['inflate', encz, '--kernel', '6.1']),
      /it starts with a zlib header: a kernel before 4\.17 wrote it \(try --kernel 4\.9\)/
    );
  });
});
