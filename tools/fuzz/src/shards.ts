/**
 * One fuzz run over several processes (`--jobs J`): the cases of the seed
 * are split into J contiguous ranges, each run by a child `--first I --runs
 * N --json`, and the children's figures merged into one summary, as if one
 * process had run them all (the same cases, the same verdicts: a case
 * depends only on the seed and its index).
 * Kernel counterpart: none.
 */
import { spawn } from 'node:child_process';
import type { FuzzSummary, GeneratorFigures } from './campaign.ts';

/** The contiguous ranges of `jobs` shards over cases first … first+runs−1. */
export function shardRanges(
  first: number,
  runs: number,
  jobs: number
): { first: number; runs: number }[] {
  const out: { first: number; runs: number }[] = [];
  let at = first;
  for (let j = 0; j < jobs; j++) {
    const n = Math.floor(runs / jobs) + (j < runs % jobs ? 1 : 0);
    out.push({ first: at, runs: n });
    at += n;
  }
  return out;
}

const sum = (parts: readonly FuzzSummary[], k: (s: FuzzSummary) => number) =>
  parts.reduce((a, s) => a + k(s), 0);
const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

/**
 * Merges the shards' summaries; `seconds` is the wall time of the whole run.
 * Clean-decode calibrations, measured by each shard, are averaged.
 */
export function mergeSummaries(parts: readonly FuzzSummary[], seconds: number): FuzzSummary {
  if (parts.length === 0) throw new Error('mergeSummaries: no shard');
  const byGenerator: Record<string, GeneratorFigures> = {};
  for (const s of parts) {
    for (const [name, g] of Object.entries(s.byGenerator)) {
      const m = (byGenerator[name] ??= { cases: 0, ok: 0, rejected: 0, failed: 0 });
      m.cases += g.cases;
      m.ok += g.ok;
      m.rejected += g.rejected;
      m.failed += g.failed;
    }
  }
  const cleanMsPerMiB: Record<string, number> = {};
  for (const key of Object.keys(parts[0]!.cleanMsPerMiB)) {
    cleanMsPerMiB[key] = round(sum(parts, (s) => s.cleanMsPerMiB[key] ?? 0) / parts.length, 1);
  }
  const rss = parts.map((s) => s.maxRssMiB).filter((v): v is number => v !== null);
  const worst = parts
    .map((s) => s.worst)
    .reduce<FuzzSummary['worst']>((w, x) => (x && (!w || x.ratio > w.ratio) ? x : w), null);
  const cases = sum(parts, (s) => s.cases);
  return {
    cases,
    first: Math.min(...parts.map((s) => s.first)),
    jobs: parts.length,
    ok: sum(parts, (s) => s.ok),
    rejected: sum(parts, (s) => s.rejected),
    crashes: sum(parts, (s) => s.crashes),
    hangs: sum(parts, (s) => s.hangs),
    invariantViolations: sum(parts, (s) => s.invariantViolations),
    seed: parts[0]!.seed,
    generatorErrors: sum(parts, (s) => s.generatorErrors),
    casesPerSecond: cases / Math.max(seconds, 1e-9),
    seconds,
    cliSamples: sum(parts, (s) => s.cliSamples),
    maxRssMiB: rss.length ? Math.max(...rss) : null,
    worst,
    cleanMsPerMiB,
    cleanMsPerZone: round(sum(parts, (s) => s.cleanMsPerZone) / parts.length, 4),
    byGenerator,
    failures: parts.flatMap((s) => s.failures).sort((a, b) => a.caseIndex - b.caseIndex)
  };
}

export class ShardError extends Error {
  override readonly name = 'ShardError';
}

/**
 * Runs `script` (this fuzzer's main) once per range with `extra` options and
 * --json, in parallel, and merges what they print. A child that dies or
 * prints no summary is an error naming its cases: its cases were not run.
 */
export async function runShards(
  script: string,
  ranges: readonly { first: number; runs: number }[],
  seed: number,
  extra: readonly string[],
  onShard?: (done: number, of: number) => void
): Promise<FuzzSummary> {
  const t0 = performance.now();
  let done = 0;
  const parts = await Promise.all(
    ranges.map(
      (r) =>
        new Promise<FuzzSummary>((resolve, reject) => {
          const args = [script, '--runs', String(r.runs), '--first', String(r.first)];
          const child = spawn(
            process.execPath,
            [...process.execArgv, ...args, '--seed', String(seed), '--json', ...extra],
            { stdio: ['ignore', 'pipe', 'inherit'] }
          );
          const out: Buffer[] = [];
          child.stdout.on('data', (b: Buffer) => out.push(b));
          child.on('error', reject);
          child.on('close', (code, signal) => {
            const what = `shard of cases ${r.first}…${r.first + r.runs - 1}`;
            try {
              if (code !== 0 && code !== 1) throw new Error(`exit ${code ?? signal}`);
              resolve(JSON.parse(Buffer.concat(out).toString('utf8')) as FuzzSummary);
              onShard?.(++done, ranges.length);
            } catch (e) {
              reject(
                new ShardError(`${what} failed: ${e instanceof Error ? e.message : String(e)}`)
              );
            }
          });
        })
    )
  );
  return mergeSummaries(parts, (performance.now() - t0) / 1000);
}
