// `pnpm pstore …` and `pnpm device …`: run a command of the workspace as if
// it were installed, from the user's own directory.
//
// - pnpm runs root scripts in the repository root; the user's directory is in
//   INIT_CWD. Paths on the command line are the user's, so the command runs
//   there (`cd apps && pnpm pstore decode ../ram.bin` reads ../ram.bin).
// - The command runs from its build (dist/). The build is brought up to date
//   first, but only when a source changed since the last launch-time build,
//   and quietly: Nx's output appears only when the build fails.
//
// usage: node tools/scripts/launch.mjs <pstore|device> [args…]
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = new URL('../..', import.meta.url).pathname;
const COMMANDS = {
  pstore: { project: '@pstore/cli', dir: 'apps/cli' },
  device: { project: '@pstore/device', dir: 'apps/device' }
};

const [name, ...args] = process.argv.slice(2);
const command = COMMANDS[name];
if (!command) {
  process.stderr.write(`launch: unknown command "${name}" (${Object.keys(COMMANDS).join(', ')})\n`);
  process.exit(2);
}
const app = join(root, command.dir);
// The package's `bin`: what an installed copy runs.
const main = join(app, JSON.parse(readFileSync(join(app, 'package.json'), 'utf8')).bin[name]);
const stamp = join(app, 'dist', '.launch-built');

/** Newest modification time under `path` (files only; dist and node_modules skipped). */
function newest(path) {
  let st;
  try {
    st = statSync(path);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return st.mtimeMs;
  let t = 0;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry === 'dist' || entry === 'test-results') continue;
    t = Math.max(t, newest(join(path, entry)));
  }
  return t;
}

/** What a build of the command reads: its sources and every workspace package's. */
function sourcesChangedSince(time) {
  const inputs = [
    join(root, 'tsconfig.base.json'),
    join(app, 'src'),
    join(app, 'scripts'),
    join(app, 'package.json')
  ];
  for (const pkg of readdirSync(join(root, 'packages'))) {
    inputs.push(join(root, 'packages', pkg, 'src'), join(root, 'packages', pkg, 'package.json'));
  }
  return inputs.some((p) => newest(p) > time);
}

const built = existsSync(main) && existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
if (!built || sourcesChangedSince(built)) {
  if (process.stderr.isTTY)
    process.stderr.write(`${name}: building (sources changed since the last build)…\n`);
  const nx = join(root, 'node_modules', '.bin', 'nx');
  const r = spawnSync(
    nx,
    ['run-many', '-t', 'build', '-p', command.project, '--output-style=static'],
    {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024
    }
  );
  if (r.status !== 0) {
    process.stderr.write(`${r.stdout ?? ''}${r.stderr ?? ''}`);
    process.stderr.write(
      `${name}: the build failed (${r.error?.message ?? `exit ${r.status}`}); see above\n`
    );
    process.exit(1);
  }
  writeFileSync(stamp, `${new Date().toISOString()}\n`);
}

if (process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);
process.argv = [process.argv[0], main, ...args];
await import(pathToFileURL(main).href);
