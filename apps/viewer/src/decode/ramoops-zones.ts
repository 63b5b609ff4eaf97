/**
 * The zones of a decoded ramoops region as the map shows them: what each
 * zone's header said at probe and what became of it, in plain words (the
 * same states and reasons as `pstore decode`'s table, apps/cli
 * commands/zone-report.ts), the signature as stored, and the ECC health of
 * every data block the read-side Reed–Solomon decode looked at.
 * Kernel counterpart: fs/pstore/ram_core.c persistent_ram_post_init(),
 * persistent_ram_ecc_old(); ram.c ramoops_pstore_read() (the dump header check).
 */
import { explainSignature } from '@pstore/probe';
import { formatKernelVersion } from '@pstore/ram-core';
import type { RamoopsContext, RamoopsZone } from '@pstore/ramoops';
import type { ZoneEcc, ZoneView } from './types.ts';

const hex = (n: number) => `0x${n.toString(16)}`;

/** The map's name for a zone: dump zones are numbered, single zones are not. */
function zoneName(type: string, index: number, count: number): string {
  return count > 1 || type === 'dmesg' ? `${type} ${index}` : type;
}

/**
 * @param pristine the region's bytes before the decode (which corrects ECC
 *   errors and rewrites bad signatures in its own copy, as the kernel does in RAM)
 * @param offset where the region starts in the image
 * @param files the file each zone's data became, by "type index"
 */
export function ramoopsZones(
  cxt: RamoopsContext,
  pristine: Uint8Array,
  offset: number,
  dmesgIds: ReadonlySet<number>,
  files: ReadonlyMap<string, string>
): ZoneView[] {
  const counts = new Map<string, number>();
  for (const z of cxt.zones) counts.set(z.spec.type, (counts.get(z.spec.type) ?? 0) + 1);
  const view = new DataView(pristine.buffer, pristine.byteOffset, pristine.byteLength);
  return cxt.zones.map((z) => {
    const { spec, zone } = z;
    const { state, reason, start, used } = judge(z, dmesgIds, cxt);
    const file =
      files.get(`${spec.type} ${spec.index}`) ??
      (spec.type === 'ftrace' && state === 'ftrace-merged'
        ? (files.get('ftrace 0') ?? null)
        : null);
    return {
      name: zoneName(spec.type, spec.index, counts.get(spec.type)!),
      type: spec.type,
      index: spec.index,
      offset: offset + spec.offset,
      size: spec.size,
      capacity: spec.dataCapacity,
      start,
      used,
      state,
      rejected:
        state === 'bad-signature' || state === 'invalid-header' || state === 'bad-dump-header',
      reason,
      signature: {
        stored: view.getUint32(spec.offset, true),
        read: zone.probe.found.state === 'no-signature' ? zone.probe.found.found : zone.signature,
        expected: zone.signature
      },
      ecc: zoneEcc(z, used),
      file: state === 'record' || state === 'ftrace-merged' ? file : null
    };
  });
}

function judge(
  z: RamoopsZone,
  dmesgIds: ReadonlySet<number>,
  cxt: RamoopsContext
): { state: string; reason: string; start: number | null; used: number | null } {
  const { spec, zone } = z;
  const found = zone.probe.found;
  let r: { state: string; reason: string; start: number | null; used: number | null };
  switch (found.state) {
    case 'empty':
      r = {
        state: 'empty',
        reason: 'empty: signature ok, start 0, size 0 (nothing was written)',
        start: 0,
        used: 0
      };
      break;
    case 'no-signature':
      r = {
        state: 'bad-signature',
        reason: explainSignature(
          found.found,
          found.expected,
          spec.type,
          formatKernelVersion(cxt.era.version)
        ).words,
        start: null,
        used: null
      };
      break;
    case 'invalid':
      r = {
        state: 'invalid-header',
        reason:
          found.size > found.capacity
            ? `invalid header: size ${found.size} (${hex(found.size)}) exceeds the capacity ${found.capacity}; zone reset`
            : `invalid header: start ${found.start} > size ${found.size}; zone reset`,
        start: null,
        used: null
      };
      break;
    case 'valid':
      r = { state: 'record', reason: '', start: found.start, used: found.size };
      if (spec.type === 'dmesg' && !dmesgIds.has(spec.index)) {
        const head = Array.from(zone.mem.subarray(12, 12 + Math.min(24, found.size)))
          .map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.'))
          .join('');
        r.state = 'bad-dump-header';
        r.reason = `${found.size} bytes without a valid "====<sec>.<usec>-<C|D>" dump header ("${head}"); the kernel discards it and zaps the zone`;
      } else if (spec.type === 'ftrace' && cxt.perCpuFtrace) {
        r.state = 'ftrace-merged';
        r.reason = `${found.size} bytes of ftrace records (merged into ftrace-${cxt.name}-0)`;
      } else {
        r.reason =
          `${found.size} bytes` + (found.start !== found.size ? `, wrapped at ${found.start}` : '');
      }
      break;
  }
  if (zone.eccEnabled && (zone.correctedBytes || zone.badBlocks)) {
    r.reason += `; ECC corrected ${zone.correctedBytes} byte(s), ${zone.badBlocks} unrecoverable block(s)`;
  }
  if (zone.probe.headerEcc < 0) r.reason += '; ECC: the header itself is uncorrectable';
  return r;
}

/** Per-block health: the blocks the decode found not clean; all others it checked were. */
function zoneEcc(z: RamoopsZone, used: number | null): ZoneEcc | null {
  const { zone } = z;
  if (!zone.eccEnabled) return null;
  const g = zone.geometry;
  return {
    blockSize: g.blockSize,
    eccSize: g.eccSize,
    // persistent_ram_ecc_old() decodes the blocks that start below size.
    checked: used ? Math.min(Math.ceil(used / g.blockSize), g.eccBlocks) : 0,
    total: g.eccBlocks,
    blocks: zone.eccBlocks.map((b) => ({
      index: b.block,
      state: b.numerr < 0 ? 'unrecoverable' : 'corrected',
      symbols: Math.max(0, b.numerr)
    })),
    header: zone.probe.headerEcc
  };
}
