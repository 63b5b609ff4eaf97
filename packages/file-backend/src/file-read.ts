/**
 * The file backend's read path: each call returns the next record in pstore/zone's order —
 * dump zones by index, then the merged ftrace zones, then pmsg, then console.
 * Kernel counterpart: fs/pstore/zone.c psz_pstore_read(), psz_read_next_zone(),
 * psz_kmsg_read(), psz_kmsg_read_hdr(), psz_ftrace_read(), psz_record_read().
 */
import { kmsgDumpReasonStr } from '@pstore/kmsg';
import {
  combinePerCpuLogs,
  PSTORE_TYPE,
  pstoreRecordInit,
  type FtraceLayout,
  type PstoreRecord
} from '@pstore/pstore-fs/backend';
import {
  PSTORE_KMSG_HEADER_MAGIC,
  PSZ_KMSG_HEADER_SIZE,
  readKmsgZoneHeader
} from './zone-format.ts';
import type { PszZone } from './zone.ts';

/** Per-type read cursors, reset by open() (kmsg_read_cnt, ftrace_read_cnt, …). */
export interface FileReadCursors {
  kmsg: number;
  ftrace: number;
  pmsg: number;
  console: number;
}

/** The zones read() walks. */
export interface FileReadZones {
  readonly kmsg: readonly PszZone[];
  readonly ftrace: readonly PszZone[];
  readonly pmsg: PszZone | null;
  readonly console: PszZone | null;
  readonly ftraceLayout: FtraceLayout;
}

/** pstore/zone exists from 5.9 on, so reasons are named the 5.8+ way. */
const ZONE_ERA = { major: 5, minor: 9, sublevel: 0 };
const encoder = new TextEncoder();

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/**
 * psz_kmsg_read(): the dump text after the zone's psz_kmsg_header. An uncompressed dump is
 * preceded by "<Reason>: Total <counter> times\n", which is part of the record (and file).
 * A zone whose header lost its magic is cleared and skipped (null).
 */
function readKmsg(zone: PszZone, id: number): PstoreRecord | null {
  const hdr = readKmsgZoneHeader(zone.buffer);
  if (!hdr || hdr.magic !== PSTORE_KMSG_HEADER_MAGIC) {
    zone.datalen = 0;
    zone.dirty = false;
    return null;
  }
  const size = Math.min(zone.datalen, zone.bufferSize) - PSZ_KMSG_HEADER_SIZE;
  const body = zone.data.slice(PSZ_KMSG_HEADER_SIZE, PSZ_KMSG_HEADER_SIZE + Math.max(0, size));
  const record = pstoreRecordInit(PSTORE_TYPE.DMESG);
  record.id = id;
  record.compressed = hdr.compressed;
  record.time = hdr.time.sec === 0 && hdr.time.nsec === 0 ? null : hdr.time;
  record.reason = hdr.reason;
  record.count = hdr.counter;
  record.buf = hdr.compressed
    ? body
    : concat(
        encoder.encode(`${kmsgDumpReasonStr(hdr.reason, ZONE_ERA)}: Total ${hdr.counter} times\n`),
        body
      );
  record.size = record.buf.length;
  return record;
}

/** A ring zone's saved content as a record with id 0 (psz_record_read). */
function ringRecord(zone: PszZone | null, type: PstoreRecord['type']): PstoreRecord | null {
  if (!zone?.oldbuf?.length) return null;
  const record = pstoreRecordInit(type);
  record.buf = zone.oldbuf.slice();
  record.size = record.buf.length;
  return record;
}

/**
 * Next record, or null at the end. Dump zones are read from the current image, so a dump
 * written during this boot shows up at the next read; the other zones show the previous
 * boot's content.
 */
export function fileBackendRead(z: FileReadZones, c: FileReadCursors): PstoreRecord | null {
  while (c.kmsg < z.kmsg.length) {
    const id = c.kmsg++;
    const zone = z.kmsg[id]!;
    if (zone.datalen <= 0) continue; // psz_ok()
    const record = readKmsg(zone, id);
    if (record) return record;
  }
  if (c.ftrace < z.ftrace.length) {
    // psz_ftrace_read(): every CPU zone is merged into one record with id 0.
    const logs = z.ftrace
      .slice(c.ftrace)
      .flatMap((zone) => (zone.oldbuf?.length ? [zone.oldbuf] : []));
    c.ftrace = z.ftrace.length;
    if (logs.length) {
      const record = pstoreRecordInit(PSTORE_TYPE.FTRACE);
      record.buf = combinePerCpuLogs(logs, z.ftraceLayout);
      record.size = record.buf.length;
      if (record.size) return record;
    }
  }
  if (c.pmsg++ === 0) {
    const record = ringRecord(z.pmsg, PSTORE_TYPE.PMSG);
    if (record) return record;
  }
  if (c.console++ === 0) {
    const record = ringRecord(z.console, PSTORE_TYPE.CONSOLE);
    if (record) return record;
  }
  return null;
}
