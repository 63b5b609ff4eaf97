/**
 * A loss's cause checked against the faults the board injected: what the
 * zone or the record shows (loss-cause.ts) is a loss of a named kind only
 * when an injected fault can produce it there; otherwise the loss is
 * `unexplained`. Nothing is inferred from the fault list alone: a fault
 * that was injected but did nothing costs nothing, and a loss where no fault
 * was injected is reported as such.
 *
 * The rules, zone by zone (a RAM fault explains losses in its own zone only):
 * - a zeroed zone, or any header the kernel rejected, after a power cut that
 *   took the RAM: `power-lost`;
 * - a bad signature or an invalid start/size: a header fault on the zone
 *   with parity made consistent, or with stale parity when ECC is off or
 *   could not correct the header (−74); a flip in the header: `header-reset`;
 *   a stale-parity fault that ECC should have repaired explains nothing;
 * - an empty header: the `size0` fault (a stale header): `header-empty`;
 * - blocks ECC could not correct, or bytes that differ: a flip in the zone:
 *   `ecc-uncorrectable` with ECC on, `bit-flips` without; a header fault
 *   beyond the header ECC's capacity (the kernel counts the header as a bad
 *   block): `ecc-uncorrectable`;
 * - a record cut short: a worker stopped dead mid-store (`torn-write`) or
 *   killed (`worker-killed`), and only for what was in flight; blocks ECC
 *   could not correct after a worker stopped dead mid-store (the store's
 *   data reached RAM, its parity did not): `torn-write`; with ECC on, any
 *   damage after a store cut before the header parity was re-encoded
 *   (stale header parity: the header "corrected" back, or miscorrected):
 *   `torn-write`; a record whose first line has stale bytes glued before it
 *   (a store cut between the size and the start update): `torn-write`; the
 *   same damage after a worker that stores was killed (terminate() stops a
 *   thread mid-store too): `worker-killed`;
 * - a ring header whose start lies beyond its datalen (pstore/blk): the whole
 *   recovery failed, so every record of the boot is lost: a header fault or
 *   a flip in that zone's header: `recovery-failed`;
 * - a write the disk dropped (pstore/blk): any header or record damage no
 *   other fault explains: `lost-write`;
 * - the ring's capacity and the console's own "dropped" notice need no fault.
 * Kernel counterpart: none (the test bench's judgement of a crash's aftermath).
 */
import type { RamoopsZoneReport } from '@pstore/ramoops';
import { RAM_WRITERS, type Component } from '../components.ts';
import type { InjectedFault } from './injected.ts';
import type { Ledger } from './ledger.ts';
import type { Seen } from './loss-cause.ts';
import type { LossKind } from './loss.ts';

export interface Explained {
  readonly kind: LossKind;
  /** The cause in words: what was seen, and for `unexplained` why no fault explains it. */
  readonly why: string;
}

export interface ExplainContext {
  readonly prev: Ledger;
  readonly zone: RamoopsZoneReport;
  /** The zone's label (dmesg0, console, pmsg): RAM faults name zones so. */
  readonly label: string;
  /** ECC parity bytes per block in this configuration (0: no ECC). */
  readonly eccSize: number;
  /** The loss is of records in flight when a worker stopped (not acknowledged). */
  readonly inFlight: boolean;
}

const inZone = (faults: readonly InjectedFault[], label: string) =>
  faults.filter((f) => (f.kind === 'flip' || f.kind === 'header') && f.zone === label);

/**
 * A store into RAM that a fault may have cut between its parts (data and
 * parity, size and start): a write budget that ran out (`torn-write`), or a
 * worker terminated while it stored — `Worker.terminate()` stops a thread
 * wherever it is (`worker-killed`): the kernel worker of the single placement
 * (it went down with every component), or a worker that stores itself.
 */
function cutMidStore(prev: Ledger): LossKind | null {
  if (prev.faults.some((f) => f.kind === 'torn')) return 'torn-write';
  const storer = (f: InjectedFault) =>
    f.kind === 'kill' && (!f.restarted || RAM_WRITERS.has(f.component as Component));
  return prev.faults.some(storer) ? 'worker-killed' : null;
}

