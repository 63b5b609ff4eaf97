/**
 * What the previous boot wrote (its ledger) against what the next boot got
 * back, byte for byte: pmsg bytes at their place in the ring, printk lines
 * in the console record, each stored dump against the file that shows it.
 * Every record is recovered (intact, its zone needed no correction),
 * corrected (intact thanks to ECC) or lost; a loss's cause is what the zone
 * or the record shows, checked against the injected faults (explain.ts).
 * The amounts add up: written = recovered + corrected + lost, in records and
 * in bytes, for each kind.
 * Kernel counterpart: none (the test bench's account of a crash's aftermath).
 */
import type { BlkZoneReport } from '@pstore/pstore-zone';
import type { RamoopsZoneReport } from '@pstore/ramoops';
import type { BootReport } from '../boot.ts';
import { matchConsoleLines } from './console-lines.ts';
import { explain } from './explain.ts';
import { expectedPmsg, pmsgBytes, type Ledger } from './ledger.ts';
import { recoveryFailed, zoneLabelOf, zoneSeen, type Seen } from './loss-cause.ts';
import type { Loss, LossRecord } from './loss.ts';

/** How many records, and how many of their bytes. */
export interface Amount {
  records: number;
  bytes: number;
}

/** One kind of record: what the previous boot wrote, and what came back intact. */
export interface Account {
  readonly written: Amount;
  /** Intact, and the zone needed no correction. */
  readonly recovered: Amount;
  /** Intact thanks to ECC (the zone's blocks were corrected). */
  readonly corrected: Amount;
}

/** What the previous boot wrote against what came back; null where it wrote nothing. */
export interface Compared {
  readonly printk: Account | null;
  readonly pmsg: Account | null;
  readonly dumps: Account | null;
}

const decoder = new TextDecoder();

/**
 * The file of a ring zone: `<type>-<backend>-0`, the backend named by the
 * zone's label ("ramoops:console", "pstore_blk:pmsg").
 */
function ringFile(z: RamoopsZoneReport): string {
  return `${z.type}-${z.label.split(':')[0]}-0`;
}
const encoder = new TextEncoder();

/**
 * The record without the ECC notice ramoops appends: "\nECC: …" (newer
 * kernels), "\nNo errors detected" (older ones, 4.19 say), or
 * "\nN Corrected bytes, M unrecoverable blocks".
 */
export function stripEccNotice(data: Uint8Array): Uint8Array {
  const text = decoder.decode(data);
  const m =
    /\n(ECC: [^\n]*|No errors detected|\d+ Corrected bytes, \d+ unrecoverable blocks)\n$/.exec(
      text
    );
  return m ? data.subarray(0, data.length - encoder.encode(m[0]).length) : data;
}

export type Read = (name: string) => Uint8Array | null;

const zero = (): Amount => ({ records: 0, bytes: 0 });

/** Builds the losses of one boot's report; `described` marks the zones a comparison covered. */
export class LossBook {
  readonly losses: Loss[] = [];
  readonly recovered: string[] = [];
  readonly described = new Set<RamoopsZoneReport>();
  /** Zones whose uncorrectable blocks a loss already accounts for. */
  readonly eccAccounted = new Set<RamoopsZoneReport>();
  readonly compared: { -readonly [K in keyof Compared]: Compared[K] } = {
    printk: null,
    pmsg: null,
    dumps: null
  };

  /** pstore/blk: what every loss is, when a ring header failed the whole recovery. */
  private readonly failed: Seen | null;

  constructor(
    private readonly zones: readonly RamoopsZoneReport[],
    readonly prev: Ledger | null,
    private readonly eccSize: number
  ) {
    const stuck = zones.find((z) => 'state' in z && z.state === 'start-beyond-datalen');
    this.failed = stuck ? recoveryFailed(stuck as BlkZoneReport, this.label(stuck)) : null;
  }

  label(z: RamoopsZoneReport): string {
    return zoneLabelOf(z, this.zones);
  }

  /** A new account of one kind, empty but for what was written. */
  account(written: Amount): Account {
    return { written, recovered: zero(), corrected: zero() };
  }

