/**
 * The built `device` command on a user's worst day: RAM files that are
 * directories or cannot be created, exports into the same directory twice,
 * into directories holding other files, into paths that cannot exist, a
 * reader that goes away, --version and help.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectBadInput } from '@pstore/cli-kit/testing';
import { DEVICE_BIN, deviceProcess } from './device-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'device-edges-'));

describe('device --ram FILE', () => {
  it('a directory is named as such', () => {
    expectBadInput(
      deviceProcess(['run', '--ram', dir, '--script', '-'], { input: 'ls\n' }),
      new RegExp(`--ram ${dir} is a directory`)
    );
  });
  it('a file whose directory does not exist is named with that directory', () => {
    expectBadInput(
      deviceProcess(['run', '--ram', join(dir, 'no', 'ram.bin'), '--script', '-'], {
        input: 'ls\n'
      }),
      /cannot write --ram .*no\/ram\.bin: its directory .*\/no does not exist/
    );
  });
});

describe('device export DIR', () => {
  const ram = join(dir, 'ram.bin');
  const crash = deviceProcess(['run', '--ram', ram, '--script', '-'], {
    input: 'printk 3 disk on fire\npmsg last words\npanic out of luck\n'
  });

  it('writes the records twice into the same DIR, replacing the first export', () => {
    expect(crash.code).toBe(0);
    const out = join(dir, 'export');
    const r = deviceProcess(['run', '--ram', ram, '--script', '-'], {
      input: `export ${out}\nexport ${out}\n`
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.match(/export: 3 file\(s\) written to/g)).toHaveLength(2);
    expect(readdirSync(out).sort()).toEqual([
      '.pstore-ts',
      'console-ramoops-0',
      'dmesg-ramoops-0',
      'pmsg-ramoops-0'
    ]);
    expect(readFileSync(join(out, 'pmsg-ramoops-0'), 'utf8')).toMatch(/^last words\n/);
  });

  it('refuses a DIR holding other files, naming one; export --force keeps them', () => {
    const out = join(dir, 'mixed');
    mkdirSync(out);
    writeFileSync(join(out, 'notes.txt'), 'mine');
    const r = deviceProcess(['run', '--ram', ram, '--script', '-'], { input: `export ${out}\n` });
    expectBadInput(
      r,
      /export: .* holds 1 file\(s\) this tool did not write \(e\.g\. notes\.txt\)/,
      {
        afterOutput: true // the board booted and said so before the export
      }
    );
    const f = deviceProcess(['run', '--ram', ram, '--script', '-'], {
      input: `export --force ${out}\n`
    });
    expect(f.code).toBe(0);
    expect(readdirSync(out)).toContain('notes.txt');
    expect(readdirSync(out)).toContain('dmesg-ramoops-0');
  });

  it('a path that cannot exist fails at once', () => {
    const r = deviceProcess(['run', '--ram', ram, '--script', '-'], {
      input: 'export /proc/x/y\n',
      timeoutMs: 20_000
    });
    expectBadInput(r, /export: cannot create \/proc\/x\/y: mkdir \/proc\/x failed \(ENOENT\)/, {
      afterOutput: true
    });
  });
});

describe('conventions', () => {
  it('--version and help COMMAND', () => {
    expect(deviceProcess(['--version']).stdout).toMatch(/^device \d+\.\d+\.\d+ \(pstore-ts: /);
    const h = deviceProcess(['help', 'run']);
    expect(h.code).toBe(0);
    expect(h.stdout).toMatch(/^usage: device run/);
  });

  it('a reader that goes away ends the output quietly, and the RAM is still written back', () => {
    const ram = join(dir, 'head.bin');
    const r = spawnSync(
      'bash',
      [
        '-c',
        `printf 'printk a\\nprintk b\\npanic x\\n' | node "$D" run --ram "$R" --script - | head -1; exit \${PIPESTATUS[1]}`
      ],
      { encoding: 'utf8', env: { ...process.env, D: DEVICE_BIN, R: ram } }
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readFileSync(ram).length).toBe(0x100000);
    const after = deviceProcess(['run', '--ram', ram, '--script', '-'], { input: 'ls\n' });
    expect(after.stdout).toMatch(/dmesg-ramoops-0/);
  });

  it('completion scripts: bash completes the real options; a missing shell is refused', () => {
    const script = deviceProcess(['completion', 'bash']);
    expect(script.code).toBe(0);
    const file = join(dir, 'device.bash');
    writeFileSync(file, script.stdout);
    const r = spawnSync(
      'bash',
      [
        '-c',
        `source ${file}; COMP_WORDS=(device run --placement ''); COMP_CWORD=3; _device_complete; echo "\${COMPREPLY[*]}"`
      ],
      { encoding: 'utf8' }
    );
    expect(r.stdout).toBe('single per-component\n');
    for (const shell of ['zsh', 'fish']) {
      expect(deviceProcess(['completion', shell]).stdout).toMatch(/device/);
    }
    expectBadInput(deviceProcess(['completion']), /completion takes one shell: bash, zsh, fish/);
  });

  it('colours on a terminal only: levels in dmesg, zone states; none in a pipe or with NO_COLOR', () => {
    const script = 'printk 3 disk on fire\npanic x\nreboot\ncat dmesg-ramoops-0\nzones\n';
    const piped = deviceProcess(['run', '--script', '-'], { input: script });
    expect(piped.stdout).not.toMatch(/\x1b\[/);
    const forced = deviceProcess(['run', '--script', '-'], {
      input: script,
      env: { FORCE_COLOR: '1' }
    }).stdout;
    // The error-level line of the dump is red, a zone that held data green.
    expect(forced).toMatch(/\x1b\[31m<3>\[[ \d.]+\] disk on fire\x1b\[0m/);
    expect(forced).toMatch(/\x1b\[32mvalid, \d+ bytes saved\x1b\[0m/);
    const stripped = forced.replace(/\x1b\[[0-9;]*m/g, '');
    expect(stripped.split('\n').filter((l) => l.startsWith('console'))).toEqual(
      piped.stdout.split('\n').filter((l) => l.startsWith('console'))
    );
    const off = deviceProcess(['run', '--script', '-'], {
      input: script,
      env: { FORCE_COLOR: '1', NO_COLOR: '1' }
    });
    expect(off.stdout).not.toMatch(/\x1b\[/);
  });

  it('campaign | head -1: the summary’s first line, then a quiet end', () => {
    const r = spawnSync(
      'bash',
      ['-c', `node "$D" campaign --runs 3 --faults panic | head -1; exit \${PIPESTATUS[0]}`],
      { encoding: 'utf8', env: { ...process.env, D: DEVICE_BIN } }
    );
    expect(r.stdout).toMatch(/^seed 1: 3 cycles in /);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
