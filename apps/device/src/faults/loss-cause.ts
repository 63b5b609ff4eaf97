/**
 * Why a zone gave back less than was written into it, read from what the
 * probe and the ECC decode found there: a reset header, no signature, an
 * empty header, blocks ECC could not correct, a wrapped ring. Each cause is
 * a loss kind and a phrase with the zone's own numbers.
 * Kernel counterpart: none (reads what persistent_ram_post_init() and
 * persistent_ram_ecc_old() decided, as ram-core reports them).
 */
import type { RamoopsZoneReport } from '@pstore/ramoops';
import type { LossKind } from './loss.ts';

export interface LossCause {
  readonly kind: LossKind;
  /** The cause in words, with the zone's numbers. */
  readonly why: string;
}

const hex = (n: number) => `0x${n.toString(16)}`;

/** The zone's label as the zone map and `flip` name it: dmesg0, console, pmsg, ftrace(N). */
export function zoneLabelOf(z: RamoopsZoneReport, all: readonly RamoopsZoneReport[]): string {
  const many = all.filter((x) => x.type === z.type).length > 1;
  return z.type === 'dmesg' || many ? `${z.type}${z.index}` : z.type;
}

/**
 * The probe reset the zone (a bad signature that was not 0, or start/size
 * beyond it): whatever it held is gone. Null when the probe kept the zone.
 */
export function resetCause(z: RamoopsZoneReport): LossCause | null {
  const f = z.probe.found;
  switch (f.state) {
    case 'no-signature':
      // 0 is RAM that was never written (or lost): nothing was reset.
      return f.found === 0
        ? null
        : {
            kind: 'header-reset',
            why: `signature ${hex(f.found)} is not ${hex(f.expected)} (a corrupted header): the zone was reset`
          };
    case 'invalid':
      return {
        kind: 'header-reset',
        why:
          f.start > f.size
            ? `start ${f.start} > size ${f.size}: the zone was reset`
            : `size ${f.size} (${hex(f.size)}) > capacity ${f.capacity}: the zone was reset`
      };
    case 'empty':
    case 'valid':
      return null;
  }
}

/** The blocks ECC could not correct in the zone, or null. */
export function eccCause(z: RamoopsZoneReport): LossCause | null {
  return z.badBlocks > 0
    ? {
        kind: 'ecc-uncorrectable',
        why: `ECC could not correct ${z.badBlocks} block(s); their bytes are shown as read`
      }
    : null;
}

/**
 * Why a zone that was written holds less than that, from what the zone
 * itself shows; null when nothing in the zone explains it (the caller then
 * looks at the content: a record cut short, dropped messages).
 */
export function zoneCause(z: RamoopsZoneReport): LossCause | null {
  const reset = resetCause(z);
  if (reset) return reset;
  const f = z.probe.found;
  if (f.state === 'no-signature') {
    return {
      kind: 'no-signature',
      why: 'the zone holds no signature (0): its RAM was never written, or was lost'
    };
  }
  if (f.state === 'empty') {
    return { kind: 'header-empty', why: 'the header says the zone is empty (start and size 0)' };
  }
  const ecc = eccCause(z);
  if (ecc) return ecc;
  if (z.oldSize >= z.dataCapacity) {
    return {
      kind: 'ring-wrapped',
      why: `the ring wrapped (the zone holds its full ${z.dataCapacity} bytes): the oldest were overwritten`
    };
  }
  return null;
}
