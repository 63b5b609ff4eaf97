/**
 * A campaign in words: the summary (seed, cycles/s, faults injected,
 * written, recovered, corrected, losses counted by kind with real examples)
 * and, for --verbose, one line per cycle.
 * Kernel counterpart: none.
 */
import type { CampaignSummary, CycleRecord, LossTally } from './campaign-summary.ts';
import type { Loss, LossUnit } from './loss.ts';

const UNIT_WORDS: Readonly<Record<LossUnit, string>> = {
  bytes: 'byte(s)',
  lines: 'printk line(s)',
  dumps: 'dump(s)',
  blocks: 'ECC block(s)'
};

/** "3 losses: 120 byte(s), 2 printk line(s), 1 of unknown size". */
function tallyText(t: LossTally): string {
  const amounts = (['bytes', 'lines', 'dumps', 'blocks'] as const)
    .filter((u) => t[u] > 0)
    .map((u) => `${t[u]} ${UNIT_WORDS[u]}`);
  if (t.unknown) amounts.push(`${t.unknown} of unknown size`);
  const n = `${t.occurrences} loss${t.occurrences === 1 ? '' : 'es'}`;
  return amounts.length ? `${n}: ${amounts.join(', ')}` : n;
}

/** A real example of each unit a kind was counted in, with the cycle it happened in. */
function examples(s: CampaignSummary, kind: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const c of s.log) {
    for (const l of c.lost) {
      if (l.kind !== kind || seen.has(l.unit)) continue;
      seen.add(l.unit);
      out.push(`e.g. cycle ${c.cycle}: ${l.detail}`);
    }
  }
  return out;
}

export function formatSummary(s: CampaignSummary): string[] {
  const w = s.written;
  const r = s.recovered;
  const lines = [
    `seed ${s.seed}: ${s.cycles} cycles in ${s.seconds.toFixed(1)} s, ${s.cyclesPerSecond.toFixed(1)} cycles/s (the same seed and options replay the run)`,
    `faults injected: ${
      Object.entries(s.faults)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ') || 'none'
    }`,
    `written: ${w.printk} printk lines, ${w.pmsg} pmsg writes (${w.pmsgBytes} bytes), ${w.dumps} dumps stored`,
    `recovered: ${r.files} files; printk ${r.printkLines} of ${w.printk} lines; pmsg ${r.pmsgBytes} of ${w.pmsgBytes} bytes; dumps ${r.dumps} of ${w.dumps}`,
    `corrected by ECC: ${s.eccCorrectedBytes} bytes`,
    `boot failures: ${s.bootFailures}`,
    'lost, and why:'
  ];
  const kinds = Object.entries(s.lost);
  for (const [kind, t] of kinds) {
    lines.push(`  ${kind}: ${tallyText(t)}`);
    for (const e of examples(s, kind)) lines.push(`    ${e}`);
  }
  if (!kinds.length) lines.push('  nothing');
  return lines;
}

function lossText(l: Loss): string {
  return `[${l.kind}] ${l.detail}`;
}

/** One line for --verbose: the fault injected, what the next boot recovered, what was lost and why. */
export function formatCycle(c: CycleRecord, runs: number): string {
  const head = `cycle ${c.cycle}/${runs} (boot ${c.boot}${c.fault ? `, ${c.fault}` : ''})`;
  const injected = `injected: ${c.injected.join('; ') || 'none'}`;
  // A boot that failed recovered nothing to compare: say only why.
  if (c.bootFailure !== null) return `${head}: ${injected} | boot failed: ${c.bootFailure}`;
  const parts = [
    injected,
    `recovered: ${c.recovered.join(', ') || 'nothing'}`,
    `ECC corrected ${c.eccCorrectedBytes} byte(s)`,
    `lost: ${c.lost.map(lossText).join('; ') || 'nothing'}`
  ];
  return `${head}: ${parts.join(' | ')}`;
}
