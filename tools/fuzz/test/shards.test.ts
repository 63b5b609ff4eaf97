import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runFuzz } from '../src/campaign.ts';
import { FuzzUsageError, parseFuzzArgs } from '../src/options.ts';
import { mergeSummaries, runShards, ShardError, shardRanges } from '../src/shards.ts';

describe('a fuzz run over several processes', () => {
  it('splits the cases into contiguous ranges that cover the run exactly once', () => {
    for (const [first, runs, jobs] of [
      [0, 1_000_000, 2],
      [7, 10, 3],
      [0, 5, 5]
    ] as const) {
      const r = shardRanges(first, runs, jobs);
      expect(r).toHaveLength(jobs);
      expect(r[0]!.first).toBe(first);
      for (let j = 1; j < r.length; j++) expect(r[j]!.first).toBe(r[j - 1]!.first + r[j - 1]!.runs);
      expect(r.reduce((a, x) => a + x.runs, 0)).toBe(runs);
      expect(
        Math.max(...r.map((x) => x.runs)) - Math.min(...r.map((x) => x.runs))
      ).toBeLessThanOrEqual(1);
    }
  });

  it(
    'merges shards into the figures of one process running the same cases',
    { timeout: 120_000 },
    () => {
      const opts = { seed: 99, cliSample: 0, outSample: 0, saveFixtures: false };
      const whole = runFuzz({ ...opts, runs: 24 });
      const merged = mergeSummaries(
        [runFuzz({ ...opts, runs: 10 }), runFuzz({ ...opts, runs: 14, first: 10 })],
        1
      );
      const verdicts = (s: typeof whole) => ({
        cases: s.cases,
        first: s.first,
        ok: s.ok,
        rejected: s.rejected,
        crashes: s.crashes,
        hangs: s.hangs,
        invariantViolations: s.invariantViolations,
        byGenerator: s.byGenerator
      });
      expect(verdicts(merged)).toEqual(verdicts(whole));
      expect(merged.jobs).toBe(2);
      expect(merged.casesPerSecond).toBe(24);
    }
  );

  const dir = mkdtempSync(join(tmpdir(), 'fuzz-shards-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('names the cases of a shard that died: they were not run', async () => {
    const script = join(dir, 'dies.mjs');
    writeFileSync(script, 'process.exit(3);\n');
    await expect(runShards(script, shardRanges(0, 10, 2), 1, [])).rejects.toThrow(ShardError);
    await expect(runShards(script, shardRanges(0, 10, 2), 1, [])).rejects.toThrow(
      /shard of cases (0…4|5…9) failed: exit 3/
    );
  });

  it('reads --jobs and --first, and refuses more jobs than cases', () => {
    expect(parseFuzzArgs(['--runs', '10', '--jobs', '2', '--first=5'], 1)).toMatchObject({
      runs: 10,
      jobs: 2,
      first: 5
    });
    expect(parseFuzzArgs([], 1)).toMatchObject({ jobs: 1, first: 0 });
    expect(() => parseFuzzArgs(['--runs', '2', '--jobs', '3'])).toThrow(FuzzUsageError);
    expect(() => parseFuzzArgs(['--jobs', '0'])).toThrow('--jobs: 0 is outside 1..256');
  });
});
