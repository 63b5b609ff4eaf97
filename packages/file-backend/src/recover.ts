/**
 * Reading the directory back at "boot": finishing or discarding writes a crash interrupted,
 * setting damaged files aside, loading the dump zones (and from their headers the dump
 * counters and the next zone to write), and saving the previous boot's ring zones.
 * Kernel counterpart: fs/pstore/zone.c psz_recovery(), psz_kmsg_recover_meta(),
 * psz_kmsg_recover_data(), psz_recover_zone(), psz_recover_zones().
 */
import * as fs from 'node:fs';
import { KMSG_DUMP_OOPS, KMSG_DUMP_PANIC } from '@pstore/kmsg';
import { PSTORE_TYPE } from '@pstore/pstore-fs/backend';
import type { FileBackendGeometry } from './geometry.ts';
import {
  quarantineZoneFile,
  readZoneFile,
  settleInterruptedWrite,
  ZONE_FILE_TMP_SUFFIX
} from './zone-file.ts';
import {
  PSTORE_KMSG_HEADER_MAGIC,
  PSZ_BUFFER_HEADER_SIZE,
  pszSig,
  readKmsgZoneHeader,
  readPszHeader
} from './zone-format.ts';
import { savedRing, type PszZone } from './zone.ts';

/** What recovery learnt that the write path needs. */
export interface RecoveryState {
  /** Zone for the next dump: the one after the newest (kmsg_write_cnt). */
  kmsgWriteCnt: number;
  /** Highest counters found in dump headers; they count crashes, not boots. */
  oopsCounter: number;
  panicCounter: number;
}

/** The zone image in a file, after settling and checking it; null when there is none. */
function loadImage(zone: PszZone, notes: string[]): Uint8Array | null {
  const settled = settleInterruptedWrite(zone.path);
  if (settled) notes.push(`${zone.label}: ${settled}`);
  const state = readZoneFile(zone.path);
  if (state.kind === 'missing') return null;
  if (state.kind === 'damaged') {
    const moved = quarantineZoneFile(zone.path);
    notes.push(`${zone.label}: ${state.reason}; moved aside to ${moved}, zone treated as empty`);
    return null;
  }
  if (state.zone.length !== zone.spec.size) {
    notes.push(
      `${zone.label}: holds a ${state.zone.length}-byte zone where the configuration has ${zone.spec.size}; read with its own size, replaced on the next write`
    );
  }
  return state.zone;
}

/**
 * psz_kmsg_recover_meta() + _data(): a dump zone with a valid signature, datalen and magic
 * takes part in choosing the next zone (the newest by time, ties to the later zone) and in
 * the counters; if it also holds data, its image becomes the zone's buffer so read() shows it.
 */
function recoverKmsg(zones: readonly PszZone[], notes: string[], st: RecoveryState): void {
  let newest = 0;
  zones.forEach((zone, i) => {
    const image = loadImage(zone, notes);
    if (!image) return;
    const h = readPszHeader(image);
    const capacity = image.length - PSZ_BUFFER_HEADER_SIZE;
    if (h.sig !== pszSig(PSTORE_TYPE.DMESG)) {
      notes.push(`${zone.label}: no valid data in kmsg dump zone ${i} (bad signature)`);
      return;
    }
    if (h.datalen > capacity || h.datalen < 0) {
      notes.push(`${zone.label}: found overtop zone: datalen ${h.datalen} > capacity ${capacity}`);
      return;
    }
    const hdr = readKmsgZoneHeader(image);
    if (!hdr || hdr.magic !== PSTORE_KMSG_HEADER_MAGIC) {
      notes.push(`${zone.label}: found invalid zone: no dump header magic`);
      return;
    }
    if (hdr.time.sec >= newest) {
      newest = hdr.time.sec;
      st.kmsgWriteCnt = (i + 1) % zones.length;
    }
    if (hdr.reason === KMSG_DUMP_OOPS) st.oopsCounter = Math.max(st.oopsCounter, hdr.counter);
    else if (hdr.reason === KMSG_DUMP_PANIC) {
      st.panicCounter = Math.max(st.panicCounter, hdr.counter);
    }
    if (h.datalen === 0) return; // an erased zone: header kept for the counters
    zone.buffer = image.slice();
  });
}

/** psz_recover_zone(): the previous boot's ring content becomes oldbuf; buffer stays fresh. */
function recoverRing(zone: PszZone, notes: string[]): void {
  const image = loadImage(zone, notes);
  if (!image) return;
  const saved = savedRing(image, zone.spec.type);
  if (saved.ok) zone.oldbuf = saved.log;
  else if (saved.reason) notes.push(`${zone.label}: ${saved.reason}`);
}

/** Zone files of another configuration: left on disk untouched, and said so. */
function noteStrays(dir: string, geometry: FileBackendGeometry, notes: string[]): void {
  const known = new Set(geometry.zones.map((z) => z.file));
  for (const name of fs.readdirSync(dir).sort()) {
    const base = name.endsWith(ZONE_FILE_TMP_SUFFIX)
      ? name.slice(0, -ZONE_FILE_TMP_SUFFIX.length)
      : name;
    if (!/^[a-z-]+-\d+\.psz$/.test(base) || known.has(base)) continue;
    notes.push(`${name}: not a zone of this configuration; left untouched and not shown`);
  }
}

/** psz_recovery(): everything recovery does, in zone.c's order (dumps, pmsg, console, ftrace). */
export function recoverZones(
  dir: string,
  geometry: FileBackendGeometry,
  zones: {
    kmsg: readonly PszZone[];
    pmsg: PszZone | null;
    console: PszZone | null;
    ftrace: readonly PszZone[];
  },
  notes: string[]
): RecoveryState {
  const st: RecoveryState = { kmsgWriteCnt: 0, oopsCounter: 0, panicCounter: 0 };
  recoverKmsg(zones.kmsg, notes, st);
  for (const zone of [zones.pmsg, zones.console, ...zones.ftrace]) {
    if (zone) recoverRing(zone, notes);
  }
  noteStrays(dir, geometry, notes);
  return st;
}
