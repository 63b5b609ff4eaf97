/**
 * `device campaign --runs N [--seed S] [--faults LIST] [--verbose] [--json]`:
 * many random crash/fault cycles, a progress bar on stderr when it is a
 * terminal, then a summary: the seed, cycles/s, records written, recovered,
 * corrected by ECC, and losses counted by kind with real examples.
 * Kernel counterpart: none.
 */
import { statSync } from 'node:fs';
import { blkDeviceConfig, deviceConfig, type DeviceConfig } from '../device-config.ts';
import { formatCycle, formatSummary } from '../faults/campaign-text.ts';
import {
  BACKEND_FAULTS,
  runCampaign,
  type CampaignFault,
  type CampaignSummary
} from '../faults/campaign.ts';
import { DeviceError } from '../hardware/ram.ts';
import { intOption, parseOptions, stringOption, type Options } from './args.ts';
import { isUserError } from './errors.ts';
import {
  backendOption,
  BOARD_HELP,
  BOARD_OPTIONS,
  makeBoard,
  placementOption
} from './make-board.ts';

const CAMPAIGN_HELP = `usage: device campaign --runs N [--seed S] [--faults LIST] [--verbose] [--json] [board options]
       device campaign --cycle K [--seed S] [--faults LIST] [--verbose] [board options]

Runs N cycles: boot, random printk and pmsg traffic (sometimes an oops), one fault drawn from
LIST, reboot; the next boot's records are compared byte for byte with what was written. Then
prints the seed, what was written, recovered intact, corrected by ECC, and lost by cause; a loss
no injected fault explains is "unexplained", with a command that replays its cycle. The same
seed and options give the same run.
  --runs N        how many cycles (N ≥ 1)
  --cycle K       run cycle K of the seed's run alone, on a fresh board (with --runs N: cycles
                  K to K+N-1); each cycle draws from its own seed, so it replays the same faults
  --faults LIST   comma-separated, from: ${BACKEND_FAULTS.ramoops.join(', ')}
                  (default: all); with --backend blk: ${BACKEND_FAULTS.blk.join(', ')}
  --verbose       one line per cycle: the faults injected, what the next boot recovered, what was
                  lost and why (on stderr with --json)
  --json          the summary as JSON on stdout, nothing else there
Exit status 1 when a boot failed or a loss is unexplained, else 0.
The progress bar is drawn on stderr only when stderr is a terminal (and not with --verbose).

${BOARD_HELP}`;

export const CAMPAIGN_OPTIONS = {
  ...BOARD_OPTIONS,
  runs: true,
  cycle: true,
  faults: true,
  verbose: false,
  json: false,
  help: false
} as const;

function bar(done: number, total: number, started: number): string {
  const width = 30;
  const filled = Math.round((done / total) * width);
  const rate = done / ((performance.now() - started) / 1000);
  return `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} cycles, ${rate.toFixed(1)}/s`;
}

function faultList(v: string, backend: 'ramoops' | 'blk'): CampaignFault[] {
  const list = v.split(',');
  const known = BACKEND_FAULTS[backend];
  for (const f of list) {
    const anyBoard = [...BACKEND_FAULTS.ramoops, ...BACKEND_FAULTS.blk] as readonly string[];
    if (anyBoard.includes(f) && !known.includes(f as CampaignFault)) {
      throw new DeviceError(
        backend === 'blk'
          ? `--faults: ${f} has no meaning on a disk (--backend blk: ${known.join(', ')})`
          : `--faults: ${f} needs --backend blk (ramoops: ${known.join(', ')})`
      );
    }
    if (!known.includes(f as CampaignFault)) {
      throw new DeviceError(`--faults: unknown fault "${f}" (faults: ${known.join(', ')})`);
    }
  }
  return list as CampaignFault[];
}

/** The backend --backend gives wherever it is, ramoops while it is wrong (it is reported in its turn). */
function backendOf(o: Options): 'ramoops' | 'blk' {
  try {
    return backendOption(o);
  } catch {
    return 'ramoops';
  }
}

