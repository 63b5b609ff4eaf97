/**
 * The campaign's cycles summed up: faults drawn, header paths reached, what
 * was written, recovered, corrected and lost by kind of record, losses by
 * cause, and a replay command for each cycle with an unexplained loss.
 * Kernel counterpart: none (a soak test's tally).
 */
import {
  RECORD_KINDS,
  tallyLosses,
  type ByRecord,
  type CampaignSummary,
  type CycleRecord,
  type Replay
} from './campaign-summary.ts';
import { HEADER_PATHS, type HeaderPath } from './report.ts';

const byRecord = (): ByRecord => ({
  printk: { records: 0, bytes: 0 },
  pmsg: { records: 0, bytes: 0 },
  dumps: { records: 0, bytes: 0 }
});

export interface TallyOptions {
  readonly seed: number;
  readonly seconds: number;
  readonly replay?: ((cycle: number) => string) | undefined;
}

export function tallyCampaign(log: readonly CycleRecord[], o: TallyOptions): CampaignSummary {
  const faults: Record<string, number> = {};
  const paths = Object.fromEntries(HEADER_PATHS.map((p) => [p, 0])) as Record<HeaderPath, number>;
  let headersCorrected = 0;
  const written = byRecord();
  const recovered = byRecord();
  const corrected = { ...byRecord(), eccBytes: 0 };
  const replays: Replay[] = [];
  for (const c of log) {
    if (c.fault) faults[c.fault] = (faults[c.fault] ?? 0) + 1;
    for (const h of c.headers) {
      if (h.path === 'corrected') headersCorrected++;
      else paths[h.path]++;
    }
    corrected.eccBytes += c.eccCorrectedBytes;
    for (const k of RECORD_KINDS) {
      const a = c.compared?.[k];
      if (!a) continue;
      for (const unit of ['records', 'bytes'] as const) {
        written[k][unit] += a.written[unit];
        recovered[k][unit] += a.recovered[unit];
        corrected[k][unit] += a.corrected[unit];
      }
    }
    for (const l of c.lost) {
      if (l.kind !== 'unexplained') continue;
      const command =
        o.replay?.(c.cycle) ?? `device campaign --seed ${o.seed} --cycle ${c.cycle} --verbose`;
      replays.push({ cycle: c.cycle, cycleSeed: c.cycleSeed, command, detail: l.detail });
    }
  }
  return {
    seed: o.seed,
    cycles: log.length,
    seconds: o.seconds,
    cyclesPerSecond: log.length / o.seconds,
    faults,
    headers: { corrected: headersCorrected, paths },
    written,
    recovered,
    corrected,
    lost: tallyLosses(log),
    unexplained: replays.length,
    replays,
    bootFailures: log.filter((c) => c.bootFailure !== null).length,
    log
  };
}
