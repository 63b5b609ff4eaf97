#!/usr/bin/env node
/**
 * `pnpm fuzz --runs N --seed S [--json] [--jobs J]`: the seeded fuzzer of
 * `pstore decode` (see README.md). Prints the figures; exit 1 when any case
 * crashed, hung or broke an invariant, 2 for a bad option.
 * Kernel counterpart: none.
 */
import { fileURLToPath } from 'node:url';
import { runFuzz, type FuzzSummary } from './campaign.ts';
import { FUZZ_USAGE, FuzzUsageError, parseFuzzArgs, type FuzzArgs } from './options.ts';
import { summaryJson, summaryText } from './report.ts';
import { runShards, ShardError, shardRanges } from './shards.ts';

async function run(args: FuzzArgs, progress: boolean): Promise<FuzzSummary> {
  if (args.jobs === 1) {
    return runFuzz({
      runs: args.runs,
      seed: args.seed,
      first: args.first,
      cliSample: args.cliSample,
      outSample: args.outSample,
      saveFixtures: args.saveFixtures,
      onCase: progress
        ? (n) => n % 100 === 0 && process.stderr.write(`\r${n}/${args.runs}`)
        : undefined
    });
  }
  const extra = [
    ...['--cli-sample', String(args.cliSample), '--out-sample', String(args.outSample)],
    ...(args.saveFixtures ? [] : ['--no-fixtures'])
  ];
  return runShards(
    fileURLToPath(import.meta.url),
    shardRanges(args.first, args.runs, args.jobs),
    args.seed,
    extra,
    progress ? (done, of) => process.stderr.write(`\r${done}/${of} jobs done`) : undefined
  );
}

async function main(argv: readonly string[]): Promise<number> {
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
  let s: FuzzSummary;
  try {
    s = await run(args, progress);
  } catch (e) {
    if (e instanceof ShardError) {
      process.stderr.write(`pstore-fuzz: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  if (progress) process.stderr.write('\r');
  process.stdout.write(`${args.json ? summaryJson(s) : summaryText(s)}\n`);
  return s.crashes + s.hangs + s.invariantViolations + s.generatorErrors ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
