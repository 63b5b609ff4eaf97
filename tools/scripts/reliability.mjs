// The reliability figures: the fault campaigns of apps/device (the profiles
// in apps/device/src/faults/campaign-profiles.ts: ECC 16, 0 and 4, kernels
// 4.19 to 6.12, both placements, every fault kind) and the hostile-dump
// fuzzer of tools/fuzz, each run by its built command; printed as the
// Markdown tables docs/reliability.md holds.
//
//   node tools/scripts/reliability.mjs [--long] [--only campaign|fuzz] [--json]
//   node tools/scripts/reliability.mjs --from SAVED.json   (the tables of a saved --json run)
//
// Without --long: the sizes CI runs (a few hundred cycles, a few thousand
// cases). With --long: ≥ 10,000 cycles and 1,000,000 cases. Exit 1 when a
// boot failed, a loss is unexplained, or the fuzzer saw a crash, a hang or a
// broken invariant; 2 on a wrong option.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const DEVICE = join(root, 'apps/device/dist/device.mjs');
const PROFILES = join(root, 'apps/device/dist/faults/campaign-profiles.js');
const FUZZ = join(root, 'tools/fuzz/dist/main.js');
/** The fuzzer's runs: CI's fixed seed and size, and the long run (one process per core). */
const FUZZ_RUNS = {
  ci: { runs: 3000, seed: 20251106, jobs: 1 },
  long: { runs: 1_000_000, seed: 1, jobs: availableParallelism() }
};

function usage(message) {
  console.error(
    `reliability: ${message} (usage: reliability.mjs [--long] [--only campaign|fuzz] [--json])`
  );
  process.exit(2);
}

const args = process.argv.slice(2);
let size = 'ci';
let only = null;
let json = false;
let from = null;
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--long') size = 'long';
  else if (a === '--from') {
    from = args[++i];
    if (!from) usage('--from takes the file a --json run wrote');
  } else if (a === '--json') json = true;
  else if (a === '--only') {
    only = args[++i];
    if (only !== 'campaign' && only !== 'fuzz')
      usage(`--only takes campaign or fuzz (got ${only})`);
  } else usage(`unknown argument ${a}`);
}
const needed = from
  ? []
  : [...(only !== 'fuzz' ? [DEVICE, PROFILES] : []), ...(only !== 'campaign' ? [FUZZ] : [])];
for (const f of needed) {
  if (!existsSync(f)) usage(`${f} is missing: build first (pnpm build)`);
}

/** Runs a built command; its stdout parsed as JSON. */
function runJson(file, argv) {
  const r = spawnSync(process.execPath, [file, ...argv], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    stdio: ['ignore', 'pipe', 'inherit']
  });
  if (r.stdout.trim() === '')
    throw new Error(`${file} ${argv.join(' ')}: no output (exit ${r.status})`);
  return { status: r.status, result: JSON.parse(r.stdout) };
}

const add = (into, from) => {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
};

async function campaigns() {
  const { campaignProfiles, profileArgs } = await import(PROFILES);
  const rows = [];
  for (const p of campaignProfiles(size)) {
    process.stderr.write(`campaign ${p.name}: ${p.runs} cycles…\n`);
    const { result: s } = runJson(DEVICE, ['campaign', ...profileArgs(p), '--json']);
    delete s.log;
    rows.push({ profile: p, summary: s });
  }
  return rows;
}

function fuzz() {
  const { runs, seed, jobs } = FUZZ_RUNS[size];
  process.stderr.write(`fuzz: ${runs} cases, seed ${seed}, ${jobs} process(es)…\n`);
  const started = performance.now();
  const { result } = runJson(FUZZ, [
    ...['--runs', String(runs), '--seed', String(seed), '--jobs', String(jobs), '--json']
  ]);
  return { ...result, seconds: (performance.now() - started) / 1000 };
}

const amount = (a) => `${a.records} / ${a.bytes}`;

