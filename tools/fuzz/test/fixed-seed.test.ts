import { describe, expect, it } from 'vitest';
import { runFuzz } from '../src/campaign.ts';

// What CI runs: a fixed seed, a few thousand cases through the library (the
// built CLI on 1 case in 250 when it is built). Any failure prints the case;
// `pnpm fuzz --seed 20251106 --runs 3000` reproduces it and saves a fixture.
const SEED = 20251106;
const RUNS = 3000;

describe('fuzz, fixed seed', () => {
  it(
    `runs ${RUNS} cases of seed ${SEED} without a crash, hang or broken invariant`,
    { timeout: 110_000 },
    () => {
      const s = runFuzz({ runs: RUNS, seed: SEED, cliSample: 250, saveFixtures: false });
      expect(
        s.failures.flatMap((f) => [`${f.generator} #${f.caseIndex} (${f.what})`, ...f.problems])
      ).toEqual([]);
      expect({
        crashes: s.crashes,
        hangs: s.hangs,
        invariantViolations: s.invariantViolations
      }).toEqual({
        crashes: 0,
        hangs: 0,
        invariantViolations: 0
      });
      expect(s.ok + s.rejected).toBe(RUNS);
      expect(s.ok).toBeGreaterThan(RUNS / 2);
    }
  );
});
