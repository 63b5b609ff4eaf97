/**
 * The board on pstore/blk (`device run --backend blk --disk FILE`): the same
 * lifecycle and commands over a disk, in both placements. What a run leaves
 * on the disk is what `pstore decode --backend blk` (the CLI, whose reading
 * real 6.1 and 6.12 kernels judge in tools/kernel-interop) turns into the
 * files the board shows after reboot; a panic dump is lost on a disk with no
 * panic write, as on Linux; torn and lost disk writes, flipped bits and
 * damaged headers are accounted for at the next boot.
 * Kernel counterpart: fs/pstore/blk.c, fs/pstore/zone.c.
 */
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MANIFEST_NAME } from '@pstore/pstore-fs/export';
import { Board } from '../src/board.ts';
import { BLK_DEFAULT_PARAMS, blkDeviceConfig } from '../src/device-config.ts';
import { flipZone } from '../src/faults/ram-faults.ts';
import { PersistentRam } from '../src/hardware/ram.ts';
import { PLACEMENTS, testBoard, text } from './helpers.ts';

const device = fileURLToPath(new URL('../dist/device.mjs', import.meta.url));
const pstore = fileURLToPath(new URL('../../cli/dist/pstore.mjs', import.meta.url));

function run(cmd: string, args: string[], input?: string) {
  expect(existsSync(cmd), `${cmd} is missing: run pnpm build`).toBe(true);
  return spawnSync(process.execPath, [cmd, ...args], { input, encoding: 'utf8' });
}

function blkBoard(
  placement: (typeof PLACEMENTS)[number],
  o: { panicWrite?: boolean; params?: string } = {}
) {
  const config = blkDeviceConfig(o.params ?? '', '6.12', 1 << 20, o.panicWrite ?? false);
  const ram = new PersistentRam(1 << 20, 1, null, 'disk');
  return testBoard(placement, { config, ram });
}

function files(dir: string): Map<string, string> {
  return new Map(
    readdirSync(dir)
      .filter((n) => n !== MANIFEST_NAME)
      .sort()
      .map((n) => [n, readFileSync(join(dir, n), 'latin1')])
  );
}

