/**
 * A fuzz run: N cases drawn from the generators with seeds derived from
 * one --seed (so a seed replays exactly, case by case), each decoded and
 * held to the invariants, time measured against the clean-decode bound,
 * the built CLI run on a sample; failing cases saved as fixtures. Returns
 * the figures the report prints.
 * Kernel counterpart: none.
 */
import fc from 'fast-check';
import { caseOffset, type FuzzCase } from './case.ts';
import { cliAvailable, runCliSample } from './cli-sample.ts';
import { saveFixture } from './fixtures.ts';
import { caseArbitrary } from './generators/index.ts';
import { checkCase, type DecodeJson, type Problem } from './invariants.ts';
import { runCase, runInProcess, Workdir } from './run-case.ts';
import { calibrate, type TimeBound } from './time-bound.ts';

export interface FuzzOptions {
  readonly runs: number;
  readonly seed: number;
  /** Index of the first case (a shard of a larger run; default 0). */
  readonly first?: number;
  /** Run the built CLI on 1 case in K (0: never). */
  readonly cliSample: number;
  /** Also decode with --out DIR on 1 case in K (0: never). */
  readonly outSample?: number;
  /** Save failing cases as fixtures (default true). */
  readonly saveFixtures?: boolean;
  /** Called after each case (progress). */
  readonly onCase?: (done: number) => void;
}

export interface GeneratorFigures {
  cases: number;
  ok: number;
  rejected: number;
  failed: number;
}

interface Failure {
  readonly generator: string;
  readonly caseIndex: number;
  readonly caseSeed: number;
  readonly what: string;
  readonly problems: readonly string[];
  readonly fixture: string | null;
}

export interface FuzzSummary {
  cases: number;
  /** Index of the first case run (cases first … first+cases−1 of the seed). */
  first: number;
  /** Processes that shared the run. */
  jobs: number;
  ok: number;
  rejected: number;
  crashes: number;
  hangs: number;
  invariantViolations: number;
  seed: number;
  /** Cases a generator failed to draw (a fuzzer bug; the run continues). */
  generatorErrors: number;
  casesPerSecond: number;
  seconds: number;
  cliSamples: number;
  maxRssMiB: number | null;
  /** The slowest case relative to the clean decode of its region size and ECC. */
  worst: { ratio: number; msPerMiB: number; generator: string; what: string } | null;
  cleanMsPerMiB: Record<string, number>;
  /** Clean decode cost of one zone, ms (a layout of many small zones). */
  cleanMsPerZone: number;
  byGenerator: Record<string, GeneratorFigures>;
  failures: Failure[];
}

