/**
 * The fuzzer's figures as --json and as a short table.
 * Kernel counterpart: none.
 */
import type { FuzzSummary } from './campaign.ts';

/** The --json object: the issue's fields first, then the details. */
export function summaryJson(s: FuzzSummary): string {
  const { cases, ok, rejected, crashes, hangs, invariantViolations, seed, ...rest } = s;
  return JSON.stringify(
    {
      cases,
      ok,
      rejected,
      crashes,
      hangs,
      invariantViolations,
      seed,
      ...rest,
      casesPerSecond: Math.round(rest.casesPerSecond * 10) / 10,
      seconds: Math.round(rest.seconds * 10) / 10
    },
    null,
    2
  );
}

export function summaryText(s: FuzzSummary): string {
  const rows: [string, string][] = [
    ['cases', `${s.cases}${s.first ? ` (cases ${s.first}…${s.first + s.cases - 1})` : ''}`],
    ['ok (exit 0)', String(s.ok)],
    ['rejected (exit 2, one line)', String(s.rejected)],
    ['crashes', String(s.crashes)],
    ['hangs', String(s.hangs)],
    ['invariant violations', String(s.invariantViolations)],
    ['seed', String(s.seed)],
    ['cases/s', `${s.casesPerSecond.toFixed(1)}${s.jobs > 1 ? ` (${s.jobs} processes)` : ''}`],
    [
      'built-CLI samples',
      `${s.cliSamples}${s.maxRssMiB === null ? '' : `, peak RSS ${s.maxRssMiB} MiB`}`
    ],
    [
      'slowest vs clean decode',
      s.worst
        ? `${s.worst.ratio.toFixed(1)}× (${s.worst.msPerMiB.toFixed(0)} ms/MiB, ${s.worst.generator})`
        : '-'
    ]
  ];
  const w = Math.max(...rows.map((r) => r[0].length));
  const lines = rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`);
  const gens = Object.entries(s.byGenerator).sort(([a], [b]) => a.localeCompare(b));
  lines.push('', 'generator        cases     ok  rejected  failed');
  for (const [name, g] of gens) {
    lines.push(
      `${name.padEnd(15)} ${String(g.cases).padStart(6)} ${String(g.ok).padStart(6)} ${String(g.rejected).padStart(9)} ${String(g.failed).padStart(7)}`
    );
  }
  for (const f of s.failures.slice(0, 20)) {
    lines.push(
      '',
      `FAILED ${f.generator} case ${f.caseIndex} (${f.what})`,
      ...f.problems.map((p) => `  ${p}`)
    );
    if (f.fixture) lines.push(`  saved as ${f.fixture}`);
  }
  if (s.failures.length > 20) {
    lines.push('', `… and ${s.failures.length - 20} more failing case(s)`);
  }
  return lines.join('\n');
}
