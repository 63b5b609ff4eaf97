// Runs every benchmark of the workspace (packages/*/bench/*.bench.mjs and
// apps/*/bench/*.bench.mjs) against the built packages, one after another so
// they do not compete for the 2 cores, then prints the figures they measured
// in one table: value, the baseline measured in the same run, the ratio, the
// goal and whether this run met it.
//   node tools/scripts/bench.mjs [--json] [--only TEXT]
// --json: stdout holds only {"machine": {...}, "figures": [...]} (each bench's
// own tables go to stderr); --only: the bench files whose path contains TEXT.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
const json = args.includes('--json');
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? args[onlyAt + 1] : null;
for (const [i, a] of args.entries()) {
  if (a === '--only' && only === undefined) {
    console.error(
      'bench: --only needs TEXT: the bench files whose path contains it (bench [--json] [--only TEXT])'
    );
    process.exit(2);
  }
  const known = a === '--json' || a === '--only' || (i > 0 && args[i - 1] === '--only');
  if (!known) {
    console.error(`bench: unknown argument "${a}" (bench [--json] [--only TEXT])`);
    process.exit(2);
  }
}

const root = new URL('../..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'pstore-bench-'));
const figuresFile = join(dir, 'figures.jsonl');
let failed = 0;
for (const group of ['packages', 'apps']) {
  for (const name of readdirSync(join(root, group)).sort()) {
    const benchDir = join(root, group, name, 'bench');
    if (!existsSync(benchDir)) continue;
    for (const file of readdirSync(benchDir)
      .filter((f) => f.endsWith('.bench.mjs'))
      .sort()) {
      const path = join(benchDir, file);
      if (only && !path.includes(only)) continue;
      const r = spawnSync(process.execPath, [path], {
        // With --json, stdout is the JSON's alone: each bench's tables go to stderr.
        stdio: ['ignore', json ? 2 : 'inherit', 'inherit'],
        env: { ...process.env, PSTORE_BENCH_FIGURES: figuresFile }
      });
      if (r.status !== 0) {
        console.error(`${group}/${name}/bench/${file} failed (exit ${r.status})`);
        failed++;
      }
    }
  }
}

const figures = existsSync(figuresFile)
  ? readFileSync(figuresFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l))
  : [];
rmSync(dir, { recursive: true, force: true });
const cpu = cpus();
const machine = {
  cpus: cpu.length,
  model: cpu[0]?.model ?? 'unknown',
  memoryBytes: totalmem(),
  node: process.version,
  platform: `${process.platform}-${process.arch}`
};
const num = (v) =>
  v === null
    ? ''
    : Math.abs(v) >= 100
      ? v.toFixed(0)
      : Math.abs(v) >= 10
        ? v.toFixed(1)
        : v.toFixed(2);
if (json) {
  console.log(JSON.stringify({ machine, figures }, null, 2));
} else {
  const rows = figures.map((f) => [
    f.name,
    `${num(f.value)} ${f.unit}`,
    f.baseline === null ? '' : `${num(f.baseline)} ${f.unit}`,
    f.ratio === null ? '' : `${num(f.ratio)}×`,
    f.goal ?? '',
    f.met === null ? '' : f.met ? 'yes' : 'NO'
  ]);
  const header = ['figure', 'value', 'baseline', 'ratio', 'goal', 'met'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  console.log(`\nsummary (${machine.cpus} × ${machine.model}, Node ${machine.node})`);
  for (const [i, r] of [header, ...rows].entries()) {
    console.log(
      r.map((c, j) => (j === 0 || j === 4 ? c.padEnd(widths[j]) : c.padStart(widths[j]))).join('  ')
    );
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
}
process.exitCode = failed ? 1 : 0;
