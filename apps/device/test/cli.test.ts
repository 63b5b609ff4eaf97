/**
 * The `device` command's error policy, like apps/cli: bad input gets one line
 * on stderr naming the problem, and exit code 2; nothing runs.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runDevice } from '../src/cli/device.ts';

async function device(argv: string[]) {
  const out: string[] = [];
  let err = '';
  const code = await runDevice(argv, { out: (l) => out.push(l), err: (t) => (err += t) });
  return { code, out, err };
}

describe('device: bad input', () => {
  const dir = mkdtempSync(join(tmpdir(), 'device-cli-'));
  const cases: [string, string[], RegExp][] = [
    ['an unknown command', ['frobnicate'], /unknown command "frobnicate"/],
    ['an unknown option', ['run', '--bogus', '1'], /unknown option --bogus/],
    ['a run without a script', ['run'], /missing --script/],
    [
      'a script that cannot be read',
      ['run', '--script', join(dir, 'nope.txt')],
      /cannot read --script .*ENOENT/
    ],
    [
      'a bad placement',
      ['run', '--placement', 'everywhere', '--script', '-'],
      /--placement must be/
    ],
    ['a campaign without runs', ['campaign', '--seed', '1'], /--runs N is required/],
    [
      'a campaign with a seed that is no number',
      ['campaign', '--runs', '2', '--seed', 'x'],
      /--seed/
    ],
    [
      'an unknown fault',
      ['campaign', '--runs', '1', '--seed', '1', '--faults', 'meteor'],
      /unknown fault "meteor"/
    ],
    [
      'an impossible configuration',
      ['demo', '--params', 'ramoops.mem_size=0x100 ramoops.record_size=0x1000'],
      /./
    ]
  ];
  it.each(cases)('%s is one line on stderr and exit 2', async (_what, argv, message) => {
    const r = await device(argv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err.trimEnd().split('\n')).toHaveLength(1);
    expect(r.out).toEqual([]);
  });

  it('names the line of a script that does not parse, before running anything', async () => {
    const script = join(dir, 'bad.txt');
    writeFileSync(script, 'printk ok\nflip console many\n');
    const r = await device(['run', '--script', script]);
    expect(r.code).toBe(2);
    expect(r.err).toBe('device run: line 2: COUNT must be a number (got "many")\n');
    expect(r.out).toEqual([]);
  });

  it('refuses a RAM file of another size than the region', async () => {
    const ram = join(dir, 'small.bin');
    writeFileSync(ram, new Uint8Array(4096));
    const r = await device(['run', '--ram', ram, '--script', join(dir, 'nope.txt')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/cannot read --script/);
    writeFileSync(join(dir, 'ok.txt'), 'ls\n');
    const r2 = await device(['run', '--ram', ram, '--script', join(dir, 'ok.txt')]);
    expect(r2.code).toBe(2);
    expect(r2.err).toMatch(/holds 4096 bytes .* mem_size 1048576/);
  });

  it('exits 2 from the built command too', () => {
    const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));
    expect(existsSync(main), 'dist/main.js is missing: run pnpm build').toBe(true);
    const r = spawnSync(process.execPath, [main, 'run', '--nope'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      'device run: unknown option --nope for `device run` (see device run --help)\n'
    );
  });
});
