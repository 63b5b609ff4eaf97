/**
 * The report after a boot: which records came back, what ECC corrected,
 * which faults had been injected, which headers the kernel corrected or
 * rejected (and by which path), and what was lost and why — comparing what
 * the previous boot wrote (the ledger) with what the probe and pstore-fs
 * found. Each loss carries its cause as a kind, checked against the faults.
 * Kernel counterpart: none (what a user needs to read a crash's aftermath).
 */
import type { BlkZoneReport } from '@pstore/pstore-zone';
import type { RamoopsZoneReport } from '@pstore/ramoops';
import type { BootReport } from '../boot.ts';
import { faultWords } from './injected.ts';
import type { Ledger } from './ledger.ts';
import {
  compareConsole,
  compareDumps,
  comparePmsg,
  LossBook,
  type Compared,
  type Read
} from './ledger-compare.ts';
import { eccSeen, headerSeen } from './loss-cause.ts';
import type { Loss } from './loss.ts';

export { stripEccNotice, type Amount, type Compared } from './ledger-compare.ts';

/**
 * The kernel's paths for a zone header at probe (persistent_ram_post_init()):
 * the header's ECC could not correct it (the kernel goes on with it as read),
 * a signature that is not the zone's ("no valid data"), start beyond size or
 * size beyond the zone ("found existing invalid buffer").
 */
export const HEADER_PATHS = [
  'header-uncorrectable',
  'bad-signature',
  'start>size',
  'size>capacity'
] as const;
export type HeaderPath = (typeof HEADER_PATHS)[number];

export interface HeaderOutcome {
  readonly zone: string;
  /** Corrected by the header's ECC; else the path the kernel took. */
  readonly path: 'corrected' | HeaderPath;
}

export interface FaultReport {
  /** Files shown, and how much of what the previous boot wrote came back, in words. */
  readonly recovered: readonly string[];
  readonly corrected: readonly string[];
  /** Faults injected during the previous boot or before this one: "during boot N: <words>". */
  readonly injected: readonly string[];
  /** Headers ECC corrected, and headers the kernel rejected or read uncorrected, by path. */
  readonly headers: readonly HeaderOutcome[];
  /** What was not recovered: each with its kind, zone, boot and amount. */
  readonly losses: readonly Loss[];
  /** The lines a boot narrates under "lost": each loss's detail. */
  readonly lost: readonly string[];
  readonly compared: Compared;
}

/** "dmesg 0", "console": how the corrected lines have always named a zone. */
function zoneName(z: RamoopsZoneReport): string {
  return z.type === 'dmesg' ? `dmesg ${z.index}` : z.type;
}

function headerOutcomes(book: LossBook, zones: readonly RamoopsZoneReport[]): HeaderOutcome[] {
  const out: HeaderOutcome[] = [];
  for (const z of zones) {
    const zone = book.label(z);
    const f = z.probe.found;
    if (z.probe.headerEcc > 0) out.push({ zone, path: 'corrected' });
    if (z.probe.headerEcc < 0) out.push({ zone, path: 'header-uncorrectable' });
    if (f.state === 'no-signature' && f.found !== 0) out.push({ zone, path: 'bad-signature' });
    if (f.state === 'invalid') {
      out.push({ zone, path: f.start > f.size ? 'start>size' : 'size>capacity' });
    }
  }
  return out;
}

/**
 * @param eccSize ECC parity bytes per block of the configuration (0: none):
 *   whether a header fault with stale parity should have been corrected.
 */
/** A zone pstore/zone ignored, as the next boot recognises the same damage. */
function ignoredKey(z: BlkZoneReport): string {
  return `${z.type}${z.index}|${z.detail}`;
}

/** The zones whose headers pstore/zone ignored at this boot (it never rewrites them unasked). */
export function ignoredZones(zones: readonly (RamoopsZoneReport | BlkZoneReport)[]): Set<string> {
  const out = new Set<string>();
  for (const z of zones) {
    if ('state' in z && !['record', 'empty', 'erased', 'blank'].includes(z.state)) {
      out.add(ignoredKey(z));
    }
  }
  return out;
}

export function faultReport(
  prev: Ledger | null,
  boot: Pick<BootReport, 'files' | 'zones'>,
  read: Read,
  eccSize = 0
): FaultReport {
  const book = new LossBook(boot.zones, prev, eccSize);
  const corrected: string[] = [];
  for (const z of boot.zones) {
    if (z.correctedBytes > 0) {
      corrected.push(`${zoneName(z)}: ${z.correctedBytes} byte(s) corrected`);
    }
  }
  if (prev) {
    const pmsg = boot.zones.find((z) => z.type === 'pmsg');
    if (pmsg) comparePmsg(book, prev, pmsg, read);
    const console = boot.zones.find((z) => z.type === 'console');
    if (console) compareConsole(book, prev, console, read);
    compareDumps(book, prev, boot, read);
  }
  for (const z of boot.zones) {
    // A zone no comparison covered whose header the kernel rejected: what it held is not known.
    // (An empty or zeroed header holds nothing to lose that a ledger does not already count.)
    const rejected = headerSeen(z);
    // pstore/zone leaves an ignored header as it is until the zone is written
    // again: the same damage the previous boot saw was counted there.
    const seenBefore = 'state' in z && prev?.ignoredZones.has(ignoredKey(z));
    if (
      !book.described.has(z) &&
      rejected &&
      !seenBefore &&
      !['empty-header', 'zeroed'].includes(rejected.kind)
    ) {
      const what = 'what it held is not known';
      book.lose(z, rejected, { record: 'zone', records: null, bytes: null }, what);
    }
    // Blocks ECC could not correct that no loss accounts for yet: outside what
    // was compared (the boot log, say), or in a zone nothing was compared in.
    const ecc = eccSeen(z);
    if (ecc && !book.eccAccounted.has(z)) {
      const blocks = z.badBlocks;
      book.lose(
        z,
        ecc,
        { record: 'zone', records: null, bytes: null, blocks },
        `${blocks} block(s)`
      );
    }
  }
  return {
    recovered: [...boot.files.map((f) => `${f.name} (${f.size} bytes)`), ...book.recovered],
    corrected,
    injected: prev ? faultWords(prev.faults).map((f) => `during boot ${prev.boot}: ${f}`) : [],
    headers: headerOutcomes(book, boot.zones),
    losses: book.losses,
    lost: book.losses.map((l) => l.detail),
    compared: book.compared
  };
}