  /** Records back intact: corrected when ECC repaired their zone, else recovered. */
  intact(into: Account, z: RamoopsZoneReport, a: Amount): void {
    const to = z.correctedBytes > 0 ? into.corrected : into.recovered;
    to.records += a.records;
    to.bytes += a.bytes;
  }

  /**
   * A loss of what `seen` says, its kind decided by the injected faults;
   * `what` is the amount in words ("40 of 100 byte(s) written in boot 3").
   */
  lose(
    z: RamoopsZoneReport,
    seen: Seen,
    l: { record: LossRecord; records: number | null; bytes: number | null; blocks?: number },
    what: string,
    inFlight = false
  ): void {
    const label = this.label(z);
    // Nothing was shown when the recovery failed: that is what every loss is.
    if (this.failed) seen = this.failed;
    // A zone's content no ledger entry describes may be an older boot's.
    const boot = l.record === 'zone' ? null : (this.prev?.boot ?? null);
    if (seen.kind === 'ecc-bad-blocks') this.eccAccounted.add(z);
    const e = this.prev
      ? explain(seen, { prev: this.prev, zone: z, label, eccSize: this.eccSize, inFlight })
      : { kind: 'unexplained' as const, why: `${seen.why}, and no ledger says what was written` };
    this.losses.push({
      kind: e.kind,
      zone: label,
      boot,
      record: l.record,
      records: l.records,
      bytes: l.bytes,
      blocks: l.blocks ?? 0,
      detail: `${label}: ${what}: ${e.why}`
    });
  }
}

/** Where the ledger's bytes start in the record: older boots' bytes may precede them. */
function alignment(want: Uint8Array, got: Uint8Array): number {
  const probe = want.subarray(0, Math.min(32, want.length));
  const at = Buffer.from(got.buffer, got.byteOffset, got.length).indexOf(probe);
  return at < 0 ? 0 : at;
}

export function comparePmsg(book: LossBook, prev: Ledger, z: RamoopsZoneReport, read: Read): void {
  const b = prev.boot;
  const total = pmsgBytes(prev);
  if (!total) return;
  book.described.add(z);
  const account = book.account({ records: prev.pmsg.length, bytes: total });
  book.compared.pmsg = account;
  const want = expectedPmsg(prev, z.dataCapacity);
  const wrapped = total - want.length;
  const got = stripEccNotice(read(ringFile(z)) ?? new Uint8Array(0));
  const at = alignment(want, got);
  const same = (i: number) => at + i < got.length && got[at + i] === want[i];
  // Each write: the bytes the ring overwrote, those back at their place, the rest.
  const lost = { wrapped: zero(), damaged: zero() };
  let pos = 0;
  let cutShort = true;
  for (const w of prev.pmsg) {
    const end = pos + w.length;
    const overwritten = Math.max(0, Math.min(end, wrapped) - pos);
    let good = 0;
    for (let i = Math.max(pos, wrapped); i < end; i++) {
      if (same(i - wrapped)) good++;
      else if (at + (i - wrapped) < got.length) cutShort = false;
    }
    const bad = w.length - overwritten - good;
    lost.wrapped.bytes += overwritten;
    lost.damaged.bytes += bad;
    if (overwritten) lost.wrapped.records++;
    else if (bad) lost.damaged.records++;
    book.intact(account, z, { records: overwritten || bad ? 0 : 1, bytes: good });
    pos = end;
  }
  const intact = account.recovered.bytes + account.corrected.bytes;
  book.recovered.push(`pmsg: ${intact} of ${total} bytes written in boot ${b}`);
  const of = (n: number) => `${n} of ${total} byte(s) written in boot ${b} lost`;
  if (lost.wrapped.bytes) {
    const seen: Seen = {
      kind: 'wrapped',
      why: `the ring wrapped (the zone holds ${z.dataCapacity} bytes): the oldest were overwritten`
    };
    book.lose(z, seen, { record: 'pmsg', ...lost.wrapped }, of(lost.wrapped.bytes));
  }
  if (!lost.damaged.bytes) return;
  const seen: Seen =
    zoneSeen(z) ??
    (cutShort
      ? {
          kind: 'cut-short',
          why: `the record holds ${Math.max(0, got.length - at)} of the ${want.length} bytes expected (a store cut short)`
        }
      : { kind: 'differs', why: 'bytes differ from what was written' });
  book.lose(z, seen, { record: 'pmsg', ...lost.damaged }, of(lost.damaged.bytes));
}

