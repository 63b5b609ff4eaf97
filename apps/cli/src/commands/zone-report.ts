/**
 * What each zone held at probe and what became of it, in plain words: the
 * reason for every zone that yields nothing (users' first question when
 * /sys/fs/pstore is empty).
 */
import { explainSignature } from '@pstore/probe';
import { formatKernelVersion } from '@pstore/ram-core';
import type { RamoopsContext, RamoopsZone } from '@pstore/ramoops';
import { hex } from '../format.ts';
import { zoneName } from './layout.ts';

type ZoneState =
  'record' | 'empty' | 'bad-signature' | 'invalid-header' | 'bad-dump-header' | 'ftrace-merged';

export interface ZoneReport {
  readonly name: string;
  readonly type: string;
  readonly index: number;
  readonly offset: number;
  readonly size: number;
  readonly dataCapacity: number;
  readonly start: number | null;
  readonly used: number | null;
  readonly state: ZoneState;
  readonly reason: string;
  readonly ecc: {
    readonly corrected: number;
    readonly bad: number;
    readonly header: number;
  } | null;
}

/**
 * Builds the report after the records were read. `dmesgIds` are the dump
 * zones that produced a record; a dump zone that was valid at probe but
 * gave none had a header the kernel could not parse (it zaps such zones).
 */
export function zoneReports(cxt: RamoopsContext, dmesgIds: ReadonlySet<number>): ZoneReport[] {
  const counts = new Map<string, number>();
  for (const z of cxt.zones) counts.set(z.spec.type, (counts.get(z.spec.type) ?? 0) + 1);
  return cxt.zones.map((z) => report(z, counts.get(z.spec.type)!, dmesgIds, cxt));
}

function report(
  z: RamoopsZone,
  count: number,
  dmesgIds: ReadonlySet<number>,
  cxt: RamoopsContext
): ZoneReport {
  const { spec, zone } = z;
  const found = zone.probe.found;
  const ecc = zone.eccEnabled
    ? { corrected: zone.correctedBytes, bad: zone.badBlocks, header: zone.probe.headerEcc }
    : null;
  let state: ZoneState;
  let reason: string;
  let start: number | null = null;
  let used: number | null = null;
  switch (found.state) {
    case 'empty':
      state = 'empty';
      reason = 'empty: signature ok, start 0, size 0 (nothing was written)';
      break;
    case 'no-signature':
      state = 'bad-signature';
      reason = explainSignature(
        found.found,
        found.expected,
        spec.type,
        formatKernelVersion(cxt.era.version)
      ).words;
      break;
    case 'invalid':
      state = 'invalid-header';
      start = found.start;
      used = found.size;
      reason =
        found.size > found.capacity
          ? `invalid header: size ${found.size} (${hex(found.size)}) exceeds the capacity ${found.capacity}; zone reset`
          : `invalid header: start ${found.start} > size ${found.size}; zone reset`;
      break;
    case 'valid':
      start = found.start;
      used = found.size;
      if (spec.type === 'dmesg' && !dmesgIds.has(spec.index)) {
        state = 'bad-dump-header';
        const head = Array.from(zone.mem.subarray(12, 12 + Math.min(24, found.size)))
          .map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.'))
          .join('');
        reason = `${found.size} bytes without a valid "====<sec>.<usec>-<C|D>" dump header ("${head}"); the kernel discards it and zaps the zone`;
      } else if (spec.type === 'ftrace' && cxt.perCpuFtrace) {
        state = 'ftrace-merged';
        reason = `${found.size} bytes of ftrace records (merged into ftrace-${cxt.name}-0)`;
      } else {
        state = 'record';
        reason =
          `${found.size} bytes` + (found.start !== found.size ? `, wrapped at ${found.start}` : '');
      }
      break;
  }
  if (ecc && (ecc.corrected || ecc.bad)) {
    reason += `; ECC corrected ${ecc.corrected} byte(s), ${ecc.bad} unrecoverable block(s)`;
  }
  if (zone.probe.headerEcc < 0) reason += '; ECC: the header itself is uncorrectable';
  return {
    name: zoneName(spec, count),
    type: spec.type,
    index: spec.index,
    offset: spec.offset,
    size: spec.size,
    dataCapacity: spec.dataCapacity,
    start,
    used,
    state,
    reason,
    ecc
  };
}
