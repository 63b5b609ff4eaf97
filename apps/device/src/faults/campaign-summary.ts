/**
 * What a fault campaign reports: one record per cycle (the fault injected,
 * what the next boot recovered, what was lost and why) and the summary of
 * them all — written, recovered, corrected by ECC, and losses counted by
 * kind. The JSON output is this summary: a stable shape (apps/device/README.md).
 * Kernel counterpart: none (a soak test's tally).
 */
import type { Loss, LossKind } from './loss.ts';
import type { Compared } from './report.ts';

/** One cycle: boot, traffic, one fault, the next boot's report. */
export interface CycleRecord {
  readonly cycle: number;
  /** The boot whose traffic the fault hit. */
  readonly boot: number;
  /** The fault drawn; null when the cycle's first boot failed before one was. */
  readonly fault: string | null;
  /** What the campaign did, in words (the faults injected during that boot). */
  readonly injected: readonly string[];
  /** What the next boot got back, in words: files, then pmsg bytes, printk lines, dumps. */
  readonly recovered: readonly string[];
  readonly eccCorrectedBytes: number;
  /** What was not recovered, each with its kind and numbers. */
  readonly lost: readonly Loss[];
  /** Why a boot of this cycle failed; null when both booted. */
  readonly bootFailure: string | null;
}

/** Losses of one kind: how many, and how much in each unit (`unknown`: losses of no known size). */
export interface LossTally {
  occurrences: number;
  bytes: number;
  lines: number;
  dumps: number;
  blocks: number;
  unknown: number;
}

export interface CampaignSummary {
  /** The seed of the run: the same seed, --runs, --faults and board options replay it. */
  readonly seed: number;
  readonly cycles: number;
  readonly seconds: number;
  readonly cyclesPerSecond: number;
  /** Faults injected: how many cycles drew each. */
  readonly faults: Readonly<Record<string, number>>;
  readonly written: {
    readonly printk: number;
    readonly pmsg: number;
    readonly pmsgBytes: number;
    readonly dumps: number;
  };
  readonly recovered: {
    readonly files: number;
    readonly printkLines: number;
    readonly pmsgBytes: number;
    readonly dumps: number;
  };
  readonly eccCorrectedBytes: number;
  readonly bootFailures: number;
  /** Losses by kind, the most frequent first. */
  readonly lost: Readonly<Partial<Record<LossKind, LossTally>>>;
  readonly log: readonly CycleRecord[];
}

/** Counts the losses of every cycle by kind, the most frequent kind first. */
export function tallyLosses(log: readonly CycleRecord[]): Partial<Record<LossKind, LossTally>> {
  const byKind = new Map<LossKind, LossTally>();
  for (const l of log.flatMap((c) => c.lost)) {
    const t = byKind.get(l.kind) ?? {
      occurrences: 0,
      bytes: 0,
      lines: 0,
      dumps: 0,
      blocks: 0,
      unknown: 0
    };
    t.occurrences++;
    if (l.bytes === null) t.unknown++;
    else t[l.unit] += l.bytes;
    byKind.set(l.kind, t);
  }
  const sorted = [...byKind].sort((a, b) => b[1].occurrences - a[1].occurrences);
  return Object.fromEntries(sorted);
}

/** Adds one boot's comparison to the running totals of what came back. */
export function addRecovered(
  into: { printkLines: number; pmsgBytes: number; dumps: number },
  c: Compared
): void {
  into.printkLines += c.printkLines?.recovered ?? 0;
  into.pmsgBytes += c.pmsgBytes?.recovered ?? 0;
  into.dumps += c.dumps?.shown ?? 0;
}
