/**
 * What a supervisor can say about pmsg writes in a restart's gap: the
 * write(2) batches that were in flight when pmsg's worker, or one further
 * down (pstore-fs, ramoops), died (their callers got EIO) and how many of
 * their bytes reached RAM all the same, measured on the pmsg zone's write
 * cursor in the shared RAM, which the board owns.
 * Kernel counterpart: none (a user-space supervisor's accounting).
 */
import { PRZ_HEADER } from '@pstore/ram-core';
import type { RamoopsZoneSpec } from '@pstore/ramoops';
import type { LostCommand } from './data-port.ts';

/** One restart's accounting, in numbers and in words. */
export interface PmsgGap {
  /** write(2)s sent to the dead worker and never answered: EIO to their callers. */
  readonly writes: number;
  readonly bytes: number;
  /** Of those bytes, how many the pmsg zone's cursor moved by since the first was sent. */
  readonly landed: number;
  /** Those bytes: the start of the lost batches' writes, in order (what RAM holds of them). */
  readonly landedBytes: Uint8Array;
  readonly words: string;
}

/** The pmsg zone's write cursor (its `start`): where the next byte goes. */
export function pmsgCursor(ram: Uint8Array, zone: RamoopsZoneSpec): number {
  return new DataView(ram.buffer, ram.byteOffset + zone.offset).getUint32(PRZ_HEADER.START, true);
}

/**
 * The gap of `dead`'s worker, which died with `lost` unanswered (or
 * answered EIO for it); `cursor` is the zone's cursor now, after the
 * restart. Only pmsg writes move that
 * cursor, so the distance it moved since the first lost batch was sent is
 * what of the lost batches reached RAM (exact while they are shorter than
 * the ring; beyond, at least that, modulo the capacity).
 */
export function pmsgGap(
  lost: readonly LostCommand[],
  cursor: number,
  capacity: number,
  dead: string = 'pmsg'
): PmsgGap {
  const batches = lost.filter((l) => l.command.type === 'pmsg.write');
  const writes = batches.flatMap((l) =>
    (l.command['writes'] as readonly (string | Uint8Array)[]).map((w) =>
      typeof w === 'string' ? new TextEncoder().encode(w) : w
    )
  );
  const sizes = writes.map((w) => w.length);
  const bytes = sizes.reduce((a, b) => a + b, 0);
  const first = batches[0];
  const landed = first ? (cursor - first.mark + capacity) % capacity : 0;
  const exact = bytes < capacity;
  const whose = dead === 'pmsg' ? 'its' : `${dead}'s`;
  const words = !sizes.length
    ? `pmsg: no write(2) was in flight when ${whose} worker died; nothing was lost`
    : `pmsg: ${sizes.length} write(2)(s) of ${bytes} byte(s) were in flight when ${whose} worker died ` +
      `and failed with EIO; ${exact ? '' : 'at least '}${landed} of those bytes reached RAM ` +
      `all the same, ${exact ? bytes - landed : 'up to ' + (bytes - landed)} were lost`;
  const all = new Uint8Array(bytes);
  let at = 0;
  for (const w of writes) {
    all.set(w, at);
    at += w.length;
  }
  const landedBytes = all.slice(0, Math.min(landed, bytes));
  return { writes: sizes.length, bytes, landed, landedBytes, words };
}
