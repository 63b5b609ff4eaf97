/**
 * What the previous boot wrote (its ledger) against what the next boot got
 * back: pmsg bytes at their place, printk lines in the console record, dumps
 * shown; each shortfall a loss with its kind and numbers, the cause taken
 * from what the zone shows (or the power, or the record itself).
 * Kernel counterpart: none (the test bench's account of a crash's aftermath).
 */
import type { RamoopsZoneReport } from '@pstore/ramoops';
import type { BootReport } from '../boot.ts';
import { matchConsoleLines } from './console-lines.ts';
import { expectedPmsg, pmsgBytes, type Ledger } from './ledger.ts';
import { eccCause, zoneCause, zoneLabelOf, type LossCause } from './loss-cause.ts';
import type { Loss } from './loss.ts';

/** What the previous boot wrote against what came back; null where it wrote nothing. */
export interface Compared {
  /** pmsg bytes written, and how many are back at their place in the record. */
  readonly pmsgBytes: { readonly written: number; readonly recovered: number } | null;
  /** printk lines, and how many the console record holds as whole lines. */
  readonly printkLines: { readonly written: number; readonly recovered: number } | null;
  /** Dumps the backend stored, and how many pstore-fs shows. */
  readonly dumps: { readonly stored: number; readonly shown: number } | null;
}

const decoder = new TextDecoder();

/** The record without the ECC notice ramoops appends ("\nECC: …" / "\nN Corrected bytes…"). */
export function stripEccNotice(data: Uint8Array): Uint8Array {
  const text = decoder.decode(data);
  const m = /\n(ECC: [^\n]*|\d+ Corrected bytes, \d+ unrecoverable blocks)\n$/.exec(text);
  return m ? data.subarray(0, data.length - new TextEncoder().encode(m[0]).length) : data;
}

export type Read = (name: string) => Uint8Array | null;

/** Builds the losses of one boot's report; `described` marks the zones a comparison covered. */
export class LossBook {
  readonly losses: Loss[] = [];
  readonly recovered: string[] = [];
  readonly described = new Set<RamoopsZoneReport>();
  compared: { -readonly [K in keyof Compared]: Compared[K] } = {
    pmsgBytes: null,
    printkLines: null,
    dumps: null
  };

  constructor(private readonly zones: readonly RamoopsZoneReport[]) {}

  label(z: RamoopsZoneReport): string {
    return zoneLabelOf(z, this.zones);
  }

  add(z: RamoopsZoneReport, l: Omit<Loss, 'zone'>): void {
    const { kind, boot, bytes, unit, detail } = l;
    this.losses.push({ kind, zone: this.label(z), boot, bytes, unit, detail });
  }
}

/**
 * The dumps the previous boot stored, each with the zone ramoops wrote it to:
 * the k-th stored dump of a boot goes to dump zone k modulo their count
 * (dump_write_cnt starts at 0 every boot).
 */
function storedDumps(prev: Ledger, zones: readonly RamoopsZoneReport[]) {
  const dmesg = zones.filter((z) => z.type === 'dmesg').sort((a, b) => a.index - b.index);
  const stored = prev.dumps.filter((d) => d.stored);
  return stored.map((d, k) => ({
    reason: d.reason,
    zone: dmesg[k % Math.max(1, dmesg.length)],
    zoneCount: dmesg.length,
    // A later dump of the same boot went to the same zone.
    overwritten: k < stored.length - dmesg.length
  }));
}

export function powerLost(book: LossBook, prev: Ledger, zones: readonly RamoopsZoneReport[]): void {
  const b = prev.boot;
  const why = `the RAM went with the power at the end of boot ${b}`;
  const pmsg = zones.find((z) => z.type === 'pmsg');
  const total = pmsgBytes(prev);
  if (pmsg && total) {
    book.described.add(pmsg);
    book.compared.pmsgBytes = { written: total, recovered: 0 };
    const detail = `pmsg: ${total} byte(s) written in boot ${b} lost: ${why}`;
    book.add(pmsg, { kind: 'power-lost', boot: b, bytes: total, unit: 'bytes', detail });
  }
  const console = zones.find((z) => z.type === 'console');
  if (console) {
    // The console record always held the boot log, printk lines or not; the
    // amount counts the printk lines (the ledger knows no boot log's size).
    const n = prev.printk.length;
    book.described.add(console);
    if (n) book.compared.printkLines = { written: n, recovered: 0 };
    const detail = n
      ? `console: ${n} printk line(s) of boot ${b} and its boot log lost: ${why}`
      : `console: the boot log of boot ${b} lost: ${why}`;
    book.add(console, { kind: 'power-lost', boot: b, bytes: n || null, unit: 'lines', detail });
  }
  const dumps = storedDumps(prev, zones);
  if (dumps.length) book.compared.dumps = { stored: dumps.length, shown: 0 };
  for (const d of dumps) {
    if (!d.zone) continue;
    book.described.add(d.zone);
    const detail = `${book.label(d.zone)}: 1 of ${dumps.length} dump(s) stored in boot ${b} (${d.reason}) lost: ${why}`;
    book.add(d.zone, { kind: 'power-lost', boot: b, bytes: 1, unit: 'dumps', detail });
  }
}