/** The configuration of `backend` from words and a kernel. */
function configFor(backend: 'ramoops' | 'blk', params?: string, kernel?: string): DeviceConfig {
  return backend === 'blk' ? blkDeviceConfig(params, kernel) : deviceConfig(params, kernel);
}

/** A user's error from a library check, with the option it came from named first. */
function naming<T>(option: string, check: () => T): T {
  try {
    return check();
  } catch (e) {
    throw isUserError(e) ? new DeviceError(`--${option}: ${e.message}`) : e;
  }
}

/** The configuration --params and --kernel give, or null while either is wrong. */
function configOf(o: Options): DeviceConfig | null {
  try {
    return configFor(backendOf(o), stringOption(o, 'params'), stringOption(o, 'kernel'));
  } catch {
    return null;
  }
}

/** A kernel version the board boots (checked with the default configuration, as makeBoard would). */
const checkKernel = (v: string, backend: 'ramoops' | 'blk') => configFor(backend, undefined, v);

function kernelIsRight(v: string, backend: 'ramoops' | 'blk'): boolean {
  try {
    checkKernel(v, backend);
    return true;
  } catch {
    return false;
  }
}

/** The command line's words grouped as the parser reads them: an option with its value, or one word. */
function wordGroups(argv: readonly string[]): string[][] {
  const groups: string[][] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const name = arg.startsWith('--') && !arg.includes('=') ? arg.slice(2) : null;
    const takesValue =
      name !== null && (CAMPAIGN_OPTIONS as Record<string, boolean>)[name] === true;
    groups.push(argv.slice(i, takesValue ? i + 2 : i + 1));
    if (takesValue) i++;
  }
  return groups;
}

/** The options of every group that parses, in command-line order (the parser's map where all do). */
function optionsOf(groups: readonly string[][]): Options {
  const all: Options = new Map();
  for (const g of groups) {
    try {
      for (const [k, v] of parseOptions(g, CAMPAIGN_OPTIONS, 'campaign').options) all.set(k, v);
    } catch {
      // This group's error is reported in its turn.
    }
  }
  return all;
}

interface CampaignArgs {
  readonly options: Options;
  readonly runs: number;
  /** The first cycle's number (--cycle K; default 1). */
  readonly first: number;
  readonly faults: readonly CampaignFault[];
  readonly seed: number;
}

/**
 * Checks the command line one word (or option and value) at a time, in
 * order: when several are wrong, the error names the first one given.
 */
function campaignArgs(argv: readonly string[]): CampaignArgs {
  const groups = wordGroups(argv);
  const all = optionsOf(groups);
  const backend = backendOf(all);
  let runs: number | undefined;
  let first: number | undefined;
  let faults: readonly CampaignFault[] = BACKEND_FAULTS[backend];
  let seed = 1;
  for (const group of groups) {
    const { options: one, positional } = parseOptions(group, CAMPAIGN_OPTIONS, 'campaign');
    if (positional.length) {
      throw new DeviceError(`unexpected argument "${positional[0]}" (see device campaign --help)`);
    }
    for (const name of one.keys()) {
      switch (name) {
        case 'runs':
          runs = intOption(one, 'runs')!;
          if (runs < 1) throw new DeviceError(`--runs must be at least 1 (got ${runs})`);
          break;
        case 'cycle':
          first = intOption(one, 'cycle')!;
          if (first < 1) throw new DeviceError(`--cycle must be at least 1 (got ${first})`);
          break;
        case 'faults':
          faults = faultList(stringOption(one, 'faults')!, backend);
          break;
        case 'seed':
          seed = intOption(one, 'seed')!;
          break;
        case 'placement':
          placementOption(one);
          break;
        case 'backend':
          backendOption(one);
          break;
        case 'kernel':
          naming('kernel', () => checkKernel(stringOption(one, 'kernel')!, backend));
          break;
        case 'params': {
          // Against the --kernel given, wherever it is, if that one is right.
          const k = stringOption(all, 'kernel');
          const kernel = k !== undefined && kernelIsRight(k, backend) ? k : undefined;
          naming('params', () => configFor(backend, stringOption(one, 'params'), kernel));
          break;
        }
        case 'ram':
          if (backend === 'ramoops') checkRamFile(stringOption(one, 'ram')!, configOf(all));
          break;
        default:
          break; // flags: nothing to check
      }
    }
  }
  if (runs === undefined && first === undefined) {
    throw new DeviceError('--runs N is required (N ≥ 1), or --cycle K');
  }
  return { options: all, runs: runs ?? 1, first: first ?? 1, faults, seed };
}

