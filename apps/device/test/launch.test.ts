/**
 * `pnpm pstore …` / `pnpm device …` (tools/scripts/launch.mjs) as a user in a
 * subdirectory runs them: pnpm starts the script in the repository root and
 * passes the user's directory in INIT_CWD; paths on the command line must be
 * the user's. The build this test runs after is fresh, so the launcher is
 * told so (its stamp), and must then start the command without building.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cleanEnv } from '@pstore/cli-kit/testing';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const launch = join(root, 'tools/scripts/launch.mjs');

function launched(args: string[], cwd: string, input = '') {
  const r = spawnSync(process.execPath, [launch, ...args], {
    cwd: root, // where pnpm runs a root script
    env: cleanEnv({ INIT_CWD: cwd }),
    input,
    encoding: 'utf8',
    timeout: 120_000
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('pnpm pstore / pnpm device from the user’s directory', () => {
  // dist was built by this run's `build` task: say so, as a launch-time build would have.
  for (const app of ['cli', 'device']) {
    writeFileSync(
      join(root, 'apps', app, 'dist', '.launch-built'),
      `${new Date().toISOString()}\n`
    );
  }
  const home = mkdtempSync(join(tmpdir(), 'launch-'));
  const sub = join(home, 'work', 'sub');
  mkdirSync(sub, { recursive: true });

  it('resolves relative paths against the user’s directory, without building', () => {
    const board = launched(
      ['device', 'run', '--ram', '../ram.bin', '--script', '-'],
      sub,
      'printk hi\npanic x\n'
    );
    expect(board.stderr).toBe('');
    expect(board.code).toBe(0);
    const r = launched(['pstore', 'decode', '../ram.bin', '--json'], sub);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const names = (JSON.parse(r.stdout) as { records: { name: string }[] }).records.map(
      (x) => x.name
    );
    expect(names).toContain('dmesg-ramoops-0');
    // Nothing of a build was printed, and the file named is the user's.
    const missing = launched(['pstore', 'decode', 'nope.bin'], sub);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('pstore decode: image nope.bin does not exist\n');
  });
});

describe('root scripts that build before they run', () => {
  // `pnpm start | head`: Nx dies with an unhandled EPIPE when the reader goes
  // away while it still prints its progress (found on a fresh clone, exit 1).
  // Its output goes to stderr, so stdout is the command's alone, and the
  // command ends quietly on a closed pipe.
  it("send Nx's output to stderr", () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    const building = Object.entries(pkg.scripts).filter(([, cmd]) =>
      /\bnx run-many\b.*&&/.test(cmd)
    );
    expect(building.map(([name]) => name)).toContain('start');
    for (const [name, cmd] of building) {
      expect(cmd.split('&&')[0], `script "${name}"`).toMatch(/1>&2\s*$/);
    }
  });
});