const lineBytes = (t: string) => encoder.encode(t).length + 1;

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
  const bytes = prev.printk.reduce((s, t) => s + lineBytes(t), 0);
  const account = book.account({ records: n, bytes });
  book.compared.printk = account;
  const text = decoder.decode(stripEccNotice(read(ringFile(z)) ?? new Uint8Array(0)));
  const m = matchConsoleLines(text, prev.printk);
  const missing = new Set(m.missing);
  prev.printk.forEach((t, i) => {
    if (!missing.has(i)) book.intact(account, z, { records: 1, bytes: lineBytes(t) });
  });
  book.recovered.push(`console: ${m.found} of ${n} printk lines of boot ${b}`);
  if (!m.missing.length) return;
  // The oldest lines missing from a full ring were overwritten; lines after
  // the last acknowledged flush were in flight; the rest need the zone's word.
  const full = z.oldSize >= z.dataCapacity;
  let oldest = 0;
  while (full && oldest < m.missing.length && m.missing[oldest] === oldest) oldest++;
  const groups: { seen: Seen; lines: number[]; inFlight: boolean }[] = [];
  const wrappedLines = m.missing.slice(0, oldest);
  if (wrappedLines.length) {
    const why = `the ring wrapped (the zone holds ${z.dataCapacity} bytes): the oldest lines were overwritten`;
    groups.push({ seen: { kind: 'wrapped', why }, lines: wrappedLines, inFlight: false });
  }
  const rest = m.missing.slice(oldest);
  const tail = rest.every((i, j) => i === n - rest.length + j);
  const inFlight = rest.filter((i) => prev.printkUnacked.has(i));
  // A store cut after size was advanced and before start was leaves an
  // unwrapped ring with start < size: the old log begins with the size −
  // start bytes the cut store never wrote, glued to the line that follows.
  const f = z.probe.found;
  const stale = f.state === 'valid' && f.size < z.dataCapacity ? f.size - f.start : 0;
  const junction = stale > 0 ? text.slice(text.lastIndexOf('\n', stale - 1) + 1) : '';
  const gluedLine = junction.slice(0, Math.max(0, junction.indexOf('\n')));
  const glued = rest.find((i) => !prev.printkUnacked.has(i) && gluedLine.endsWith(prev.printk[i]!));
  if (glued !== undefined) {
    const why =
      'the record begins with bytes never written, glued to this line (size was advanced and start not: a store cut between the two)';
    groups.push({ seen: { kind: 'stale-prefix', why }, lines: [glued], inFlight: false });
  }
  const acked = rest.filter((i) => !prev.printkUnacked.has(i) && i !== glued);
  const seenOf = (flying: boolean): Seen =>
    zoneSeen(z) ??
    (m.dropped
      ? {
          kind: 'dropped',
          why: `the console dropped ${m.dropped} printk message(s) it could not print in time`
        }
      : tail
        ? {
            kind: 'cut-short',
            why: `the record ends before the last ${rest.length} line(s)${flying ? ' (not yet acknowledged when the worker stopped)' : ''}`
          }
        : { kind: 'differs', why: 'lines are missing from the middle of the record' });
  if (inFlight.length) groups.push({ seen: seenOf(true), lines: inFlight, inFlight: true });
  if (acked.length) groups.push({ seen: seenOf(false), lines: acked, inFlight: false });
  for (const g of groups) {
    const k = g.lines.length;
    const lost = g.lines.reduce((s, i) => s + lineBytes(prev.printk[i]!), 0);
    const what = `${k} of ${n} printk line(s) of boot ${b} lost`;
    book.lose(z, g.seen, { record: 'printk', records: k, bytes: lost }, what, g.inFlight);
  }
}