/**
 * A RAM file of another size than the region is refused before anything
 * runs (the board would refuse it too, but only after every other option).
 * Checked only when --params and --kernel are right (otherwise they are the
 * error), and only for a regular file (the board says what else is wrong).
 */
function checkRamFile(file: string, config: DeviceConfig | null): void {
  const st = config ? statSync(file, { throwIfNoEntry: false }) : undefined;
  if (!config || !st?.isFile()) return;
  const want = config.config.memSize;
  if (st.size !== want) {
    throw new DeviceError(
      `--ram ${file} holds ${st.size} bytes (0x${st.size.toString(16)}) but the ramoops region ` +
        `is mem_size ${want} (0x${want.toString(16)}): give the same --params it was made with`
    );
  }
}

/** A shell word, quoted when it needs to be. */
const shellWord = (w: string) => (/^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`);

/** The command line that runs cycle `k` alone, with the board options given. */
function replayCommand(
  k: number,
  seed: number,
  options: Options,
  faults: readonly CampaignFault[]
): string {
  const words = ['device', 'campaign', '--seed', String(seed), '--cycle', String(k)];
  const backend = backendOf(options);
  if (faults.length !== BACKEND_FAULTS[backend].length) words.push('--faults', faults.join(','));
  for (const name of ['backend', 'params', 'kernel', 'placement'] as const) {
    const v = stringOption(options, name);
    if (v !== undefined) words.push(`--${name}`, v);
  }
  for (const flag of ['retain', 'panic-write'] as const) {
    if (options.has(flag)) words.push(`--${flag}`);
  }
  return [...words, '--verbose'].map(shellWord).join(' ');
}

/**
 * @param stderrIsTTY whether stderr is a terminal: the progress bar's `\r`
 *   frames are drawn only then (a redirected stderr gets none).
 */
export async function runCampaignCommand(
  argv: readonly string[],
  out: (l: string) => void,
  err: (t: string) => void,
  stderrIsTTY: boolean = process.stderr.isTTY === true
): Promise<number> {
  if (argv.includes('--help')) {
    out(CAMPAIGN_HELP);
    return 0;
  }
  const { options, runs, first, faults, seed } = campaignArgs(argv);
  const last = first + runs - 1;
  const json = options.has('json');
  const verbose = options.has('verbose');
  // With --json stdout holds the JSON alone: the per-cycle lines go to stderr.
  const say = json ? (l: string) => err(`${l}\n`) : out;
  // The per-cycle lines are the progress with --verbose; a bar would break them up.
  const drawBar = stderrIsTTY && !verbose;
  const board = makeBoard(options, out, false);
  const started = performance.now();
  let summary: CampaignSummary;
  try {
    summary = await runCampaign(board, {
      runs,
      first,
      faults,
      seed,
      replay: (k) => replayCommand(k, seed, options, faults),
      onCycle: (c) => {
        if (verbose) say(formatCycle(c, last));
        if (drawBar) err(bar(c.cycle - first + 1, runs, started));
      }
    });
  } finally {
    if (drawBar) err('\n');
    await board.close();
  }
  if (json) out(JSON.stringify(summary, null, 2));
  else for (const l of formatSummary(summary)) out(l);
  // A loss no injected fault explains is a failure of the board, as a boot that failed is.
  return summary.bootFailures || summary.unexplained ? 1 : 0;
}