/** The seed of case `i` of a run seeded `seed` (a fixed mix, so runs replay). */
export function caseSeed(seed: number, i: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(i + 1, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  return h | 0;
}

/** The case `i` of a run seeded `seed`. */
export function drawCase(seed: number, i: number): FuzzCase {
  return fc.sample(caseArbitrary(), { seed: caseSeed(seed, i), numRuns: 1 })[0]!;
}

/** The size of the region a decode read: the end of its last zone, else the image after --offset. */
function regionBytes(c: FuzzCase, json: DecodeJson | null): number {
  const end = json?.zones.reduce((m, z) => Math.max(m, z.offset + z.size), 0) ?? 0;
  return end || Math.max(0, c.image.length - caseOffset(c));
}

export interface CaseVerdict {
  readonly problems: Problem[];
  readonly exit: number;
  readonly ms: number;
  readonly regionBytes: number;
  readonly rssBytes: number | null;
}

/** Runs one case through every check. */
export function checkOne(
  c: FuzzCase,
  work: Workdir,
  bound: TimeBound,
  opts: { withOut: boolean; withCli: boolean }
): CaseVerdict {
  const runs = runCase(c, work, opts.withOut);
  const { problems, json } = checkCase(c, runs);
  const bytes = regionBytes(c, json);
  let ms = Math.min(runs.json.ms, runs.again.ms); // the quieter of two identical runs
  const zones = json?.zones.length ?? 0;
  let limit = bound.limitMs(c, bytes, zones);
  if (ms > limit) {
    // Wall time on a shared machine: measure the case and a clean read again,
    // now, under the same load, before calling it a hang.
    const base = ['decode', runs.imagePath, ...c.args, '--json', '--content'];
    for (let i = 0; i < 2; i++) ms = Math.min(ms, runInProcess(base).ms);
    limit *= Math.max(1, bound.cleanNow(c) / bound.cleanFor(c));
  }
  if (ms > limit) {
    problems.push({
      kind: 'hang',
      message: `decode took ${ms.toFixed(0)} ms, bound ${limit.toFixed(0)} ms for ${bytes} bytes in ${zones} zones`
    });
  }
  let rssBytes: number | null = null;
  if (opts.withCli && cliAvailable()) {
    const s = runCliSample(work, runs.imagePath, c.args, runs.json, bytes);
    problems.push(...s.problems);
    rssBytes = s.rssBytes;
  }
  return { problems, exit: runs.json.code, ms, regionBytes: bytes, rssBytes };
}

export function runFuzz(options: FuzzOptions): FuzzSummary {
  const work = new Workdir();
  try {
    const bound = calibrate(work);
    const s: FuzzSummary = {
      cases: 0,
      ok: 0,
      rejected: 0,
      crashes: 0,
      hangs: 0,
      invariantViolations: 0,
      first: options.first ?? 0,
      jobs: 1,
      seed: options.seed,
      generatorErrors: 0,
      casesPerSecond: 0,
      seconds: 0,
      cliSamples: 0,
      maxRssMiB: null,
      worst: null,
      cleanMsPerMiB: Object.fromEntries(
        [...bound.cleanMsPerMiB].map(([k, v]) => [`ecc${k}`, Math.round(v * 10) / 10])
      ),
      cleanMsPerZone: Math.round(bound.cleanMsPerZone * 1e4) / 1e4,
      byGenerator: {},
      failures: []
    };
    const t0 = performance.now();
    const outEvery = options.outSample ?? 20;
    const first = options.first ?? 0;
    for (let i = first; i < first + options.runs; i++) {
      let c: FuzzCase;
      try {
        c = drawCase(options.seed, i);
      } catch (e) {
        // A bug of the fuzzer, not of pstore: counted apart, and the run goes on.
        s.generatorErrors++;
        s.failures.push({
          generator: 'fuzzer',
          caseIndex: i,
          caseSeed: caseSeed(options.seed, i),
          what: 'drawing the case',
          problems: [`generator threw: ${e instanceof Error ? e.message : String(e)}`],
          fixture: null
        });
        continue;
      }
      const withCli = options.cliSample > 0 && i % options.cliSample === options.cliSample - 1;
      const v = checkOne(c, work, bound, { withOut: outEvery > 0 && i % outEvery === 0, withCli });
      const g = (s.byGenerator[c.generator] ??= { cases: 0, ok: 0, rejected: 0, failed: 0 });
      s.cases++;
      g.cases++;
      if (withCli) s.cliSamples++;
      if (v.rssBytes !== null) {
        s.maxRssMiB = Math.max(s.maxRssMiB ?? 0, Math.round(v.rssBytes / 2 ** 20));
      }
      // Below 256 KiB the fixed cost of a decode hides the per-byte cost.
      if (v.regionBytes >= 256 * 1024) {
        const msPerMiB = v.ms / (v.regionBytes / 2 ** 20);
        const ratio = v.ms / ((bound.cleanFor(c) * v.regionBytes) / 2 ** 20);
        if (!s.worst || ratio > s.worst.ratio) {
          s.worst = { ratio, msPerMiB, generator: c.generator, what: c.what };
        }
      }
      const kinds = new Set(v.problems.map((p) => p.kind));
      if (kinds.has('crash')) s.crashes++;
      else if (kinds.has('hang')) s.hangs++;
      else if (kinds.has('invariant')) s.invariantViolations++;
      else if (v.exit === 0) {
        s.ok++;
        g.ok++;
      } else {
        s.rejected++;
        g.rejected++;
      }
      if (v.problems.length) {
        g.failed++;
        const where = { seed: options.seed, caseIndex: i, caseSeed: caseSeed(options.seed, i) };
        const fixture = options.saveFixtures === false ? null : saveFixture(c, where, v.problems);
        s.failures.push({
          generator: c.generator,
          caseIndex: i,
          caseSeed: where.caseSeed,
          what: c.what,
          problems: v.problems.map((p) => `${p.kind}: ${p.message}`),
          fixture
        });
      }
      options.onCase?.(i + 1 - first);
    }
    s.seconds = (performance.now() - t0) / 1000;
    s.casesPerSecond = s.cases / Math.max(s.seconds, 1e-9);
    return s;
  } finally {
    work.close();
  }
}
