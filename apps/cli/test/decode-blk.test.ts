/**
 * `pstore encode|layout|decode --backend blk`: a pstore/blk partition image decoded into
 * the files the kernel shows (dmesg-pstore_blk-N with its "Total" line,
 * console-pstore_blk-0), the zones' states in the table and --json, a
 * partition inside a larger disk with --offset/--size, and bad input as one
 * line with exit 2. The disks are written through @pstore/pstore-zone's
 * backend; real kernels' disks are judged in tools/kernel-interop and in
 * packages/pstore-zone's tests.
 * Kernel counterpart: fs/pstore/zone.c psz_recovery(), psz_pstore_read().
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PSTORE_TYPE, PstoreFs, pstoreCompressor, pstoreRecordInit } from '@pstore/pstore-fs';
import {
  blkConfigFromCmdline,
  memoryZoneDevice,
  PstoreZoneBackend,
  pstoreZoneInfo,
  pszLayout
} from '@pstore/pstore-zone';
import { describe, expect, it } from 'vitest';
import { expectRefused, pstore, tmp } from './helpers.ts';

const WORDS = 'pstore_blk.kmsg_size=8 pstore_blk.console_size=4';
const V = { major: 6, minor: 1, sublevel: 192 };

/** `pstore encode --backend blk` of a 64 KiB partition: two oopses of `oops`, `console`. */
function encodeTwoOopses(out: string, params: string, oops: string, console: string) {
  return pstore(
    ...['encode', '--backend', 'blk', '--size', '0x10000', '--out', out, '--params', params],
    ...['--kernel', '6.1.192', '--console', console],
    ...['--dmesg', `${oops}:oops:1700000000`, '--dmesg', `${oops}:oops:1700000100`]
  );
}

/** A 64 KiB partition after one boot: an oops dump and console text. */
function partition(): Uint8Array {
  const disk = new Uint8Array(64 * 1024);
  const cfg = blkConfigFromCmdline(WORDS, { pmsg: false, console: true, ftrace: false });
  const layout = pszLayout(pstoreZoneInfo(cfg, disk.length, V));
  const backend = new PstoreZoneBackend(memoryZoneDevice(disk), layout);
  new PstoreFs().mount(
    backend,
    pstoreCompressor(V, { algorithm: 'none', bufsize: backend.bufsize })
  );
  const oops = pstoreRecordInit(PSTORE_TYPE.DMESG, { sec: 1_700_000_000, nsec: 5 });
  oops.reason = 2;
  oops.part = 1;
  oops.buf = new TextEncoder().encode('Oops#1 Part1\n<4>[   12.000000] BUG\n');
  oops.size = oops.buf.length;
  backend.write(oops);
  const con = pstoreRecordInit(PSTORE_TYPE.CONSOLE);
  con.buf = new TextEncoder().encode('[   12.000001] console says\n');
  con.size = con.buf.length;
  backend.write(con);
  return disk;
}

