/**
 * The fuzzer's command line: `pstore-fuzz --runs N --seed S [--json]
 * [--jobs J] [--first I] [--cli-sample K] [--out-sample K] [--no-fixtures]`. A bad option is a
 * FuzzUsageError: one line on stderr and exit 2.
 * Kernel counterpart: none.
 */

export class FuzzUsageError extends Error {
  override readonly name = 'FuzzUsageError';
}

export interface FuzzArgs {
  readonly runs: number;
  readonly seed: number;
  /** Processes sharing the run (cases split into contiguous ranges). */
  readonly jobs: number;
  /** Index of the first case: a shard of a larger run. */
  readonly first: number;
  readonly json: boolean;
  readonly cliSample: number;
  readonly outSample: number;
  readonly saveFixtures: boolean;
  readonly help: boolean;
}

export const FUZZ_USAGE = `usage: pnpm fuzz --runs N [--seed S] [--json] [--jobs J] [--first I] [--cli-sample K] [--out-sample K] [--no-fixtures]
  --runs N         cases to run (default 1000)
  --seed S         32-bit seed (default: from the clock, printed): the same seed replays the same cases
  --jobs J         split the cases over J processes, one per core (default 1); the figures are merged
  --first I        start at case I of the seed's sequence (default 0): cases I … I+N−1
  --json           {"cases", "ok", "rejected", "crashes", "hangs", "invariantViolations", "seed", …}
  --cli-sample K   also run the built CLI (apps/cli/dist/pstore.mjs) on 1 case in K (default 200, 0 = never)
  --out-sample K   also decode with --out DIR on 1 case in K (default 20, 0 = never)
  --no-fixtures    do not save failing cases to tools/fuzz/fixtures/
Exit code: 0 when nothing failed, 1 when a case crashed, hung or broke an invariant, 2 for bad options.`;

function int(name: string, text: string | undefined, min: number, max: number): number {
  if (text === undefined) throw new FuzzUsageError(`--${name} needs a value`);
  if (!/^-?(0x[0-9a-f]+|\d+)$/i.test(text)) {
    throw new FuzzUsageError(`--${name}: "${text}" is not an integer`);
  }
  const v = Number(text);
  if (!Number.isSafeInteger(v) || v < min || v > max) {
    throw new FuzzUsageError(`--${name}: ${text} is outside ${min}..${max}`);
  }
  return v;
}

export function parseFuzzArgs(argv: readonly string[], now = Date.now()): FuzzArgs {
  let runs = 1000;
  let seed = now % 2 ** 31;
  let jobs = 1;
  let first = 0;
  let json = false;
  let cliSample = 200;
  let outSample = 20;
  let saveFixtures = true;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [name, inline] =
      a.startsWith('--') && a.includes('=')
        ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]
        : [a, undefined];
    const value = () => inline ?? argv[++i];
    switch (name) {
      case '--runs':
        runs = int('runs', value(), 1, 1e9);
        break;
      case '--seed':
        seed = int('seed', value(), -(2 ** 31), 2 ** 32 - 1) | 0;
        break;
      case '--jobs':
        jobs = int('jobs', value(), 1, 256);
        break;
      case '--first':
        first = int('first', value(), 0, 2 ** 32);
        break;
      case '--cli-sample':
        cliSample = int('cli-sample', value(), 0, 1e9);
        break;
      case '--out-sample':
        outSample = int('out-sample', value(), 0, 1e9);
        break;
      case '--json':
        json = true;
        break;
      case '--no-fixtures':
        saveFixtures = false;
        break;
      case '--help':
      case '-h':
        help = true;
        break;
      default:
        throw new FuzzUsageError(`unknown option "${a}" (see --help)`);
    }
  }
  if (jobs > runs) throw new FuzzUsageError(`--jobs ${jobs} is more than --runs ${runs}`);
  return { runs, seed, jobs, first, json, cliSample, outSample, saveFixtures, help };
}
