/**
 * What pstore/zone finds on the device when it first reads it: for every
 * zone a state (a record, empty, erased, or why it is ignored), the dump
 * zones' newest-time cursor and the per-reason counters, and the old
 * contents of the ring zones. Damage is data here, as the kernel treats
 * it: a zone with a bad signature, an oversized datalen or a bad magic is
 * ignored; one ring zone whose start lies beyond its datalen fails the
 * whole recovery, and then the kernel shows no file at all (FORMAT.md §3).
 * Kernel counterpart: fs/pstore/zone.c psz_recovery(), psz_kmsg_recover_meta(),
 * psz_kmsg_recover_data(), psz_recover_zone(), psz_recover_zones().
 */
import {
  KMSG_HEADER_MAGIC,
  KMSG_HEADER_SIZE,
  readKmsgHeader,
  type PszKmsgHeader
} from './kmsg-header.ts';
import { PSZ_HEADER_SIZE, pszSig, readPszBuffer, type PszBuffer } from './psz-buffer.ts';
import type { ZoneDevice } from './zone-device.ts';
import type { PszLayout, PszZone } from './zone-layout.ts';

/** KMSG_DUMP_PANIC and KMSG_DUMP_OOPS (5.8+ numbering). */
export const KMSG_DUMP_PANIC = 1;
export const KMSG_DUMP_OOPS = 2;

export type ZoneState =
  /** A dump, or a ring's old contents: a file. */
  | 'record'
  /** Signature right, nothing stored (datalen 0). */
  | 'empty'
  /** A dump zone whose datalen was set to 0 by an unlink: its header still counts. */
  | 'erased'
  /** A header of zero (or 0xff) bytes only: nothing was ever written there. */
  | 'blank'
  /** Not this zone type's signature (another layout, another device, damage). */
  | 'bad-signature'
  /** datalen or start beyond the zone's capacity ("overtop"). */
  | 'overtop'
  /** A dump zone's sub-header magic is wrong. */
  | 'invalid-magic'
  /** A dump zone whose datalen is below the sub-header's size: its read fails (−ENOMEM). */
  | 'truncated'
  /** A ring zone whose start lies beyond its datalen: the whole recovery fails. */
  | 'start-beyond-datalen';

export interface ZoneFinding {
  readonly zone: PszZone;
  readonly state: ZoneState;
  readonly header: PszBuffer;
  /** Dump zones with a good magic: the sub-header. */
  readonly kmsg: PszKmsgHeader | null;
  /** One sentence with the numbers. */
  readonly detail: string;
}

export interface ZoneRecovery {
  readonly findings: readonly ZoneFinding[];
  /** Why the kernel would show nothing at all, or null. */
  readonly failure: string | null;
  /** The dump zone the next dump goes to: after the newest. */
  readonly kmsgWriteCnt: number;
  readonly oopsCounter: number;
  readonly panicCounter: number;
  /** Each dump zone's bytes as read (datalen ≠ 0 and valid), by zone index. */
  readonly dumps: ReadonlyMap<number, Uint8Array>;
  /** Each ring zone's old contents, oldest byte first, keyed "pmsg", "console", "ftrace:<cpu>". */
  readonly old: ReadonlyMap<string, Uint8Array>;
}

const hex = (n: number): string => `0x${(n >>> 0).toString(16)}`;

function finding(
  zone: PszZone,
  state: ZoneState,
  header: PszBuffer,
  kmsg: PszKmsgHeader | null,
  detail: string
): ZoneFinding {
  return { zone, state, header, kmsg, detail };
}

/** psz_kmsg_recover_meta() for one dump zone. */
function dumpFinding(dev: ZoneDevice, z: PszZone): ZoneFinding {
  const raw = dev.read(z.offset, PSZ_HEADER_SIZE + KMSG_HEADER_SIZE);
  const h = readPszBuffer(raw, 0);
  if (h.sig !== pszSig('dmesg')) return blankOrBad(z, h, raw);
  // The kernel compares unsigned: a negative datalen is "overtop" too.
  if (h.datalen >>> 0 > z.capacity) {
    return finding(z, 'overtop', h, null, `datalen ${h.datalen} beyond the capacity ${z.capacity}`);
  }
  const k = readKmsgHeader(raw, PSZ_HEADER_SIZE);
  if (k.magic !== KMSG_HEADER_MAGIC) {
    return finding(
      z,
      'invalid-magic',
      h,
      null,
      `dump header magic ${hex(k.magic)}, expected ${hex(KMSG_HEADER_MAGIC)}`
    );
  }
  if (h.datalen === 0) return finding(z, 'erased', h, k, 'datalen 0: erased, or never dumped to');
  if (h.datalen < KMSG_HEADER_SIZE) {
    return finding(
      z,
      'truncated',
      h,
      k,
      `datalen ${h.datalen} is shorter than the ${KMSG_HEADER_SIZE}-byte dump header: reading it fails (−ENOMEM) and ends the scan`
    );
  }
  return finding(z, 'record', h, k, `a dump of ${h.datalen - KMSG_HEADER_SIZE} bytes`);
}

