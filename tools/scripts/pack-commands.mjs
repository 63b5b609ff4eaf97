// `pnpm pack-commands [DIR]`: builds the workspace and packs the two commands,
// `pstore` (apps/cli) and `device` (apps/device), into tarballs in DIR
// (default ./packed) that install anywhere with npm alone:
//   npm install -g packed/pstore-cli-*.tgz packed/pstore-device-*.tgz
// Each tarball holds one bundled command (and the device's bundled workers)
// and no dependencies: the workspace packages are inside the bundles.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const out = resolve(process.env.INIT_CWD ?? process.cwd(), process.argv[2] ?? 'packed');
mkdirSync(out, { recursive: true });

const run = (cmd, args, cwd) => {
  const r = spawnSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (r.status !== 0) {
    process.stderr.write(`${r.stdout}${r.stderr}pack-commands: ${cmd} ${args.join(' ')} failed\n`);
    process.exit(1);
  }
};
run(
  join(root, 'node_modules', '.bin', 'nx'),
  ['run-many', '-t', 'build', '-p', '@pstore/cli', '@pstore/device', '--output-style=static'],
  root
);
for (const app of ['cli', 'device'])
  run('pnpm', ['pack', '--pack-destination', out], join(root, 'apps', app));
for (const f of readdirSync(out)
  .filter((f) => f.endsWith('.tgz'))
  .sort())
  console.log(join(out, f));
