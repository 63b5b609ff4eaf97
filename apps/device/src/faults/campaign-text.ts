/**
 * A campaign in words: the summary (seed, cycles/s, faults injected, the
 * header paths the kernel took, written / recovered / corrected by kind of
 * record, losses by cause with real examples, the unexplained ones with a
 * replay command) and, for --verbose, one line per cycle.
 * Kernel counterpart: none.
 */
import type { Amount } from './report.ts';
import type { ByRecord, CampaignSummary, CycleRecord, LossTally } from './campaign-summary.ts';
import type { Loss } from './loss.ts';

/** "3 losses: 12 record(s), 120 byte(s), 1 ECC block(s), 1 of unknown size". */
function tallyText(t: LossTally): string {
  const amounts: string[] = [];
  if (t.records) amounts.push(`${t.records} record(s)`);
  if (t.bytes) amounts.push(`${t.bytes} byte(s)`);
  if (t.blocks) amounts.push(`${t.blocks} ECC block(s)`);
  if (t.unknown) amounts.push(`${t.unknown} of unknown size`);
  const n = `${t.occurrences} loss${t.occurrences === 1 ? '' : 'es'}`;
  return amounts.length ? `${n}: ${amounts.join(', ')}` : n;
}

/** A real example of each kind of record a cause was counted for, with its cycle. */
function examples(s: CampaignSummary, kind: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const c of s.log) {
    for (const l of c.lost) {
      if (l.kind !== kind || seen.has(l.record)) continue;
      seen.add(l.record);
      out.push(`e.g. cycle ${c.cycle}: ${l.detail}`);
    }
  }
  return out;
}

const amount = (a: Amount, unit: string) => `${a.records} ${unit} (${a.bytes} bytes)`;

function byRecordText(r: ByRecord): string {
  return [
    `printk ${amount(r.printk, 'lines')}`,
    `pmsg ${amount(r.pmsg, 'writes')}`,
    `dumps ${amount(r.dumps, 'dumps')}`
  ].join(', ');
}

export function formatSummary(s: CampaignSummary): string[] {
  const list = (o: Readonly<Record<string, number>>) =>
    Object.entries(o)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ') || 'none';
  const lines = [
    `seed ${s.seed}: ${s.cycles} cycles in ${s.seconds.toFixed(1)} s, ${s.cyclesPerSecond.toFixed(1)} cycles/s (the same seed and options replay the run)`,
    `faults injected: ${list(s.faults)}`,
    `zone headers: ${s.headers.corrected} corrected by ECC; kernel paths: ${list(s.headers.paths)}`,
    `written:   ${byRecordText(s.written)}`,
    `recovered: ${byRecordText(s.recovered)}`,
    `corrected: ${byRecordText(s.corrected)}; ECC corrected ${s.corrected.eccBytes} bytes`,
    `boot failures: ${s.bootFailures}`,
    'lost, and why:'
  ];
  const kinds = Object.entries(s.lost).filter(([k]) => k !== 'unexplained');
  for (const [kind, t] of kinds) {
    lines.push(`  ${kind}: ${tallyText(t)}`);
    for (const e of examples(s, kind)) lines.push(`    ${e}`);
  }
  if (!kinds.length) lines.push('  nothing');
  lines.push(`unexplained: ${s.unexplained}`);
  for (const r of s.replays) {
    lines.push(`  cycle ${r.cycle} (cycle seed ${r.cycleSeed}): ${r.detail}`);
    lines.push(`    replay: ${r.command}`);
  }
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
  const headers = c.headers.map((h) => `${h.zone} ${h.path}`).join(', ');
  const parts = [
    injected,
    ...(headers ? [`headers: ${headers}`] : []),
    `recovered: ${c.recovered.join(', ') || 'nothing'}`,
    `ECC corrected ${c.eccCorrectedBytes} byte(s)`,
    `lost: ${c.lost.map(lossText).join('; ') || 'nothing'}`
  ];
  return `${head}: ${parts.join(' | ')}`;
}
