/**
 * What a fault campaign reports: one record per cycle (the fault injected,
 * what the next boot recovered, what was lost and why) and the summary of
 * them all — written, recovered intact, corrected by ECC and lost, by kind
 * of record in records and bytes; losses by cause; the header paths the
 * kernel took; and the unexplained losses with a replay command each. The
 * JSON output is this summary: a stable shape (apps/device/README.md).
 * Kernel counterpart: none (a soak test's tally).
 */
import type { Amount, Compared, HeaderOutcome, HeaderPath } from './report.ts';
import type { Loss, LossKind, LossRecord } from './loss.ts';

/** One cycle: boot, traffic, one fault, the next boot's report. */
export interface CycleRecord {
  readonly cycle: number;
  /** The seed of this cycle's random choices (`--cycle` replays it alone). */
  readonly cycleSeed: number;
  /** The boot whose traffic the fault hit. */
  readonly boot: number;
  /** The fault drawn; null when the cycle's first boot failed before one was. */
  readonly fault: string | null;
  /** What the campaign did, in words (the faults injected during that boot). */
  readonly injected: readonly string[];
  /** What the next boot got back, in words: files, then pmsg bytes, printk lines, dumps. */
  readonly recovered: readonly string[];
  readonly eccCorrectedBytes: number;
  /** Headers ECC corrected, and the kernel's path for each header it did not accept. */
  readonly headers: readonly HeaderOutcome[];
  /** What was compared, by kind of record: written, recovered, corrected. */
  readonly compared: Compared | null;
  /** What was not recovered, each with its kind and numbers. */
  readonly lost: readonly Loss[];
  /** Why a boot of this cycle failed; null when both booted. */
  readonly bootFailure: string | null;
}

/** Losses of one kind: how many, how many records and bytes, ECC blocks, of unknown size. */
export interface LossTally {
  occurrences: number;
  records: number;
  bytes: number;
  blocks: number;
  unknown: number;
}

/** The record kinds a campaign writes and compares. */
export const RECORD_KINDS = ['printk', 'pmsg', 'dumps'] as const;
type RecordKind = (typeof RECORD_KINDS)[number];
export type ByRecord = Record<RecordKind, Amount>;

/** An unexplained loss: where, and how to see it again. */
export interface Replay {
  readonly cycle: number;
  readonly cycleSeed: number;
  /** One command line that runs that cycle alone with --verbose. */
  readonly command: string;
  readonly detail: string;
}

export interface CampaignSummary {
  /** The seed of the run: the same seed, --runs, --faults and board options replay it. */
  readonly seed: number;
  readonly cycles: number;
  readonly seconds: number;
  readonly cyclesPerSecond: number;
  /** Faults injected: how many cycles drew each. */
  readonly faults: Readonly<Record<string, number>>;
  /** Zone headers ECC corrected, and how often the kernel took each rejection path. */
  readonly headers: { readonly corrected: number; readonly paths: Record<HeaderPath, number> };
  readonly written: ByRecord;
  /** Back intact, their zones needing no correction. */
  readonly recovered: ByRecord;
  /** Back intact thanks to ECC; `eccBytes`: every byte ECC corrected. */
  readonly corrected: ByRecord & { eccBytes: number };
  /** Losses by cause, the most frequent first. */
  readonly lost: Readonly<Partial<Record<LossKind, LossTally>>>;
  /** Losses no injected fault explains (must be 0). */
  readonly unexplained: number;
  readonly replays: readonly Replay[];
  readonly bootFailures: number;
  readonly log: readonly CycleRecord[];
}

/** Counts the losses of every cycle by kind, the most frequent kind first. */
export function tallyLosses(log: readonly CycleRecord[]): Partial<Record<LossKind, LossTally>> {
  const byKind = new Map<LossKind, LossTally>();
  for (const l of log.flatMap((c) => c.lost)) {
    const t = byKind.get(l.kind) ?? { occurrences: 0, records: 0, bytes: 0, blocks: 0, unknown: 0 };
    t.occurrences++;
    t.records += l.records ?? 0;
    t.blocks += l.blocks;
    if (l.bytes === null) {
      if (!l.blocks) t.unknown++;
    } else t.bytes += l.bytes;
    byKind.set(l.kind, t);
  }
  const sorted = [...byKind].sort((a, b) => b[1].occurrences - a[1].occurrences);
  return Object.fromEntries(sorted);
}

const RECORD_OF: Readonly<Record<RecordKind, LossRecord>> = {
  printk: 'printk',
  pmsg: 'pmsg',
  dumps: 'dump'
};

/**
 * Whether a cycle's amounts add up: for each kind of record, written =
 * recovered + corrected + lost, in records and in bytes. A difference is a
 * fault in the accounting itself, reported as an unexplained loss.
 */
export function unbalanced(compared: Compared, lost: readonly Loss[]): string[] {
  const out: string[] = [];
  for (const k of RECORD_KINDS) {
    const a = compared[k];
    if (!a) continue;
    const gone = lost.filter((l) => l.record === RECORD_OF[k]);
    for (const unit of ['records', 'bytes'] as const) {
      const lostN = gone.reduce((n, l) => n + (l[unit] ?? 0), 0);
      const sum = a.recovered[unit] + a.corrected[unit] + lostN;
      if (sum !== a.written[unit]) {
        out.push(
          `${k}: ${a.written[unit]} ${unit} written but ${a.recovered[unit]} recovered + ` +
            `${a.corrected[unit]} corrected + ${lostN} lost = ${sum}`
        );
      }
    }
  }
  return out;
}
