import { describe, expect, it } from 'vitest';
import { caseSeed, drawCase } from '../src/campaign.ts';
import { FuzzUsageError, parseFuzzArgs } from '../src/options.ts';

describe('pstore-fuzz options', () => {
  it('reads --runs, --seed, --json and --cli-sample', () => {
    expect(
      parseFuzzArgs(['--runs', '50', '--seed=7', '--json', '--cli-sample', '0'], 123)
    ).toMatchObject({
      runs: 50,
      seed: 7,
      json: true,
      cliSample: 0
    });
    expect(parseFuzzArgs([], 123)).toMatchObject({
      runs: 1000,
      seed: 123,
      json: false,
      cliSample: 200
    });
  });

  it('refuses bad options with one line naming the problem', () => {
    for (const argv of [
      ['--runs'],
      ['--runs', '0'],
      ['--runs', 'many'],
      ['--seed', '1.5'],
      ['--cli-sample', '-1'],
      ['--bogus']
    ]) {
      expect(() => parseFuzzArgs(argv)).toThrow(FuzzUsageError);
    }
    expect(() => parseFuzzArgs(['--runs', 'x'])).toThrow('--runs: "x" is not an integer');
  });
});

describe('seeded cases', () => {
  it('replay exactly: the same seed and index give the same case', () => {
    for (const i of [0, 1, 17, 999]) {
      const a = drawCase(42, i);
      const b = drawCase(42, i);
      expect(b.generator).toBe(a.generator);
      expect(b.args).toEqual(a.args);
      expect(Buffer.from(b.image).equals(Buffer.from(a.image))).toBe(true);
    }
    expect(caseSeed(42, 0)).not.toBe(caseSeed(42, 1));
    expect(caseSeed(42, 0)).not.toBe(caseSeed(43, 0));
  });
});
