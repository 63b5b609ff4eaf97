#!/usr/bin/env node
/**
 * `pnpm fuzz --runs N --seed S [--json]`: the seeded fuzzer of `pstore
 * decode` (see README.md). Prints the figures; exit 1 when any case
 * crashed, hung or broke an invariant, 2 for a bad option.
 * Kernel counterpart: none.
 */
import { runFuzz } from './campaign.ts';
import { FUZZ_USAGE, FuzzUsageError, parseFuzzArgs } from './options.ts';
import { summaryJson, summaryText } from './report.ts';

function main(argv: readonly string[]): number {
  let args;
  try {
    args = parseFuzzArgs(argv);
  } catch (e) {
    if (e instanceof FuzzUsageError) {
      process.stderr.write(`pstore-fuzz: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  if (args.help) {
    process.stdout.write(`${FUZZ_USAGE}\n`);
    return 0;
  }
  const progress = !args.json && process.stderr.isTTY;
  const s = runFuzz({
    runs: args.runs,
    seed: args.seed,
    cliSample: args.cliSample,
    outSample: args.outSample,
    saveFixtures: args.saveFixtures,
    onCase: progress
      ? (n) => n % 100 === 0 && process.stderr.write(`\r${n}/${args.runs}`)
      : undefined
  });
  if (progress) process.stderr.write('\r');
  process.stdout.write(`${args.json ? summaryJson(s) : summaryText(s)}\n`);
  return s.crashes + s.hangs + s.invariantViolations + s.generatorErrors ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
