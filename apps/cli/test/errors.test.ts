import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectBadInput } from '@pstore/cli-kit/testing';
import { pstore, tmp } from './helpers.ts';

describe('pstore bad input', () => {
  const dir = tmp('errors');
  const small = join(dir, 'small.bin');
  writeFileSync(small, new Uint8Array(4096));
  const empty = join(dir, 'empty.bin');
  writeFileSync(empty, new Uint8Array(0));

  it('a missing image', () => {
    expectBadInput(pstore('decode', join(dir, 'nope.bin')), /image .*nope\.bin does not exist/);
  });
  it('an empty image', () => {
    expectBadInput(pstore('decode', empty), /is empty \(0 bytes\)/);
  });
  it('a short image names the sizes', () => {
    expectBadInput(
      pstore('decode', small, '--mem-size', '0x100000'),
      /too short: .* needs mem_size 1048576 \(0x100000\) bytes from offset 0x0, but only 4096 \(0x1000\)/
    );
  });
  it('an offset beyond the image', () => {
    expectBadInput(
      pstore('decode', small, '--offset', '0x2000'),
      /--offset 0x2000 is beyond the end .* \(4096 bytes\)/
    );
  });
  it('an impossible geometry', () => {
    expectBadInput(
      pstore('layout', '--mem-size', '0x1000', '--record-size', '0x1000'),
      /no room for dmesg .* exceed mem_size 0x1000/
    );
  });
  it('ECC that does not fit a zone', () => {
    expectBadInput(
      pstore(
        'layout',
        '--mem-size',
        '0x1000',
        '--record-size',
        '0x40',
        '--console-size',
        '0',
        '--pmsg-size',
        '0',
        '--ftrace-size',
        '0',
        '--ecc',
        '32'
      ),
      /ecc_size 32/
    );
  });
  it('an unknown option', () => {
    expectBadInput(
      pstore('decode', small, '--frobnicate'),
      /unknown option --frobnicate for `pstore decode`/
    );
  });
  it('an unknown ramoops parameter in --params', () => {
    expectBadInput(
      pstore('layout', '--params', 'ramoops.mem_size=0x100000 ramoops.bogus=1'),
      /unknown parameter "ramoops\.bogus=1"/
    );
  });
  it('a non-numeric size', () => {
    expectBadInput(
      pstore('layout', '--record-size', 'lots'),
      /--record-size: "lots" is not a number/
    );
  });
  it('a bad kernel version', () => {
    expectBadInput(
      pstore('layout', '--kernel', 'six'),
      /kernel version "six" is not of the form x\.y/
    );
  });
  it('an unknown command', () => {
    expectBadInput(pstore('frob'), /unknown command "frob"/);
  });
  it('--params and --dt together', () => {
    expectBadInput(pstore('layout', '--params', 'x', '--dt', 'y'), /either --params or --dt/);
  });
  it('encode without --out', () => {
    expectBadInput(pstore('encode'), /missing --out IMAGE/);
  });
  it('encode: a dump larger than its zone with compression off', () => {
    const big = join(dir, 'big.txt');
    writeFileSync(big, 'x'.repeat(5000));
    expectBadInput(
      // A whole kernel configuration (mem_size given): 4 KiB records, the module default.
      pstore(
        'encode',
        '--out',
        join(dir, 'o.bin'),
        '--mem-size',
        '0x100000',
        '--compress',
        'none',
        '--dmesg',
        big
      ),
      /5000 bytes do not fit dump zone 0: it holds 4084 bytes, 24 of them the dump header \(compression is off\)/
    );
  });
  it('encode: a dump starting with whitespace the header parser would swallow', () => {
    const ws = join(dir, 'ws.txt');
    writeFileSync(ws, ' Panic#1 Part1\n');
    expectBadInput(
      pstore('encode', '--out', join(dir, 'o2.bin'), '--dmesg', ws),
      /starts with whitespace \(0x20\): the kernel's dump-header parser swallows whitespace/
    );
  });

  it('every subcommand has --help', () => {
    for (const cmd of ['decode', 'encode', 'layout']) {
      const r = pstore(cmd, '--help');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^usage: pstore ${cmd}`));
    }
  });
});
