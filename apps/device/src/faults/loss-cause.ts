/**
 * What a zone and its record show about why something is missing — before
 * any fault is consulted: a zeroed zone, a bad signature, start/size beyond
 * the zone, an empty header, blocks ECC could not correct, a wrapped ring,
 * a record cut short, bytes that differ. explain.ts then checks each against
 * the faults the board injected.
 * Kernel counterpart: none (reads what persistent_ram_post_init() and
 * persistent_ram_ecc_old() decided, as ram-core reports them).
 */
import type { BlkZoneReport } from '@pstore/pstore-zone';
import type { RamoopsZoneReport } from '@pstore/ramoops';

/** What was seen, as a stable kind. */
type SeenKind =
  /** No signature at all (0): the RAM was never written, or lost. */
  | 'zeroed'
  /** A signature that was not the zone's: the kernel reset the zone. */
  | 'bad-signature'
  /** start > size or size > capacity: "found existing invalid buffer", reset. */
  | 'invalid-header'
  /** start and size 0: the header says the zone holds nothing. */
  | 'empty-header'
  /** Blocks persistent_ram_ecc_old() could not correct. */
  | 'ecc-bad-blocks'
  /** The ring's capacity: the oldest bytes were overwritten by newer ones. */
  | 'wrapped'
  /** The console's own "** N printk messages dropped **". */
  | 'dropped'
  /** The record ends before what was written: the tail is missing. */
  | 'cut-short'
  /**
   * The record's first line is a written line with stale bytes glued before
   * it: size was advanced and start not (persistent_ram_write() stores
   * size, then start), so the old log begins with bytes never written.
   */
  | 'stale-prefix'
  /** Bytes or lines differ, or are missing, and the zone reports nothing. */
  | 'differs'
  /**
   * pstore/zone: a ring zone whose start lies beyond its datalen failed the
   * whole recovery: the kernel shows no file and writes nothing to the disk.
   */
  | 'recovery-failed';

export interface Seen {
  readonly kind: SeenKind;
  /** The cause in words, with the zone's numbers. */
  readonly why: string;
  /** recovery-failed: the zone whose header failed the recovery (its label). */
  readonly failedZone?: string;
}

const hex = (n: number) => `0x${n.toString(16)}`;

/** The zone's label as the zone map and `flip` name it: dmesg0, console, pmsg, ftrace(N). */
export function zoneLabelOf(z: RamoopsZoneReport, all: readonly RamoopsZoneReport[]): string {
  const many = all.filter((x) => x.type === z.type).length > 1;
  return z.type === 'dmesg' || many ? `${z.type}${z.index}` : z.type;
}

/** What the probe found that lost the zone's content: null when it kept it. */
export function headerSeen(z: RamoopsZoneReport | BlkZoneReport): Seen | null {
  if ('state' in z) return blkHeaderSeen(z);
  const f = z.probe.found;
  switch (f.state) {
    case 'no-signature':
      return f.found === 0
        ? {
            kind: 'zeroed',
            why: 'the zone holds no signature (0): its RAM was zeroed or never written'
          }
        : {
            kind: 'bad-signature',
            why: `signature ${hex(f.found)} is not ${hex(f.expected)} (a corrupted header): the zone was reset`
          };
    case 'invalid':
      return {
        kind: 'invalid-header',
        why:
          f.start > f.size
            ? `start ${f.start} > size ${f.size}: the zone was reset`
            : `size ${f.size} (${hex(f.size)}) > capacity ${f.capacity}: the zone was reset`
      };
    case 'empty':
      return { kind: 'empty-header', why: 'the header says the zone is empty (start and size 0)' };
    case 'valid':
      return null;
  }
}

/** The blocks ECC could not correct in the zone, or null. */
/** What pstore/zone did with a zone's header, in its own words (zone.c ignores, never resets). */
function blkHeaderSeen(z: BlkZoneReport): Seen | null {
  switch (z.state) {
    case 'record':
      return null;
    case 'empty':
    case 'erased':
      return { kind: 'empty-header', why: `${z.detail}: the zone holds nothing` };
    case 'blank':
      return { kind: 'zeroed', why: `${z.detail}: the disk was never written there, or wiped` };
    case 'bad-signature':
    case 'invalid-magic':
      return { kind: 'bad-signature', why: `${z.detail}: pstore/zone ignored the zone` };
    case 'overtop':
    case 'truncated':
      return { kind: 'invalid-header', why: `${z.detail}: pstore/zone ignored the zone` };
    case 'start-beyond-datalen':
      return recoveryFailed(z, zoneLabelOf(z, [z]));
  }
}

/** Every loss of a boot whose recovery `z` failed. */
export function recoveryFailed(z: BlkZoneReport, label: string): Seen {
  return {
    kind: 'recovery-failed',
    why: `${label}: ${z.detail}: pstore/zone's recovery failed, so the kernel shows no file and writes nothing to the disk`,
    failedZone: label
  };
}

export function eccSeen(z: RamoopsZoneReport): Seen | null {
  return z.badBlocks > 0
    ? {
        kind: 'ecc-bad-blocks',
        why: `ECC could not correct ${z.badBlocks} block(s); their bytes are shown as read`
      }
    : null;
}

/**
 * Why a zone that was written holds less than that, from the zone itself:
 * its header, then ECC; null when the zone reports nothing (the caller then
 * looks at the content).
 */
export function zoneSeen(z: RamoopsZoneReport): Seen | null {
  return headerSeen(z) ?? eccSeen(z);
}