export function comparePmsg(book: LossBook, prev: Ledger, z: RamoopsZoneReport, read: Read): void {
  const b = prev.boot;
  const total = pmsgBytes(prev);
  if (!total) return;
  book.described.add(z);
  const want = expectedPmsg(prev, z.dataCapacity);
  const got = stripEccNotice(read('pmsg-ramoops-0') ?? new Uint8Array(0));
  let same = 0;
  for (let i = 0; i < Math.min(want.length, got.length); i++) if (want[i] === got[i]) same++;
  book.compared.pmsgBytes = { written: total, recovered: same };
  book.recovered.push(`pmsg: ${same} of ${total} bytes written in boot ${b}`);
  const of = `of ${total} byte(s) written in boot ${b} lost`;
  const wrapped = total - want.length;
  if (wrapped > 0) {
    book.add(z, {
      kind: 'ring-wrapped',
      boot: b,
      bytes: wrapped,
      unit: 'bytes',
      detail: `pmsg: ${wrapped} ${of}: the ring wrapped (the zone holds ${z.dataCapacity} bytes): the oldest were overwritten`
    });
  }
  if (same === want.length) return;
  // The ring's wrapping is already counted above: it does not explain these bytes.
  const zc = zoneCause(z);
  const c: LossCause =
    (zc && !(wrapped > 0 && zc.kind === 'ring-wrapped') ? zc : null) ??
    (got.length < want.length
      ? {
          kind: 'torn-write',
          why: `the record holds ${got.length} of the ${want.length} bytes expected (a store cut short: a torn write)`
        }
      : {
          kind: 'unexplained',
          why: 'the bytes differ from what was written, with no reset, uncorrectable block or short record to explain it'
        });
  const n = want.length - same;
  book.add(z, {
    kind: c.kind,
    boot: b,
    bytes: n,
    unit: 'bytes',
    detail: `pmsg: ${n} ${of}: ${c.why}`
  });
}

export function compareConsole(
  book: LossBook,
  prev: Ledger,
  z: RamoopsZoneReport,
  read: Read
): void {
  const b = prev.boot;
  const n = prev.printk.length;
  if (!n) return;
  book.described.add(z);
  const text = decoder.decode(stripEccNotice(read('console-ramoops-0') ?? new Uint8Array(0)));
  const m = matchConsoleLines(text, prev.printk);
  book.compared.printkLines = { written: n, recovered: m.found };
  book.recovered.push(`console: ${m.found} of ${n} printk lines of boot ${b}`);
  const k = m.missing.length;
  if (!k) return;
  const tail = m.missing.every((i, j) => i === n - k + j);
  const c: LossCause =
    zoneCause(z) ??
    (m.dropped
      ? {
          kind: 'console-dropped',
          why: `the console dropped ${m.dropped} printk message(s) it could not print in time`
        }
      : tail
        ? {
            kind: 'torn-write',
            why: `the record ends before the last ${k} line(s) (a store cut short: a torn write)`
          }
        : {
            kind: 'unexplained',
            why: 'lines are missing from the middle of the record, and nothing in the zone explains it'
          });
  const detail = `console: ${k} of ${n} printk line(s) of boot ${b} lost: ${c.why}`;
  book.add(z, { kind: c.kind, boot: b, bytes: k, unit: 'lines', detail });
}

export function compareDumps(
  book: LossBook,
  prev: Ledger,
  boot: Pick<BootReport, 'files' | 'zones'>
): void {
  const b = prev.boot;
  const dumps = storedDumps(prev, boot.zones);
  if (!dumps.length) return;
  let shown = 0;
  for (const d of dumps) {
    const z = d.zone;
    if (!z) continue;
    const what = `${book.label(z)}: 1 of ${dumps.length} dump(s) stored in boot ${b} (${d.reason})`;
    if (d.overwritten) {
      const why = `a later dump of the same boot overwrote it (${dumps.length} dumps, ${d.zoneCount} dump zones)`;
      const detail = `${what} lost: ${why}`;
      book.add(z, { kind: 'ring-wrapped', boot: b, bytes: 1, unit: 'dumps', detail });
      continue;
    }
    book.described.add(z);
    if (boot.files.some((f) => f.type === 'dmesg' && f.id === z.index)) {
      shown++;
      const ecc = eccCause(z);
      if (ecc) {
        const detail = `${what} is shown, but ${ecc.why}`;
        book.add(z, { kind: ecc.kind, boot: b, bytes: z.badBlocks, unit: 'blocks', detail });
      }
      continue;
    }
    const c: LossCause = zoneCause(z) ?? {
      kind: 'unexplained',
      why: 'no file shows it, though its zone probed valid and ECC reported nothing'
    };
    const detail = `${what} is not shown: ${c.why}`;
    book.add(z, { kind: c.kind, boot: b, bytes: 1, unit: 'dumps', detail });
  }
  book.compared.dumps = { stored: dumps.length, shown };
  book.recovered.push(`dmesg: ${shown} of ${dumps.length} dump(s) stored in boot ${b}`);
}
