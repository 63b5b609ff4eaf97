/**
 * The report after a boot: which records came back, what ECC corrected, and
 * what was lost and why — comparing what the previous boot wrote (the
 * ledger) with what the probe and pstore-fs found.
 * Kernel counterpart: none (what a user needs to read a crash's aftermath).
 */
import type { RamoopsZoneReport } from '@pstore/ramoops';
import type { BootReport } from '../boot.ts';
import { expectedPmsg, type Ledger } from './ledger.ts';

export interface FaultReport {
  readonly recovered: readonly string[];
  readonly corrected: readonly string[];
  readonly lost: readonly string[];
}

const hex = (n: number) => `0x${n.toString(16)}`;
const decoder = new TextDecoder();

/** The record without the ECC notice ramoops appends ("\nECC: …" / "\nN Corrected bytes…"). */
export function stripEccNotice(data: Uint8Array): Uint8Array {
  const text = decoder.decode(data);
  const m = /\n(ECC: [^\n]*|\d+ Corrected bytes, \d+ unrecoverable blocks)\n$/.exec(text);
  return m ? data.subarray(0, data.length - new TextEncoder().encode(m[0]).length) : data;
}

function zoneName(z: RamoopsZoneReport): string {
  return z.type === 'dmesg' ? `dmesg ${z.index}` : z.type;
}

/** Why a zone that should hold data shows none, from its probe. */
function probeLoss(z: RamoopsZoneReport): string | null {
  const f = z.probe.found;
  switch (f.state) {
    case 'no-signature':
      return f.found === 0
        ? null
        : `signature ${hex(f.found)} is not ${hex(f.expected)} (a corrupted header): the zone was reset`;
    case 'invalid':
      return f.start > f.size
        ? `start ${f.start} > size ${f.size}: the zone was reset`
        : `size ${f.size} (${hex(f.size)}) > capacity ${f.capacity}: the zone was reset`;
    case 'empty':
    case 'valid':
      return null;
  }
}

/** Why a zone holds less than was written into it. */
function contentLoss(z: RamoopsZoneReport, got: number, want: number): string {
  const why = probeLoss(z);
  if (why) return why;
  const f = z.probe.found;
  if (f.state === 'no-signature') {
    return 'the zone holds no signature: RAM was never written or lost';
  }
  if (f.state === 'empty') return 'the header says the zone is empty (start and size 0)';
  if (z.badBlocks > 0) return 'ECC could not correct some blocks';
  if (z.oldSize >= z.dataCapacity) return 'the ring wrapped: the oldest bytes were overwritten';
  return got < want ? 'the record is shorter than what was written (a torn write)' : 'bytes differ';
}

export function faultReport(
  prev: Ledger | null,
  boot: BootReport,
  read: (name: string) => Uint8Array | null
): FaultReport {
  const recovered: string[] = [];
  const corrected: string[] = [];
  const lost: string[] = [];
  for (const f of boot.files) recovered.push(`${f.name} (${f.size} bytes)`);
  for (const z of boot.zones) {
    if (z.correctedBytes > 0) {
      corrected.push(`${zoneName(z)}: ${z.correctedBytes} byte(s) corrected`);
    }
    if (z.badBlocks > 0) {
      lost.push(
        `${zoneName(z)}: ECC could not correct ${z.badBlocks} block(s); their bytes are shown as read`
      );
    }
    const why = probeLoss(z);
    if (why) lost.push(`${zoneName(z)}: ${why}`);
  }
  if (!prev) return { recovered, corrected, lost };
  for (const f of prev.faults) lost.push(`fault during boot ${prev.boot}: ${f}`);
  if (prev.ramLost) {
    lost.push(
      `the RAM went with the power at the end of boot ${prev.boot}: nothing it wrote survived`
    );
    return { recovered, corrected, lost };
  }

  const pmsgZone = boot.zones.find((z) => z.type === 'pmsg');
  if (pmsgZone && prev.pmsg.length) {
    const want = expectedPmsg(prev, pmsgZone.dataCapacity);
    const got = stripEccNotice(read('pmsg-ramoops-0') ?? new Uint8Array(0));
    let same = 0;
    for (let i = 0; i < Math.min(want.length, got.length); i++) if (want[i] === got[i]) same++;
    recovered.push(`pmsg: ${same} of ${want.length} bytes written in boot ${prev.boot}`);
    if (same < want.length) {
      const why = contentLoss(pmsgZone, got.length, want.length);
      lost.push(`pmsg: ${want.length - same} byte(s) of boot ${prev.boot} (${why})`);
    }
  }
  const consoleZone = boot.zones.find((z) => z.type === 'console');
  if (consoleZone && prev.printk.length) {
    const text = decoder.decode(read('console-ramoops-0') ?? new Uint8Array(0));
    const found = prev.printk.filter((l) => text.includes(l)).length;
    recovered.push(`console: ${found} of ${prev.printk.length} printk lines of boot ${prev.boot}`);
    if (found < prev.printk.length) {
      const why = contentLoss(consoleZone, 0, 1);
      lost.push(
        `console: ${prev.printk.length - found} printk line(s) of boot ${prev.boot} (${why})`
      );
    }
  }
  const stored = prev.dumps.filter((d) => d.stored).length;
  if (stored) {
    const dmesg = boot.files.filter((f) => f.type === 'dmesg').length;
    recovered.push(`dmesg: ${dmesg} of ${stored} dump(s) stored in boot ${prev.boot}`);
    if (dmesg < stored) {
      lost.push(`dmesg: ${stored - dmesg} dump(s) of boot ${prev.boot} not shown`);
    }
  }
  return { recovered, corrected, lost };
}
