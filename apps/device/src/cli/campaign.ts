/**
 * `device campaign --runs N --seed S [--faults LIST] [--json]`: many random
 * crash/fault cycles with a progress bar on stderr, then a summary:
 * cycles/s, records written, recovered, corrected by ECC, lost and why.
 * Kernel counterpart: none.
 */
import {
  CAMPAIGN_FAULTS,
  runCampaign,
  type CampaignFault,
  type CampaignSummary
} from '../faults/campaign.ts';
import { DeviceError } from '../hardware/ram.ts';
import { intOption, parseOptions, stringOption } from './args.ts';
import { BOARD_HELP, BOARD_OPTIONS, makeBoard } from './make-board.ts';

export const CAMPAIGN_HELP = `usage: device campaign --runs N --seed S [--faults LIST] [--json] [board options]

Runs N cycles: boot, random printk and pmsg traffic (sometimes an oops), one fault drawn from
LIST, reboot; then prints what was written, recovered, corrected by ECC, and lost and why.
The same seed gives the same run.
  --faults LIST   comma-separated, from: ${CAMPAIGN_FAULTS.join(', ')} (default: all)
  --json          the summary as JSON on stdout

${BOARD_HELP}`;

function bar(done: number, total: number, started: number): string {
  const width = 30;
  const filled = Math.round((done / total) * width);
  const rate = done / ((performance.now() - started) / 1000);
  return `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} cycles, ${rate.toFixed(1)}/s`;
}

export function formatSummary(s: CampaignSummary): string[] {
  const lines = [
    `${s.cycles} cycles in ${s.seconds.toFixed(1)} s: ${s.cyclesPerSecond.toFixed(1)} cycles/s`,
    `faults: ${Object.entries(s.faults)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
    `written: ${s.written.printk} printk lines, ${s.written.pmsg} pmsg writes, ${s.written.dumps} dumps stored`,
    `recovered: ${s.recovered.files} files; pmsg ${s.recovered.pmsgBytes} of ${s.recovered.pmsgBytesWritten} bytes`,
    `corrected by ECC: ${s.eccCorrectedBytes} bytes`,
    `boot failures: ${s.bootFailures}`,
    'lost, and why:'
  ];
  const lost = Object.entries(s.lost).sort((a, b) => b[1] - a[1]);
  for (const [why, n] of lost) lines.push(`  ${String(n).padStart(5)} × ${why}`);
  if (!lost.length) lines.push('  nothing');
  return lines;
}

export async function runCampaignCommand(
  argv: readonly string[],
  out: (l: string) => void,
  err: (t: string) => void
): Promise<number> {
  const spec = { ...BOARD_OPTIONS, runs: true, faults: true, json: false, help: false };
  const { options } = parseOptions(argv, spec, 'campaign');
  if (options.has('help')) {
    out(CAMPAIGN_HELP);
    return 0;
  }
  const runs = intOption(options, 'runs');
  if (runs === undefined || runs < 1) throw new DeviceError('--runs N is required (N ≥ 1)');
  if (!options.has('seed')) {
    throw new DeviceError('--seed S is required (the same seed replays the run)');
  }
  const list = (stringOption(options, 'faults') ?? CAMPAIGN_FAULTS.join(',')).split(',');
  for (const f of list) {
    if (!(CAMPAIGN_FAULTS as readonly string[]).includes(f)) {
      throw new DeviceError(
        `--faults: unknown fault "${f}" (faults: ${CAMPAIGN_FAULTS.join(', ')})`
      );
    }
  }
  const board = makeBoard(options, out, false);
  const started = performance.now();
  let summary: CampaignSummary;
  try {
    summary = await runCampaign(board, runs, list as CampaignFault[], (d) =>
      err(bar(d, runs, started))
    );
  } finally {
    err('\n');
    await board.close();
  }
  if (options.has('json')) out(JSON.stringify(summary, null, 2));
  else for (const l of formatSummary(summary)) out(l);
  return summary.bootFailures ? 1 : 0;
}