/** psz_recover_zone() for one ring zone: its old contents, oldest byte first. */
function ringFinding(dev: ZoneDevice, z: PszZone): { f: ZoneFinding; old: Uint8Array | null } {
  const raw = dev.read(z.offset, PSZ_HEADER_SIZE);
  const h = readPszBuffer(raw, 0);
  if (h.sig !== pszSig(z.type)) return { f: blankOrBad(z, h, raw), old: null };
  if (h.datalen >>> 0 > z.capacity || h.start >>> 0 > z.capacity) {
    const f = finding(
      z,
      'overtop',
      h,
      null,
      `datalen ${h.datalen}, start ${h.start}: beyond the capacity ${z.capacity}`
    );
    return { f, old: null };
  }
  if (h.datalen === 0) {
    return { f: finding(z, 'empty', h, null, 'datalen 0: nothing stored'), old: null };
  }
  if (h.start > h.datalen) {
    const f = finding(
      z,
      'start-beyond-datalen',
      h,
      null,
      `start ${h.start} beyond datalen ${h.datalen}: the kernel's read of it fails, and with it the whole recovery`
    );
    return { f, old: null };
  }
  const data = dev.read(z.offset + PSZ_HEADER_SIZE, h.datalen);
  const old = new Uint8Array(h.datalen);
  old.set(data.subarray(h.start, h.datalen), 0);
  old.set(data.subarray(0, h.start), h.datalen - h.start);
  const wrapped = h.datalen === z.capacity && h.start !== 0;
  return {
    f: finding(
      z,
      'record',
      h,
      null,
      `${h.datalen} bytes${wrapped ? `, wrapped at ${h.start}` : ''}`
    ),
    old
  };
}

/** A signature mismatch on a header that was never written (a fresh or erased device). */
function blankOrBad(z: PszZone, h: PszBuffer, raw: Uint8Array): ZoneFinding {
  const head = raw.subarray(0, PSZ_HEADER_SIZE);
  if (head.every((b) => b === 0) || head.every((b) => b === 0xff)) {
    return finding(z, 'blank', h, null, `never written: the header is all ${hex(head[0]!)}`);
  }
  return finding(
    z,
    'bad-signature',
    h,
    null,
    `signature ${hex(h.sig)}, expected ${hex(pszSig(z.type))}`
  );
}

const ringKey = (z: PszZone): string => (z.type === 'ftrace' ? `ftrace:${z.index}` : z.type);

/** psz_recovery(): reads every zone's header (and the records) from `dev`. */
export function pszRecovery(dev: ZoneDevice, layout: PszLayout): ZoneRecovery {
  const findings: ZoneFinding[] = [];
  const dumps = new Map<number, Uint8Array>();
  const old = new Map<string, Uint8Array>();
  let failure: string | null = null;
  if (dev.size < layout.info.totalSize) {
    failure = `the device holds ${dev.size} bytes, the layout ${layout.info.totalSize}: reading past its end fails`;
  }
  const dumpZones = layout.zones.filter((z) => z.type === 'dmesg');
  let best = 0;
  let kmsgWriteCnt = 0;
  let oopsCounter = 0;
  let panicCounter = 0;
  for (const z of dumpZones) {
    const f = dumpFinding(dev, z);
    findings.push(f);
    if (!f.kmsg) continue;
    // The newest dump (ties: the later zone) sets where the next one goes.
    if (f.kmsg.time.sec >= best) {
      best = f.kmsg.time.sec;
      kmsgWriteCnt = (z.index + 1) % dumpZones.length;
    }
    if (f.kmsg.reason === KMSG_DUMP_OOPS) oopsCounter = Math.max(oopsCounter, f.kmsg.counter);
    else if (f.kmsg.reason === KMSG_DUMP_PANIC) {
      panicCounter = Math.max(panicCounter, f.kmsg.counter);
    }
    if (f.state === 'record' || f.state === 'truncated') {
      dumps.set(z.index, dev.read(z.offset, z.size));
    }
  }
  // pmsg, console, then the ftrace zones (device order is pmsg, console, ftrace too).
  for (const z of layout.zones) {
    if (z.type === 'dmesg') continue;
    const { f, old: bytes } = ringFinding(dev, z);
    findings.push(f);
    if (f.state === 'start-beyond-datalen' && failure === null) {
      failure = `${z.type} zone ${z.index}: ${f.detail}`;
    }
    if (bytes) old.set(ringKey(z), bytes);
  }
  findings.sort((a, b) => a.zone.offset - b.zone.offset);
  return { findings, failure, kmsgWriteCnt, oopsCounter, panicCounter, dumps, old };
}
