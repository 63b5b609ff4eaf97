/**
 * The device's configuration: pstore-ts's default board shared with
 * `pstore` (one constant in @pstore/ramoops), the same rules for words with
 * and without ramoops.mem_size, the same --kernel range, the same
 * pstore.compress refusals; and the board's RAM decodes with `pstore
 * decode` without any configuration on either side.
 * Kernel counterpart: the boot command line, fs/pstore/ram.c module defaults.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runProcess } from '@pstore/cli-kit/testing';
import { PSTORE_TS_DEFAULT_BOARD } from '@pstore/ramoops';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS, deviceConfig } from '../src/device-config.ts';
import { deviceProcess } from './device-process.ts';

const PSTORE_BIN = fileURLToPath(new URL('../../cli/dist/main.js', import.meta.url));
const sizes = (params?: string) => {
  const c = deviceConfig(params).config;
  return [c.memSize, c.recordSize, c.consoleSize, c.pmsgSize, c.ftraceSize, c.ecc.eccSize];
};

describe('deviceConfig', () => {
  it("boots pstore-ts's default board, the constant pstore uses too", () => {
    expect(DEFAULT_PARAMS).toBe(PSTORE_TS_DEFAULT_BOARD);
    expect(sizes()).toEqual([0x100000, 0x4000, 0x20000, 0x10000, 0x1000, 16]);
    expect(deviceConfig().params).toBe(PSTORE_TS_DEFAULT_BOARD);
    expect(deviceConfig(DEFAULT_PARAMS).layout.zones).toEqual(deviceConfig().layout.zones);
  });

  it('replaces single parameters of the board for words without mem_size', () => {
    expect(sizes('ramoops.ecc=0')).toEqual([0x100000, 0x4000, 0x20000, 0x10000, 0x1000, 0]);
  });

  it('takes words with mem_size as a whole kernel command line (module defaults)', () => {
    expect(sizes('ramoops.mem_size=0x100000')).toEqual([0x100000, 4096, 4096, 4096, 4096, 0]);
  });

  it('refuses kernels outside the range, and notes one newer than pstore-ts knows', () => {
    expect(() => deviceConfig('', '2.6')).toThrow(/older than 4\.9, .*supported: 4\.9 to 6\.12/);
    expect(() => deviceConfig('', '4.21')).toThrow(/never existed: the 4\.x series ended at 4\.20/);
    expect(deviceConfig('', '6.20').notes).toEqual([
      "kernel 6.20 is newer than 6.12, the newest release pstore-ts knows: 6.12's rules are applied (layout, dump header, compression, ECC notice)"
    ]);
    expect(deviceConfig('', '6.12').notes).toEqual([]);
  });

  it('refuses a pstore.compress name no kernel knew', () => {
    expect(() => deviceConfig('pstore.compress=banana')).toThrow(
      /not a compressor any kernel knows/
    );
  });
});

describe('device --kernel and --params (built command)', () => {
  it('refuses --kernel 2.6 and 5.20 with one line naming the range or the last release', () => {
    const old = deviceProcess(['run', '--kernel', '2.6', '--script', '-'], { input: 'ls\n' });
    expect(old.code).toBe(2);
    expect(old.stderr).toBe(
      "device run: kernel 2.6 is older than 4.9, the oldest kernel pstore-ts models (supported: 4.9 to 6.12; later releases get 6.12's rules)\n"
    );
    const never = deviceProcess(['run', '--kernel', '5.20', '--script', '-'], { input: 'ls\n' });
    expect(never.code).toBe(2);
    expect(never.stderr).toBe(
      'device run: kernel 5.20 never existed: the 5.x series ended at 5.19 (then came 6.0)\n'
    );
  });

  it('runs --kernel 6.20 with a note on stderr', () => {
    const r = deviceProcess(['run', '--kernel', '6.20', '--script', '-'], { input: 'ls\n' });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^device: note: kernel 6\.20 is newer than 6\.12/);
  });

  it('refuses pstore.compress=banana', () => {
    const r = deviceProcess(['run', '--params', 'pstore.compress=banana', '--script', '-'], {
      input: 'ls\n'
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^device run: pstore\.compress="banana" is not a compressor any kernel knows/
    );
  });

  it('documents the default board in --help', () => {
    const help = deviceProcess(['run', '--help']).stdout;
    expect(help).toContain("pstore-ts's default board (not a kernel default");
    expect(help).toContain('ramoops.mem_size=0x100000 ramoops.record_size=0x4000');
    expect(help).toMatch(/Words with ramoops\.mem_size are a whole kernel command line/);
  });
});

describe("the default board's RAM, decoded without a configuration", () => {
  it('gives every record the rebooted board shows', () => {
    const dir = mkdtempSync(join(tmpdir(), 'device-defaults-'));
    const ram = join(dir, 'ram.bin');
    const crash = deviceProcess(['run', '--ram', ram, '--script', '-'], {
      input:
        'printk hello\npmsg Testing pstore: uuid=9\noops first\noops second\npanic last words\n'
    });
    expect(crash.stderr).toBe('');
    const decoded = join(dir, 'decoded');
    const dec = runProcess(PSTORE_BIN, ['decode', ram, '--out', decoded]);
    expect(dec.stderr).toBe('');
    expect(dec.code).toBe(0);
    const rebooted = join(dir, 'rebooted');
    const again = deviceProcess(['run', '--ram', ram, '--script', '-'], {
      input: `export ${rebooted}\n`
    });
    expect(again.code).toBe(0);
    // The record files (a tool may keep its own dotfile beside them).
    const records = (d: string) =>
      readdirSync(d)
        .filter((n) => !n.startsWith('.'))
        .sort();
    const names = records(decoded);
    expect(names.filter((n) => n.startsWith('dmesg-'))).toHaveLength(3);
    expect(names).toEqual(records(rebooted));
    for (const n of names) {
      expect(readFileSync(join(decoded, n)), n).toEqual(readFileSync(join(rebooted, n)));
    }
  });
});