function campaignTables(rows) {
  const out = [];
  out.push(
    '| profile | cycles | cycles/s | written (records / bytes) | recovered | corrected | lost | unexplained | boot failures |'
  );
  out.push('|---|---|---|---|---|---|---|---|---|');
  const total = (s, k) =>
    ['printk', 'pmsg', 'dumps'].reduce(
      (a, r) => ({ records: a.records + s[k][r].records, bytes: a.bytes + s[k][r].bytes }),
      { records: 0, bytes: 0 }
    );
  for (const { profile: p, summary: s } of rows) {
    const lost = Object.values(s.lost).reduce(
      (a, t) => ({ records: a.records + t.records, bytes: a.bytes + t.bytes }),
      { records: 0, bytes: 0 }
    );
    out.push(
      `| ${p.name} | ${s.cycles} | ${s.cyclesPerSecond.toFixed(1)} | ${amount(total(s, 'written'))} | ${amount(total(s, 'recovered'))} | ${amount(total(s, 'corrected'))} | ${amount(lost)} | ${s.unexplained} | ${s.bootFailures} |`
    );
  }
  const faults = {};
  const paths = {};
  const lost = {};
  let headersCorrected = 0;
  let eccBytes = 0;
  for (const { summary: s } of rows) {
    add(faults, s.faults);
    add(paths, s.headers.paths);
    headersCorrected += s.headers.corrected;
    eccBytes += s.corrected.eccBytes;
    for (const [k, t] of Object.entries(s.lost)) {
      lost[k] ??= { occurrences: 0, records: 0, bytes: 0, blocks: 0, unknown: 0 };
      add(lost[k], t);
    }
  }
  out.push('', '| fault | cycles |', '|---|---|');
  for (const [k, v] of Object.entries(faults).sort((a, b) => b[1] - a[1]))
    out.push(`| \`${k}\` | ${v} |`);
  out.push(
    '',
    `Zone headers corrected by ECC: ${headersCorrected}; bytes corrected by ECC: ${eccBytes}.`,
    ''
  );
  out.push('| kernel path for a header it did not accept | times reached |', '|---|---|');
  for (const [k, v] of Object.entries(paths)) out.push(`| \`${k}\` | ${v} |`);
  out.push(
    '',
    '| lost: cause | losses | records | bytes | ECC blocks | of unknown size |',
    '|---|---|---|---|---|---|'
  );
  const sorted = Object.entries(lost).sort((a, b) => b[1].occurrences - a[1].occurrences);
  for (const [k, t] of sorted)
    out.push(
      `| \`${k}\` | ${t.occurrences} | ${t.records} | ${t.bytes} | ${t.blocks} | ${t.unknown} |`
    );
  if (!sorted.length) out.push('| — | 0 | 0 | 0 | 0 | 0 |');
  return out;
}

function fuzzTable(f) {
  return [
    '| cases | ok | rejected (exit 2) | crashes | hangs | invariant violations | seed | seconds |',
    '|---|---|---|---|---|---|---|---|',
    `| ${f.cases} | ${f.ok} | ${f.rejected} | ${f.crashes} | ${f.hangs} | ${f.invariantViolations} | ${f.seed} | ${f.seconds.toFixed(0)} |`
  ];
}

let report = { size };
if (from) {
  try {
    report = JSON.parse(readFileSync(from, 'utf8'));
  } catch (e) {
    usage(`cannot read --from ${from}: ${e.code ?? e.message}`);
  }
  size = report.size;
} else {
  if (only !== 'fuzz') report.campaigns = await campaigns();
  if (only !== 'campaign') report.fuzz = fuzz();
}
const bad =
  (report.campaigns ?? []).some(({ summary: s }) => s.unexplained || s.bootFailures) ||
  (report.fuzz
    ? report.fuzz.crashes + report.fuzz.hangs + report.fuzz.invariantViolations > 0
    : false);
if (json) console.log(JSON.stringify(report, null, 2));
else {
  const lines = [`Reliability run (${size === 'long' ? 'long' : 'CI-sized'}):`, ''];
  if (report.campaigns)
    lines.push('### Fault campaigns', '', ...campaignTables(report.campaigns), '');
  if (report.fuzz) lines.push('### Hostile dumps (fuzzer)', '', ...fuzzTable(report.fuzz), '');
  const okParts = [
    ...(report.campaigns ? ['0 unexplained losses', '0 boot failures'] : []),
    ...(report.fuzz ? ['0 crashes', '0 hangs', '0 invariant violations'] : [])
  ];
  lines.push(bad ? 'FAILED: see the rows above.' : `OK: ${okParts.join(', ')}.`);
  console.log(lines.join('\n'));
}
process.exitCode = bad ? 1 : 0;
