// Runs every benchmark of the workspace (packages/*/bench/*.bench.mjs and
// apps/*/bench/*.bench.mjs) against the built packages, one after another so
// they do not compete for the 2 cores.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
let failed = 0;
for (const group of ['packages', 'apps']) {
  for (const name of readdirSync(join(root, group)).sort()) {
    const dir = join(root, group, name, 'bench');
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.bench.mjs')).sort()) {
      const r = spawnSync(process.execPath, [join(dir, file)], { stdio: 'inherit' });
      if (r.status !== 0) {
        console.error(`${group}/${name}/bench/${file} failed (exit ${r.status})`);
        failed++;
      }
    }
  }
}
process.exitCode = failed ? 1 : 0;