describe('pstore encode and layout --backend blk', () => {
  it('encodes a partition that decodes back to the dumps (counters, Total lines) and the console', () => {
    const dir = tmp('blk-enc');
    const oops = join(dir, 'oops.txt');
    writeFileSync(oops, 'Oops#1 Part1\n<4>[   12.000000] BUG\n');
    const con = join(dir, 'console.txt');
    writeFileSync(con, '[    0.000000] Linux version 6.1.192\n');
    const image = join(dir, 'part.img');
    const params = `pstore.compress=none ${WORDS}`;
    const enc = encodeTwoOopses(image, params, oops, con);
    expect(enc.code, enc.stderr).toBe(0);
    expect(enc.stdout).toMatch(
      /wrote .*part\.img: 65536 bytes \(0x10000\), kernel 6\.1\.192, a pstore\/blk partition/
    );
    const out = join(dir, 'out');
    const dec = pstore(
      'decode',
      image,
      '--backend',
      'blk',
      '--params',
      params,
      '--kernel',
      '6.1.192',
      '--out',
      out
    );
    expect(dec.code, dec.stderr).toBe(0);
    expect(readFileSync(join(out, 'dmesg-pstore_blk-0'), 'utf8')).toBe(
      'Oops: Total 1 times\nOops#1 Part1\n<4>[   12.000000] BUG\n'
    );
    expect(readFileSync(join(out, 'dmesg-pstore_blk-1'), 'utf8')).toMatch(/^Oops: Total 2 times\n/);
    expect(readFileSync(join(out, 'console-pstore_blk-0'), 'utf8')).toBe(
      '[    0.000000] Linux version 6.1.192\n'
    );
  });

  it('lays the zones out as psz_alloc_zones() does', () => {
    const r = pstore(
      'layout',
      '--backend',
      'blk',
      '--size',
      '0x10000',
      '--params',
      WORDS,
      '--json'
    );
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as {
      bufsize: number;
      zones: { name: string; offset: number; sig: number }[];
    };
    expect(j.bufsize).toBe(8192 - 12 - 40);
    expect(j.zones.map((z) => [z.name, z.offset])).toEqual([
      ['console', 0],
      ...Array.from({ length: 7 }, (_, i) => [`dmesg ${i}`, 0x1000 + i * 0x2000])
    ]);
    expect(j.zones[0]!.sig).toBe(0x43474246);
  });

  it('refuses what the kernel would not store, with one line and exit 2', () => {
    const dir = tmp('blk-enc-bad');
    const oops = join(dir, 'oops.txt');
    writeFileSync(oops, 'Oops#1 Part1\nline\n');
    const base = ['encode', '--backend', 'blk', '--out', join(dir, 'x.img'), '--params', WORDS];
    const cases: [string[], RegExp][] = [
      [[...base, '--dmesg', oops], /--backend blk needs --size N/],
      [
        [...base, '--size', '0x10000', '--dmesg', `${oops}:shutdown`],
        /reason 4 is above pstore_blk\.max_reason=2: the kernel never dumps it/
      ],
      [
        [
          ...base,
          '--size',
          '0x10000',
          ...Array.from({ length: 8 }, () => ['--dmesg', oops]).flat()
        ],
        /8 --dmesg records but the layout has 7 dump zone\(s\)/
      ],
      [
        [...base, '--size', '0x10000', '--pmsg', oops],
        /--pmsg: the layout has no pmsg zone \(give pstore_blk\.pmsg_size\)/
      ],
      [['layout', '--backend', 'blk', '--params', WORDS], /--backend blk needs --size N/]
    ];
    for (const [argv, message] of cases) expectRefused(argv, message);
  });
});

describe('pstore probe and decode --auto on a pstore/blk partition', () => {
  it('reads the words from the headers, and --auto decodes as the words given', () => {
    const dir = tmp('blk-probe');
    const oops = join(dir, 'oops.txt');
    writeFileSync(oops, 'Oops#1 Part1\n<4>[   12.000000] BUG\n');
    const image = join(dir, 'part.img');
    const disk = new Uint8Array(0x30000).fill(0xa5); // a partition 64 KiB into a disk of noise
    writeFileSync(image, disk);
    const part = join(dir, 'part-only.img');
    const enc = encodeTwoOopses(part, WORDS, oops, oops);
    expect(enc.code, enc.stderr).toBe(0);
    disk.set(readFileSync(part), 0x10000);
    writeFileSync(image, disk);
    const probe = pstore('probe', image, '--json');
    expect(probe.code, probe.stderr).toBe(0);
    const best = (JSON.parse(probe.stdout) as { candidates: Record<string, unknown>[] })
      .candidates[0]!;
    expect(best).toMatchObject({
      backend: 'blk',
      offset: 0x10000,
      params: 'pstore_blk.kmsg_size=8 pstore_blk.console_size=4',
      confidence: 1
    });
    const auto = pstore('decode', image, '--auto', '--json', '--content');
    const given = pstore(
      'decode',
      part,
      '--backend',
      'blk',
      '--params',
      WORDS,
      '--json',
      '--content'
    );
    expect(auto.code, auto.stderr).toBe(0);
    const recs = (out: string) =>
      (JSON.parse(out) as { records: { name: string; content: unknown }[] }).records.map((r) => [
        r.name,
        r.content
      ]);
    expect(recs(auto.stdout)).toEqual(recs(given.stdout));
    expect(recs(auto.stdout).map((r) => r[0])).toEqual([
      'dmesg-pstore_blk-0',
      'dmesg-pstore_blk-1',
      'console-pstore_blk-0'
    ]);
  });
});

