/**
 * What a supervisor can say about the printk lines a restart's gap lost:
 * the lines the board printk'd without an acknowledgement (in flight when a
 * worker on their way died, or sent while it was down), looked up as whole
 * lines in the text the console zone received since the first of them was
 * sent. Read from the shared RAM, which the board owns, as gap-report.ts
 * measures pmsg's writes on that zone's cursor.
 * Kernel counterpart: none (a user-space supervisor's accounting).
 */
import { PRZ_HEADER, PRZ_HEADER_SIZE } from '@pstore/ram-core';
import type { RamoopsZoneSpec } from '@pstore/ramoops';
import { matchConsoleLines } from '../faults/console-lines.ts';

/** Where a zone's ring stood: its write cursor and how many bytes it held. */
export interface ZoneMark {
  readonly start: number;
  readonly size: number;
}

/** printk lines sent in one call, with the console zone's mark before they were. */
export interface PrintkSent {
  readonly texts: readonly string[];
  readonly mark: ZoneMark;
}

/** One restart's accounting of printk lines. */
export interface PrintkGap {
  readonly sent: number;
  /** Per call (in `sent` order), the indices of its lines not found in the zone. */
  readonly lost: readonly (readonly number[])[];
  readonly lostLines: number;
  /** The zone wrapped past the first mark: what it overwrote is not counted as landed. */
  readonly wrapped: boolean;
  readonly words: string;
}

export function zoneMark(ram: Uint8Array, zone: RamoopsZoneSpec): ZoneMark {
  const v = new DataView(ram.buffer, ram.byteOffset + zone.offset);
  return { start: v.getUint32(PRZ_HEADER.START, true), size: v.getUint32(PRZ_HEADER.SIZE, true) };
}

/** The zone's ring bytes [from, from + n), wrapping at its capacity. */
function ringBytes(ram: Uint8Array, zone: RamoopsZoneSpec, from: number, n: number): Uint8Array {
  const cap = zone.dataCapacity;
  const data = ram.subarray(zone.offset + PRZ_HEADER_SIZE, zone.offset + PRZ_HEADER_SIZE + cap);
  const out = new Uint8Array(n);
  for (let i = 0, at = from % cap; i < n; i++, at = (at + 1) % cap) out[i] = data[at]!;
  return out;
}

/**
 * The text the zone received since `mark`. While the ring has not wrapped
 * the cursor's distance is exact; once it has, it is known modulo the
 * capacity only, and what was written in more than one turn is gone.
 */
export function zoneTextSince(
  ram: Uint8Array,
  zone: RamoopsZoneSpec,
  mark: ZoneMark
): { text: string; wrapped: boolean } {
  const cap = zone.dataCapacity;
  const now = zoneMark(ram, zone);
  const wrapped = now.size >= cap;
  const n = wrapped ? (now.start - mark.start + cap) % cap : Math.max(0, now.start - mark.start);
  return { text: new TextDecoder().decode(ringBytes(ram, zone, mark.start, n)), wrapped };
}

/**
 * local_clock() as the console zone last showed it ("[   12.345600] …"), in
 * ns; null when the zone shows no timestamp. The clock is the machine's, not
 * kmsg's: a restarted kmsg goes on from there.
 */
export function lastConsoleTimeNs(ram: Uint8Array, zone: RamoopsZoneSpec): number | null {
  const now = zoneMark(ram, zone);
  const n = Math.min(now.size, 512);
  const from = (now.start - n + zone.dataCapacity) % zone.dataCapacity;
  const tail = new TextDecoder().decode(ringBytes(ram, zone, from, n));
  const all = [...tail.matchAll(/\[\s*(\d+)\.(\d{6})\]/g)];
  const last = all.at(-1);
  return last ? Number(last[1]) * 1e9 + Number(last[2]) * 1e3 : null;
}

/**
 * Which of the lines `sent` the console zone holds, looked up in what it
 * received since the first of them was sent; `dead` names the component
 * whose worker died.
 */
export function printkGap(
  ram: Uint8Array,
  zone: RamoopsZoneSpec,
  sent: readonly PrintkSent[],
  dead: string
): PrintkGap {
  const all = sent.flatMap((s) => s.texts);
  const first = sent[0];
  if (!first) {
    const words = `${dead}: no printk line was in flight when its worker died; nothing was lost`;
    return { sent: 0, lost: [], lostLines: 0, wrapped: false, words };
  }
  const { text, wrapped } = zoneTextSince(ram, zone, first.mark);
  const missing = new Set(matchConsoleLines(text, all).missing);
  let i = 0;
  const lost = sent.map((s) => s.texts.flatMap((_, j) => (missing.has(i++) ? [j] : [])));
  const n = all.length;
  const k = missing.size;
  const words =
    `${dead}: ${k} of ${n} printk line(s) in flight or sent while its worker was down ` +
    `were lost; ${n - k} reached the console zone` +
    (wrapped ? ' (its ring wrapped meanwhile: lines it overwrote count as lost)' : '');
  return { sent: n, lost, lostLines: k, wrapped, words };
}
