/**
 * The RAM file `device run … panic` leaves is what a kernel would find on
 * the next boot: `pstore decode` (the CLI, spawned from its build) turns it
 * into exactly the files the device's pstore-fs shows after `reboot`.
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
import { DEFAULT_PARAMS } from '../src/device-config.ts';

// The commands as installed: each app's `bin`.
const device = fileURLToPath(new URL('../dist/device.mjs', import.meta.url));
const pstore = fileURLToPath(new URL('../../cli/dist/pstore.mjs', import.meta.url));

function run(cmd: string, args: string[], input?: string) {
  for (const f of [cmd]) expect(existsSync(f), `${f} is missing: run pnpm build`).toBe(true);
  const r = spawnSync(process.execPath, [cmd, ...args], { input, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

function files(dir: string): Map<string, { data: string; mtime: number }> {
  return new Map(
    readdirSync(dir)
      .filter((n) => n !== MANIFEST_NAME) // the list of what was written
      .sort()
      .map((n) => [
        n,
        { data: readFileSync(join(dir, n), 'latin1'), mtime: statSync(join(dir, n)).mtimeMs }
      ])
  );
}

describe.each(['single', 'per-component'])('RAM left by `device run … panic` (%s)', (placement) => {
  it('decodes with `pstore decode` into the files pstore-fs shows after reboot', () => {
    const dir = mkdtempSync(join(tmpdir(), 'device-decode-'));
    const ram = join(dir, 'ram.bin');
    const script = join(dir, 'crash.txt');
    writeFileSync(
      script,
      'printk usb 1-1: new device\npmsg Testing pstore: uuid=5\noops first oops\nprintk 2 after\npanic last words\n'
    );
    const common = ['--ram', ram, '--placement', placement, '--params', DEFAULT_PARAMS];
    run(device, ['run', ...common, '--script', script]);
    expect(statSync(ram).size).toBe(0x100000);
    run(pstore, [
      'decode',
      ram,
      '--params',
      DEFAULT_PARAMS,
      '--kernel',
      '6.12',
      '--out',
      join(dir, 'decoded')
    ]);
    run(device, ['run', ...common, '--script', '-'], `export ${join(dir, 'rebooted')}\n`);

    const decoded = files(join(dir, 'decoded'));
    const rebooted = files(join(dir, 'rebooted'));
    expect([...decoded.keys()]).toEqual([
      'console-ramoops-0',
      'dmesg-ramoops-0',
      'dmesg-ramoops-1',
      'pmsg-ramoops-0'
    ]);
    expect([...rebooted.keys()]).toEqual([...decoded.keys()]);
    for (const [name, f] of decoded) expect(rebooted.get(name)!.data, name).toBe(f.data);
    // Dumps carry their time; the other files are stamped when mounted.
    for (const name of ['dmesg-ramoops-0', 'dmesg-ramoops-1']) {
      expect(rebooted.get(name)!.mtime).toBe(decoded.get(name)!.mtime);
    }
  });
});
