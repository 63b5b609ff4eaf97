/**
 * The report after a boot: which records came back, what ECC corrected,
 * which faults had been injected, and what was lost and why — comparing what
 * the previous boot wrote (the ledger) with what the probe and pstore-fs
 * found. Each loss carries its cause as a kind and the real numbers.
 * Kernel counterpart: none (what a user needs to read a crash's aftermath).
 */
import type { RamoopsZoneReport } from '@pstore/ramoops';
import type { BootReport } from '../boot.ts';
import type { Ledger } from './ledger.ts';
import {
  compareConsole,
  compareDumps,
  comparePmsg,
  LossBook,
  powerLost,
  type Compared,
  type Read
} from './ledger-compare.ts';
import { eccCause, resetCause } from './loss-cause.ts';
import type { Loss } from './loss.ts';

export { stripEccNotice, type Compared } from './ledger-compare.ts';

export interface FaultReport {
  /** Files shown, and how much of what the previous boot wrote came back, in words. */
  readonly recovered: readonly string[];
  readonly corrected: readonly string[];
  /** Faults injected during the previous boot or before this one: "during boot N: <the ledger's words>". */
  readonly injected: readonly string[];
  /** What was not recovered: each with its kind, zone, boot and amount. */
  readonly losses: readonly Loss[];
  /** The lines a boot narrates under "lost": each loss's detail (faults are told apart). */
  readonly lost: readonly string[];
  readonly compared: Compared;
}

/** "dmesg 0", "console": how the corrected lines have always named a zone. */
function zoneName(z: RamoopsZoneReport): string {
  return z.type === 'dmesg' ? `dmesg ${z.index}` : z.type;
}

/** The boot that wrote a zone no comparison covered, when the ledger says. */
function writer(prev: Ledger | null, z: RamoopsZoneReport): number | null {
  if (!prev) return null;
  if (z.type === 'console') return prev.boot; // the boot log, at least
  if (z.type === 'pmsg') return prev.pmsg.length ? prev.boot : null;
  return null;
}

export function faultReport(
  prev: Ledger | null,
  boot: Pick<BootReport, 'files' | 'zones'>,
  read: Read
): FaultReport {
  const book = new LossBook(boot.zones);
  const corrected: string[] = [];
  for (const z of boot.zones) {
    if (z.correctedBytes > 0) {
      corrected.push(`${zoneName(z)}: ${z.correctedBytes} byte(s) corrected`);
    }
  }
  if (prev?.ramLost) powerLost(book, prev, boot.zones);
  else if (prev) {
    const pmsg = boot.zones.find((z) => z.type === 'pmsg');
    if (pmsg) comparePmsg(book, prev, pmsg, read);
    const console = boot.zones.find((z) => z.type === 'console');
    if (console) compareConsole(book, prev, console, read);
    compareDumps(book, prev, boot);
  }
  for (const z of boot.zones) {
    const label = book.label(z);
    const by = writer(prev, z);
    // A zone no comparison covered: what the probe found is all there is to say.
    const reset = book.described.has(z) ? null : resetCause(z);
    if (reset) {
      const detail = `${label}: ${reset.why}; what it held is not known`;
      book.add(z, { kind: reset.kind, boot: by, bytes: null, unit: 'bytes', detail });
    }
    // Blocks ECC could not correct that no loss accounts for yet: outside what
    // was compared (the boot log, say), or in a zone nothing was compared in.
    const ecc = eccCause(z);
    if (ecc && !book.losses.some((l) => l.zone === label && l.kind === ecc.kind)) {
      const detail = `${label}: ${ecc.why}`;
      book.add(z, { kind: ecc.kind, boot: by, bytes: z.badBlocks, unit: 'blocks', detail });
    }
  }
  const injected = prev ? prev.faults.map((f) => `during boot ${prev.boot}: ${f}`) : [];
  return {
    recovered: [...boot.files.map((f) => `${f.name} (${f.size} bytes)`), ...book.recovered],
    corrected,
    injected,
    losses: book.losses,
    lost: book.losses.map((l) => l.detail),
    compared: book.compared
  };
}
