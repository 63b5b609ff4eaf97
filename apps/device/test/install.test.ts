/**
 * The commands installed on PATH as a user installs them: each app packed
 * into a tarball (`pnpm pack`), the tarballs installed with npm into an empty
 * prefix, and the installed `pstore` and `device` run from another
 * directory with relative paths — no workspace, no node_modules of ours.
 * This is what the README's "Install the commands" section shows.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const apps = fileURLToPath(new URL('../../', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'pstore-install-'));
const prefix = join(work, 'prefix');
const env: NodeJS.ProcessEnv = {
  ...process.env,
  PATH: `${join(prefix, 'bin')}:${process.env['PATH'] ?? ''}`
};
delete env['INIT_CWD'];

function run(command: string, args: string[], cwd: string, input = '') {
  const r = spawnSync(command, args, { cwd, env, input, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('pstore and device installed from packed tarballs', () => {
  it('pack, install into an empty prefix, run from elsewhere with relative paths', () => {
    for (const app of ['cli', 'device']) {
      execFileSync('pnpm', ['pack', '--pack-destination', work], {
        cwd: join(apps, app),
        stdio: 'pipe'
      });
    }
    const tarballs = readdirSync(work).filter((f) => f.endsWith('.tgz'));
    expect(tarballs.sort()).toEqual(['pstore-cli-0.1.0.tgz', 'pstore-device-0.1.0.tgz']);
    // --offline: a tarball with no dependencies needs nothing from a registry.
    execFileSync(
      'npm',
      [
        'install',
        '--global',
        '--prefix',
        prefix,
        '--offline',
        '--no-audit',
        '--no-fund',
        ...tarballs.map((t) => join(work, t))
      ],
      { stdio: 'pipe', env }
    );

    const home = join(work, 'home', 'user');
    mkdirSync(join(home, 'crash'), { recursive: true });
    expect(run('pstore', ['--version'], home).stdout).toMatch(/^pstore \d+\.\d+\.\d+ /);
    expect(run('device', ['--version'], home).stdout).toMatch(/^device \d+\.\d+\.\d+ /);

    // The board crashes in one directory; pstore reads its RAM from another.
    const board = run(
      'device',
      ['run', '--ram', 'crash/ram.bin', '--script', '-'],
      home,
      ['printk 3 disk on fire', 'pmsg last words', 'panic out of luck', ''].join('\n')
    );
    expect(board.stderr).toBe('');
    expect(board.code).toBe(0);
    const other = join(home, 'crash');
    const decoded = run('pstore', ['decode', 'ram.bin', '--out', 'pstore', '--json'], other);
    expect(decoded.stderr).toBe('');
    expect(decoded.code).toBe(0);
    const names = (JSON.parse(decoded.stdout) as { records: { name: string }[] }).records.map(
      (r) => r.name
    );
    expect(names).toEqual(['dmesg-ramoops-0', 'console-ramoops-0', 'pmsg-ramoops-0']);
    expect(readFileSync(join(other, 'pstore', 'pmsg-ramoops-0'), 'utf8')).toMatch(/^last words\n/);
    // The per-component placement runs the bundled component workers.
    const split = run(
      'device',
      ['run', '--placement', 'per-component', '--script', '-'],
      home,
      'printk hello\nreboot\nls\n'
    );
    expect(split.stderr).toBe('');
    expect(split.code).toBe(0);
  });
});
