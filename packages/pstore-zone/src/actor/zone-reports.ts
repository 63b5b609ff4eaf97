/**
 * What the disk holds at registration, zone by zone, in the report shape the
 * board reads for ramoops too: pstore/zone's own verdict (state, detail)
 * with the nearest ram-core header verdict beside it, so that one account of
 * records recovered and lost serves both backends.
 * Kernel counterpart: fs/pstore/zone.c psz_recover_zones() and
 * psz_kmsg_recover_meta(), which log these verdicts.
 */
import { KMSG_HEADER_MAGIC, KMSG_HEADER_SIZE } from '../kmsg-header.ts';
import { pszSig } from '../psz-buffer.ts';
import type { ZoneFinding, ZoneRecovery } from '../zone-recovery.ts';
import type { PszZone } from '../zone-layout.ts';
import type { BlkZoneReport } from './protocol.ts';

/** "pstore_blk:dmesg(0/3)", "pstore_blk:console": as ramoops labels its zones. */
function zoneLabel(zone: PszZone, count: number): string {
  return count === 1
    ? `pstore_blk:${zone.type}`
    : `pstore_blk:${zone.type}(${zone.index}/${count - 1})`;
}

function probeOf(f: ZoneFinding): BlkZoneReport['probe']['found'] {
  const { header: h, zone: z } = f;
  switch (f.state) {
    case 'record':
      return { state: 'valid', start: h.start, size: h.datalen };
    case 'empty':
    case 'erased':
      return { state: 'empty' };
    case 'blank':
      // Never written: what ram-core calls a header with no signature at all.
      return { state: 'no-signature', found: 0, expected: pszSig(z.type) };
    case 'bad-signature':
      return { state: 'no-signature', found: h.sig, expected: pszSig(z.type) };
    case 'invalid-magic':
      // The dump's own signature is its sub-header's magic.
      return { state: 'no-signature', found: f.kmsg?.magic ?? 0, expected: KMSG_HEADER_MAGIC };
    case 'overtop':
    case 'truncated':
    case 'start-beyond-datalen':
      return { state: 'invalid', start: h.start, size: h.datalen, capacity: z.capacity };
  }
}

/** Every zone's report, in device order. */
export function blkZoneReports(recovery: ZoneRecovery): BlkZoneReport[] {
  const count = (t: PszZone['type']) => recovery.findings.filter((f) => f.zone.type === t).length;
  return recovery.findings.map((f) => {
    const z = f.zone;
    const dataCapacity = z.type === 'dmesg' ? z.capacity - KMSG_HEADER_SIZE : z.capacity;
    return {
      type: z.type,
      index: z.index,
      offset: z.offset,
      size: z.size,
      dataCapacity,
      label: zoneLabel(z, count(z.type)),
      state: f.state,
      detail: f.detail,
      probe: { found: probeOf(f), headerEcc: 0, zapped: false },
      correctedBytes: 0,
      badBlocks: 0,
      oldSize: f.state === 'record' ? f.header.datalen : 0
    };
  });
}