/** The kind an injected fault makes of what was seen; null when none explains it. */
function kindOf(seen: Seen, c: ExplainContext): LossKind | null {
  const { prev, zone, label, eccSize } = c;
  const here = inZone(prev.faults, label);
  // A store cut before the header parity was re-encoded leaves that parity
  // stale: the next boot's ECC "corrects" the header back, cannot, or
  // miscorrects it (beyond its capacity) — damage the kernel itself would see.
  const cut = cutMidStore(prev);
  const staleParity = eccSize > 0 ? cut : null;
  const headerRejectedByKernel = seen.kind === 'bad-signature' || seen.kind === 'invalid-header';
  if (prev.ramLost && (seen.kind === 'zeroed' || headerRejectedByKernel)) return 'power-lost';
  // A write the disk dropped leaves the zone as it was before it: an old or
  // blank header, a ring short of its newest bytes, a dump never stored.
  const lostWrite = prev.faults.some((f) => f.kind === 'lost-write');
  if (lostWrite && !['wrapped', 'dropped', 'ecc-bad-blocks'].includes(seen.kind)) {
    return (
      kindOf(seen, {
        ...c,
        prev: { ...prev, faults: prev.faults.filter((f) => f.kind !== 'lost-write') }
      }) ?? 'lost-write'
    );
  }
  switch (seen.kind) {
    case 'zeroed':
      return null;
    case 'bad-signature':
    case 'invalid-header': {
      const eccCouldNot = eccSize === 0 || zone.probe.headerEcc < 0;
      const by = here.some(
        (f) =>
          (f.kind === 'header' &&
            f.field !== 'size0' &&
            (f.parity === 'consistent' || eccCouldNot)) ||
          (f.kind === 'flip' && f.header)
      );
      if (by) return 'header-reset';
      return staleParity;
    }
    case 'empty-header':
      return here.some((f) => f.kind === 'header' && f.field === 'size0') ? 'header-empty' : null;
    case 'ecc-bad-blocks':
      if (here.some((f) => f.kind === 'flip')) return 'ecc-uncorrectable';
      // The kernel counts a header its ECC could not correct as a bad block.
      if (zone.probe.headerEcc < 0 && here.some((f) => f.kind === 'header')) {
        return 'ecc-uncorrectable';
      }
      // A store cut between its data and its parity leaves the block's parity stale.
      return cut;
    case 'differs':
    case 'cut-short':
      // A flipped byte in the last line or write looks like a record cut short.
      if (here.some((f) => f.kind === 'flip')) return eccSize ? 'ecc-uncorrectable' : 'bit-flips';
      return cutByWorker(c) ?? staleParity;
    case 'stale-prefix':
      // Only a store cut between the size and start updates leaves this.
      return cut;
    case 'recovery-failed': {
      // The damage is in the zone that failed the recovery, not the loss's own.
      const there = inZone(prev.faults, seen.failedZone ?? label);
      if (there.some((f) => f.kind === 'header' || (f.kind === 'flip' && f.header))) {
        return 'recovery-failed';
      }
      return null;
    }
    case 'wrapped':
      return 'ring-wrapped';
    case 'dropped':
      return 'console-dropped';
  }
}

/** A worker that stopped while these records were in flight explains their loss. */
function cutByWorker(c: ExplainContext): LossKind | null {
  if (!c.inFlight) return null;
  if (c.prev.faults.some((f) => f.kind === 'torn')) return 'torn-write';
  if (c.prev.faults.some((f) => f.kind === 'kill')) return 'worker-killed';
  return null;
}

/** What was seen, as a loss kind an injected fault explains, or `unexplained`. */
export function explain(seen: Seen, c: ExplainContext): Explained {
  const kind = kindOf(seen, c);
  if (kind === 'power-lost') {
    return {
      kind,
      why: `the RAM went with the power at the end of boot ${c.prev.boot} (${seen.why})`
    };
  }
  if (kind) return { kind, why: seen.why };
  const faults = c.prev.faults.length
    ? `none of the faults injected (${c.prev.faults.map((f) => f.words).join('; ')}) explains it`
    : 'no fault was injected';
  return { kind: 'unexplained', why: `${seen.why}, but ${faults}` };
}