/**
 * The dumps the previous boot stored, each with the zone the backend wrote it
 * to: the k-th stored dump of a boot goes k zones after the boot's first,
 * modulo their count (ramoops' dump_write_cnt starts at 0 every boot;
 * pstore/zone's after the newest dump on the disk).
 */
function storedDumps(prev: Ledger, zones: readonly RamoopsZoneReport[]) {
  const dmesg = zones.filter((z) => z.type === 'dmesg').sort((a, b) => a.index - b.index);
  const stored = prev.dumps.filter((d) => d.stored);
  return stored.map((d, k) => ({
    reason: d.reason,
    content: d.content ?? new Uint8Array(0),
    zone: dmesg[(prev.firstDumpZone + k) % Math.max(1, dmesg.length)],
    zoneCount: dmesg.length,
    // A later dump of the same boot went to the same zone.
    overwritten: k < stored.length - dmesg.length
  }));
}

/**
 * A pstore/zone dump without the "Oops: Total 2 times\n" line
 * psz_kmsg_read() puts before an uncompressed one (the dump is what follows).
 * A ramoops dump never starts so: its first line is pstore's own header.
 */
function stripTotalLine(got: Uint8Array): Uint8Array {
  const head = decoder.decode(got.subarray(0, 48));
  const m = /^(?:Unknown|Panic|Oops|Emergency|Shutdown): Total -?\d+ times\n/.exec(head);
  return m ? got.subarray(m[0].length) : got;
}

/** How many bytes of `want` are at their place in `got`. */
function sameBytes(want: Uint8Array, got: Uint8Array): number {
  let same = 0;
  for (let i = 0; i < Math.min(want.length, got.length); i++) if (want[i] === got[i]) same++;
  return same;
}

export function compareDumps(
  book: LossBook,
  prev: Ledger,
  boot: Pick<BootReport, 'files' | 'zones'>,
  read: Read
): void {
  const b = prev.boot;
  const dumps = storedDumps(prev, boot.zones);
  if (!dumps.length) return;
  const bytes = dumps.reduce((s, d) => s + d.content.length, 0);
  const account = book.account({ records: dumps.length, bytes });
  book.compared.dumps = account;
  let back = 0;
  for (const d of dumps) {
    const z = d.zone;
    const size = d.content.length;
    const what = `1 of ${dumps.length} dump(s) stored in boot ${b} (${d.reason}, ${size} bytes)`;
    if (!z) continue;
    if (d.overwritten) {
      const why = `a later dump of the same boot took its zone (${dumps.length} dumps, ${d.zoneCount} dump zones)`;
      book.lose(
        z,
        { kind: 'wrapped', why },
        { record: 'dump', records: 1, bytes: size },
        `${what} lost`
      );
      continue;
    }
    book.described.add(z);
    const file = boot.files.find((f) => f.type === 'dmesg' && f.id === z.index);
    const got = file ? stripTotalLine(stripEccNotice(read(file.name) ?? new Uint8Array(0))) : null;
    if (got && got.length === size && sameBytes(d.content, got) === size) {
      back++;
      book.intact(account, z, { records: 1, bytes: size });
      continue;
    }
    const same = got ? sameBytes(d.content, got) : 0;
    book.intact(account, z, { records: 0, bytes: same });
    const seen: Seen =
      zoneSeen(z) ??
      (!got
        ? { kind: 'differs', why: 'no file shows it, though its zone probed valid' }
        : got.length < size && sameBytes(d.content, got) === got.length
          ? { kind: 'cut-short', why: `${file!.name} holds ${got.length} of its ${size} bytes` }
          : { kind: 'differs', why: `${file!.name} differs from it in ${size - same} byte(s)` });
    const loss = { record: 'dump' as const, records: 1, bytes: size - same };
    book.lose(z, seen, loss, `${what} ${got ? 'is shown damaged' : 'is not shown'}`);
  }
  book.recovered.push(`dmesg: ${back} of ${dumps.length} dump(s) stored in boot ${b} back intact`);
}