describe('pstore decode --backend blk', () => {
  it('shows the files pstore/blk shows, and a reason for every zone', () => {
    const dir = tmp('blk');
    const image = join(dir, 'part.img');
    writeFileSync(image, partition());
    const r = pstore(
      'decode',
      image,
      '--backend',
      'blk',
      '--params',
      WORDS,
      '--kernel',
      '6.1.192',
      '--out',
      join(dir, 'out')
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /pstore\/blk device of 0x10000 bytes at offset 0x0, kernel 6\.1\.192, 7 dump zone\(s\)/
    );
    expect(r.stdout).toMatch(/console\s+0x000000\s+0x1000\s+record\s+28 bytes/);
    expect(r.stdout).toMatch(
      /dmesg 1\.\.6\s+0x003000\s+0x2000\s+blank\s+never written: the header is all 0x0/
    );
    expect(readFileSync(join(dir, 'out', 'dmesg-pstore_blk-0'), 'utf8')).toBe(
      'Oops: Total 1 times\nOops#1 Part1\n<4>[   12.000000] BUG\n'
    );
    expect(readFileSync(join(dir, 'out', 'console-pstore_blk-0'), 'utf8')).toBe(
      '[   12.000001] console says\n'
    );
    const j = JSON.parse(
      pstore('decode', image, '--backend', 'blk', '--params', WORDS, '--json').stdout
    ) as {
      backend: string;
      zones: { name: string; state: string; used: number }[];
      records: { name: string; time: string | null; compressed: boolean }[];
    };
    expect(j.backend).toBe('blk');
    expect(j.records.map((x) => [x.name, x.time, x.compressed])).toEqual([
      ['dmesg-pstore_blk-0', '2023-11-14T22:13:20.000Z', false],
      ['console-pstore_blk-0', null, false]
    ]);
    expect(j.zones[1]).toMatchObject({ name: 'dmesg 0', state: 'record', used: 40 + 35 });
  });

  it('finds the partition inside a larger disk with --offset and --size', () => {
    const dir = tmp('blk-disk');
    const disk = new Uint8Array(1024 * 1024).fill(0xa5);
    disk.set(partition(), 0x40000);
    const image = join(dir, 'disk.img');
    writeFileSync(image, disk);
    const args = [
      '--backend',
      'blk',
      '--params',
      WORDS,
      '--offset',
      '0x40000',
      '--size',
      '0x10000'
    ];
    const r = pstore('decode', image, ...args, '--json');
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as { records: { name: string }[]; zones: { offset: number }[] };
    expect(j.records.map((x) => x.name)).toEqual(['dmesg-pstore_blk-0', 'console-pstore_blk-0']);
    expect(j.zones[0]!.offset).toBe(0x40000);
  });

  it('a damaged ring header that fails the recovery: no file, and why', () => {
    const dir = tmp('blk-bad');
    const disk = partition();
    const v = new DataView(disk.buffer);
    v.setInt32(4, 10, true); // console datalen 10
    v.setInt32(8, 20, true); // start 20 > datalen
    const image = join(dir, 'part.img');
    writeFileSync(image, disk);
    const r = pstore('decode', image, '--backend', 'blk', '--params', WORDS);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/no files: the kernel would show an empty \/sys\/fs\/pstore/);
    expect(r.stdout).toMatch(
      /note: the kernel shows no file at all: console zone 0: start 20 beyond datalen 10/
    );
  });

  it('refuses bad input with one line and exit 2', () => {
    const dir = tmp('blk-input');
    const image = join(dir, 'part.img');
    writeFileSync(image, partition());
    const cases: [string[], RegExp][] = [
      [['--backend', 'blk'], /--backend blk needs the sizes the kernel used/],
      [
        ['--backend', 'blk', '--params', 'ramoops.mem_size=0x10000'],
        /--backend blk takes pstore_blk\.\* and pstore\.\* words, not ramoops\.mem_size=0x10000/
      ],
      [['--backend', 'blk', '--params', WORDS, '--ecc', '16'], /--ecc describes a ramoops region/],
      [
        ['--backend', 'blk', '--params', 'pstore_blk.kmsg=8'],
        /pstore_blk\.kmsg is not a parameter of pstore_blk/
      ],
      [
        ['--backend', 'blk', '--params', WORDS, '--size', '0x1800'],
        /the device holds 6144 bytes, not a multiple of 4096/
      ],
      [
        ['--backend', 'blk', '--params', 'pstore_blk.kmsg_size=128'],
        /zone dmesg total_size too small/
      ],
      [
        ['--backend', 'blk', '--params', WORDS, '--kernel', '5.4'],
        /kernel 5\.4 has no pstore\/blk \(it appeared in 5\.8\)/
      ],
      [['--backend', 'floppy'], /--backend must be ramoops or blk \(got "floppy"\)/],
      [
        ['--backend', 'blk', '--params', WORDS, '--size', '0x20000'],
        /--size 0x20000 runs past the end of .*part\.img: 65536 \(0x10000\) bytes are there from offset 0x0/
      ],
      [['--size', '0x1000'], /--size goes with --backend blk/]
    ];
    for (const [argv, message] of cases) expectRefused(['decode', image, ...argv], message);
  });
});