describe.each(PLACEMENTS)('the board on pstore/blk (%s)', (placement) => {
  it('boots, logs, dumps an oops, reboots and shows the previous boot as pstore_blk files', async () => {
    const b = blkBoard(placement);
    const first = await b.boot();
    expect(first.backend.name).toBe('pstore_blk');
    expect(first.zones.map((z) => z.type)).toEqual([
      'pmsg',
      'console',
      ...Array<string>(14).fill('dmesg')
    ]);
    await b.printk(['usb 1-1: new device']);
    expect(await b.pmsg(['Testing pstore: uuid=5\n'])).toEqual([23]);
    await b.oops('first oops');
    const next = await b.reboot();
    expect(next.files.map((f) => f.name)).toEqual([
      'dmesg-pstore_blk-0',
      'pmsg-pstore_blk-0',
      'console-pstore_blk-0'
    ]);
    expect(text(await b.cat('pmsg-pstore_blk-0'))).toBe('Testing pstore: uuid=5\n');
    expect(text(await b.cat('console-pstore_blk-0'))).toContain('usb 1-1: new device');
    // 6.12 deflates dumps by default: the file is the text, with no "Total" line.
    expect(text(await b.cat('dmesg-pstore_blk-0'))).toMatch(/^Oops#1 Part1\n/);
    expect(next.files[0]!.compressed).toBe(false);
    // Every record of boot 1 came back, and the account says so.
    expect(next.faults.losses).toEqual([]);
    expect(next.faults.recovered).toContain('dmesg: 1 of 1 dump(s) stored in boot 1 back intact');
    expect(next.faults.recovered).toContain('pmsg: 23 of 23 bytes written in boot 1');
  });

  it('puts the next dump after the newest on the disk, and rm erases it', async () => {
    const b = blkBoard(placement, { params: 'pstore.compress=none' });
    await b.oops('one');
    await b.reboot();
    await b.oops('two');
    const next = await b.reboot();
    expect(next.files.filter((f) => f.type === 'dmesg').map((f) => f.name)).toEqual([
      'dmesg-pstore_blk-0',
      'dmesg-pstore_blk-1'
    ]);
    expect(text(await b.cat('dmesg-pstore_blk-1'))).toMatch(/^Oops: Total 2 times\n/);
    expect(next.faults.losses).toEqual([]);
    await b.rm('dmesg-pstore_blk-0');
    const after = await b.reboot();
    expect(after.files.filter((f) => f.type === 'dmesg').map((f) => f.name)).toEqual([
      'dmesg-pstore_blk-1'
    ]);
  });

  it('loses a panic dump on a plain disk (no panic_write), and keeps it with --panic-write', async () => {
    const plain = blkBoard(placement);
    await plain.panic('the end');
    expect(plain.ledger.dumps).toMatchObject([{ reason: 'Panic', stored: false }]);
    const shown = await plain.reboot();
    expect(shown.files.filter((f) => f.type === 'dmesg')).toEqual([]);
    expect(shown.faults.losses).toEqual([]);
    const mtd = blkBoard(placement, { panicWrite: true, params: 'pstore.compress=none' });
    await mtd.panic('the end');
    const kept = await mtd.reboot();
    expect(text(await mtd.cat('dmesg-pstore_blk-0'))).toMatch(/^Panic: Total 1 times\n/);
    expect(kept.faults.losses).toEqual([]);
  });

  it('a write torn at a sector boundary crashes the kernel; the next boot accounts for it', async () => {
    const b = blkBoard(placement);
    await b.boot();
    // In the per-component placement pstore-blk's worker writes; in the single one, the kernel's.
    expect(await b.kill(placement === 'single' ? 'console' : 'pstore-blk', 700)).toMatch(
      /stops dead in the disk write/
    );
    for (let i = 0; i < 40 && b.is('running'); i++) {
      await b.pmsg([`pmsg write ${i}: ${'abcdefghij'.repeat(3)}\n`]);
    }
    expect(b.state).toBe('crashed');
    const next = await b.boot();
    expect(next.faults.injected).toEqual([
      expect.stringMatching(
        /during boot 1: .*armed to stop dead in the disk write crossing 700 more bytes/
      )
    ]);
    // What reached the disk is shown, and no more: every byte is one written there.
    const shown = text(await b.cat('pmsg-pstore_blk-0'));
    expect(shown).toMatch(/^(pmsg write \d+: (abcdefghij){3}\n)+$/);
    expect(next.faults.losses.filter((l) => l.kind === 'unexplained')).toEqual([]);
  });

  it('a lost write is acknowledged and never arrives; the loss is put down to it', async () => {
    const b = blkBoard(placement);
    await b.boot();
    expect(await b.loseWrite(0)).toMatch(/drops the write that crosses 0 more byte/);
    // The ring's data write is dropped; its header write (datalen 6) lands.
    expect(await b.pmsg(['lost!\n'])).toEqual([6]);
    expect(b.state).toBe('running');
    const next = await b.reboot();
    expect(text(await b.cat('pmsg-pstore_blk-0'))).not.toBe('lost!\n');
    expect(next.faults.losses).toMatchObject([{ kind: 'lost-write', record: 'pmsg', records: 1 }]);
  });

  it('flipped bits in a dump show as damage put down to the flip', async () => {
    const b = blkBoard(placement);
    await b.oops('to be flipped');
    await b.panic('down');
    b.ledger.faults.push(flipZone(b.ram, b.config, 2, 3, b.rng));
    const next = await b.boot();
    expect(next.faults.losses).toMatchObject([
      { kind: 'bit-flips', zone: 'dmesg0', record: 'dump' }
    ]);
  });
});

describe('device run --backend blk', () => {
  it('leaves a disk that `pstore decode --backend blk` reads into the files the board shows', () => {
    const dir = mkdtempSync(join(tmpdir(), 'device-blk-'));
    const disk = join(dir, 'disk.img');
    const script = join(dir, 'crash.txt');
    writeFileSync(
      script,
      'printk usb 1-1: new device\npmsg Testing pstore: uuid=5\noops first oops\nprintk 2 after\nsleep 1000\npanic last words\n'
    );
    const r = run(device, ['run', '--backend', 'blk', '--disk', disk, '--script', script]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('panic: dump not stored (a block device cannot write at panic');
    expect(statSync(disk).size).toBe(1 << 20);
    const before = readFileSync(disk);
    const d = run(pstore, [
      'decode',
      disk,
      '--backend',
      'blk',
      '--kernel',
      '6.12',
      '--params',
      BLK_DEFAULT_PARAMS,
      '--out',
      join(dir, 'decoded')
    ]);
    expect(d.status, d.stderr).toBe(0);
    writeFileSync(script, `export ${join(dir, 'board')}\n`);
    const e = run(device, ['run', '--backend', 'blk', '--disk', disk, '--script', script]);
    expect(e.status, e.stderr).toBe(0);
    const decoded = files(join(dir, 'decoded'));
    expect([...decoded.keys()]).toEqual([
      'console-pstore_blk-0',
      'dmesg-pstore_blk-0',
      'pmsg-pstore_blk-0'
    ]);
    expect(files(join(dir, 'board'))).toEqual(decoded);
    // The second run booted on the same disk: it rewrote the console zone only.
    expect(Buffer.compare(readFileSync(disk).subarray(0x20000), before.subarray(0x20000))).toBe(0);
  });

  it('refuses wrong input with one clear message and exit 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'device-blk-bad-'));
    const odd = join(dir, 'odd.img');
    writeFileSync(odd, Buffer.alloc(4096 + 512));
    for (const [args, message] of [
      [['--backend', 'blk', '--disk', odd], /holds 4608 bytes, not a multiple of 4096/],
      [
        ['--backend', 'blk', '--ram', odd],
        /--ram is the ramoops region; with --backend blk give --disk FILE/
      ],
      [['--disk', odd], /--disk belongs to --backend blk/],
      [['--backend', 'mtd'], /--backend must be ramoops or blk \(got "mtd"\)/],
      [
        ['--backend', 'blk', '--params', 'ramoops.ecc=0'],
        /takes pstore_blk\.\* and pstore\.\* words, not ramoops\.ecc=0/
      ],
      [
        ['--backend', 'blk', '--kernel', '5.4'],
        /kernel 5\.4 has no pstore\/blk \(it appeared in 5\.8\)/
      ]
    ] as const) {
      const r = run(device, ['run', ...args, '--script', '-'], 'printk x\n');
      expect(r.status, `${args.join(' ')}: ${r.stdout}`).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    }
    const r = run(device, ['run', '--backend', 'blk', '--script', '-'], 'powercut lose\n');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/a disk keeps its contents without power; give powercut keep/);
  });
});

describe('the blk board in memory', () => {
  it('a board made directly keeps the disk in a SharedArrayBuffer the workers share', async () => {
    const config = blkDeviceConfig(BLK_DEFAULT_PARAMS, '6.1', 1 << 20);
    const ram = new PersistentRam(1 << 20, 1, null, 'disk');
    const b = new Board({ config, ram, placement: 'single', spare: false });
    try {
      await b.boot();
      await b.oops('in memory');
      const z = config.zones.find((x) => x.type === 'dmesg' && x.index === 0)!;
      // psz_buffer: the dmesg signature (PSZ_SIG ^ PSTORE_TYPE_DMESG) at the zone's start.
      expect(new DataView(ram.sab).getUint32(z.offset, true)).toBe(0x43474244 ^ 0);
      expect(b.config.blk!.layout.zones).toHaveLength(16);
    } finally {
      await b.close();
    }
  });
});
