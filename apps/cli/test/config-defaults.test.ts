/**
 * One default configuration for both tools: pstore-ts's default board
 * (@pstore/ramoops PSTORE_TS_DEFAULT_BOARD, the device's board), with the
 * rules of --help: nothing given → the board; words without mem_size → the
 * board with those replaced; mem_size given → a whole kernel command line
 * with the kernel's module defaults; decode without mem_size → the image is
 * the region. Through the built command.
 * Kernel counterpart: fs/pstore/ram.c module parameter defaults.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../src/args.ts';
import { CONFIG_OPTIONS, machineConfig } from '../src/config-options.ts';
import { pstoreProcess, tmp } from './helpers.ts';

interface LayoutJson {
  memSize: number;
  dumpCount: number;
  ecc: number;
  sizes: { recordSize: number; consoleSize: number; pmsgSize: number; ftraceSize: number };
  notes: string[];
}
const layout = (...args: string[]): LayoutJson => {
  const r = pstoreProcess(['layout', '--json', ...args]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  // Streamed zone by zone, yet exactly what JSON.stringify(…, null, 2) writes.
  expect(r.stdout).toBe(`${JSON.stringify(JSON.parse(r.stdout), null, 2)}\n`);
  return JSON.parse(r.stdout) as LayoutJson;
};
const BOARD_SIZES = {
  recordSize: 0x4000,
  consoleSize: 0x20000,
  pmsgSize: 0x10000,
  ftraceSize: 0x1000
};
const KERNEL_SIZES = { recordSize: 4096, consoleSize: 4096, pmsgSize: 4096, ftraceSize: 4096 };

describe('the default configuration', () => {
  it('(a) nothing given: the default board, with a note saying it is not a kernel default', () => {
    const j = layout();
    expect(j).toMatchObject({ memSize: 0x100000, ecc: 16, sizes: BOARD_SIZES, dumpCount: 51 });
    expect(j.notes[0]).toMatch(
      /^no configuration given: pstore-ts's default board \(ramoops\.mem_size=0x100000 ramoops\.record_size=0x4000 .*ramoops\.ecc=16\), not a kernel default/
    );
  });

  it('(b) --ecc 0 or ramoops.ecc=0 replaces just that parameter', () => {
    for (const args of [
      ['--ecc', '0'],
      ['--params', 'ramoops.ecc=0']
    ]) {
      const j = layout(...args);
      expect(j).toMatchObject({ memSize: 0x100000, ecc: 0, sizes: BOARD_SIZES });
      expect(j.notes[0]).toMatch(
        /^ramoops\.mem_size not given: the parameters not given come from pstore-ts's default board/
      );
    }
  });

  it('(c) mem_size given (--params, --mem-size): a whole kernel configuration, module defaults', () => {
    for (const args of [
      ['--params', 'quiet ramoops.mem_size=0x100000'],
      ['--mem-size', '1M']
    ]) {
      const j = layout(...args);
      expect(j).toMatchObject({ memSize: 0x100000, ecc: 0, sizes: KERNEL_SIZES, dumpCount: 253 });
      expect(j.notes.join('\n')).not.toMatch(/default board/);
    }
  });

  it('(c) a --dt node (it always has reg) is a whole kernel configuration: DT defaults', () => {
    const dts = join(tmp('dt'), 'b.dts');
    writeFileSync(
      dts,
      '/ { reserved-memory { #address-cells = <1>; #size-cells = <1>; ranges; ramoops@0 { compatible = "ramoops"; reg = <0x0 0x10000>; record-size = <0x1000>; }; }; };'
    );
    const j = layout('--dt', dts);
    expect(j).toMatchObject({ memSize: 0x10000, ecc: 0, dumpCount: 16 });
    expect(j.notes.join('\n')).not.toMatch(/default board/);
  });

  it("(d) decode reads the default board's RAM without a configuration, all records and zones", () => {
    const dir = tmp('board');
    const image = join(dir, 'ram.bin');
    const dumps = [0, 1, 2, 3].map((i) => {
      const f = join(dir, `dump${i}.txt`);
      writeFileSync(
        f,
        `Panic#${i + 1} Part1\n<0>[   ${i}.000000] Kernel panic - not syncing: ${i}\n`
      );
      return ['--dmesg', `${f}:panic:170000000${i}`];
    });
    writeFileSync(join(dir, 'console.txt'), '[    0.000000] Linux version 6.12\n');
    const enc = pstoreProcess([
      'encode',
      '--out',
      image,
      ...dumps.flat(),
      '--console',
      join(dir, 'console.txt')
    ]);
    expect(enc.stderr).toBe('');
    expect(enc.code).toBe(0);
    expect(readFileSync(image).length).toBe(0x100000);

    const dec = pstoreProcess(['decode', image, '--json']);
    expect(dec.code).toBe(0);
    const j = JSON.parse(dec.stdout) as {
      zones: { name: string; size: number }[];
      records: { name: string }[];
      notes: string[];
    };
    expect(j.records.map((r) => r.name).sort()).toEqual([
      'console-ramoops-0',
      'dmesg-ramoops-0',
      'dmesg-ramoops-1',
      'dmesg-ramoops-2',
      'dmesg-ramoops-3'
    ]);
    expect(j.zones.find((z) => z.name === 'console')?.size).toBe(0x20000);
    expect(j.notes[0]).toMatch(
      /^ramoops\.mem_size not given: the region is the image after --offset \(0x100000 bytes\); the other parameters are pstore-ts's default board/
    );

    // The kernel's module defaults are another layout: the board's dumps are not where it looks.
    const asKernel = pstoreProcess(['decode', image, '--mem-size', '1M', '--json']);
    expect(asKernel.code).toBe(0);
    const names = (JSON.parse(asKernel.stdout) as { records: { name: string }[] }).records.map(
      (r) => r.name
    );
    expect(names).not.toContain('dmesg-ramoops-3');
  });

  it("(d) decode takes a larger image as a larger region, the board's other parameters kept", () => {
    const image = join(tmp('big'), 'ram.bin');
    writeFileSync(image, new Uint8Array(0x200000));
    const dec = pstoreProcess(['decode', image, '--params', 'ramoops.ecc=0', '--json']);
    expect(dec.code).toBe(0);
    const j = JSON.parse(dec.stdout) as {
      zones: { name: string; size: number }[];
      notes: string[];
    };
    expect(j.zones.find((z) => z.name === 'console')?.size).toBe(0x20000);
    expect(j.notes[0]).toMatch(
      /the region is the image after --offset \(0x200000 bytes\); the parameters not given come from pstore-ts's default board/
    );
  });

  it('says all this in --help', () => {
    const help = pstoreProcess(['layout', '--help']).stdout;
    expect(help).toMatch(/Without a configuration:\npstore-ts's default board/);
    expect(help).toMatch(
      /with ramoops\.mem_size .* the configuration\nis a whole kernel command line/
    );
    expect(help).toContain(
      'ramoops.mem_size=0x100000 ramoops.record_size=0x4000 ramoops.console_size=0x20000'
    );
    expect(pstoreProcess(['decode', '--help']).stdout).toMatch(
      /`pstore decode` without mem_size takes the image/
    );
  });
});

describe('machineConfig with a region size known only by reading the image', () => {
  const args = (...argv: string[]) => parseArgs(argv, CONFIG_OPTIONS, 'decode');

  it('asks for it only when the configuration does not give mem_size', () => {
    let asked = 0;
    const imageSize = () => {
      asked++;
      return 0x80000;
    };
    expect(machineConfig(args('--mem-size', '1M'), imageSize).config.memSize).toBe(0x100000);
    expect(
      machineConfig(args('--params', 'ramoops.mem_size=0x20000'), imageSize).config.memSize
    ).toBe(0x20000);
    expect(asked).toBe(0);
    expect(machineConfig(args('--ecc', '0'), imageSize).config.memSize).toBe(0x80000);
    expect(asked).toBe(1);
  });
});
