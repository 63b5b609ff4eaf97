import { describe, expect, it } from 'vitest';
import { checkOne } from '../src/campaign.ts';
import { loadFixtures } from '../src/fixtures.ts';
import { Workdir } from '../src/run-case.ts';
import { calibrate } from '../src/time-bound.ts';

// Every case the fuzzer ever failed on, replayed through every invariant
// (--json twice, the table, --out; the built CLI when it is built).
describe('fuzz regression fixtures', () => {
  const fixtures = loadFixtures();
  it('there is at least one (the --out crash on a header beyond Date range)', () => {
    expect(fixtures.length).toBeGreaterThan(0);
  });
  for (const { fixture, case: c } of fixtures) {
    it(`${fixture.name}: ${fixture.what.slice(0, 80)}`, () => {
      const work = new Workdir();
      try {
        const v = checkOne(c, work, calibrate(work), { withOut: true, withCli: true });
        expect(v.problems).toEqual([]);
      } finally {
        work.close();
      }
    });
  }
});
