/**
 * The ramoops read path: returns the next stored record each call, in the
 * kernel's order, with the dump header parsed and the ECC notice appended.
 * Kernel counterpart: fs/pstore/ram.c ramoops_pstore_read(),
 * ramoops_get_next_prz(), prz_ok(), ramoops_read_kmsg_hdr().
 */
import { eccNotice, type PersistentRamZone } from '@pstore/ram-core';
import {
  combinePerCpuLogs,
  PSTORE_TYPE,
  pstoreRecordInit,
  type PstoreRecord,
  type PstoreTypeId
} from '@pstore/pstore-fs/backend';
import { readKmsgHeader } from './kmsg-header.ts';
import type { RamoopsContext } from './ramoops-context.ts';

/** Per-type read cursors, reset by open() (cxt->*_read_cnt). */
export interface ReadCursors {
  dump: number;
  console: number;
  pmsg: number;
  ftrace: number;
}

const encoder = new TextEncoder();

/** A record whose buffer is payload ‖ ECC notice, as the kernel hands it to pstore. */
function recordFrom(
  type: PstoreTypeId,
  id: number,
  payload: Uint8Array,
  notice: string
): PstoreRecord {
  const n = encoder.encode(notice);
  const buf = new Uint8Array(payload.length + n.length);
  buf.set(payload, 0);
  buf.set(n, payload.length);
  const record = pstoreRecordInit(type);
  record.id = id;
  record.buf = buf;
  record.size = payload.length;
  record.eccNoticeSize = n.length;
  return record;
}

/** A single zone with a saved copy, re-saved first for dmesg (ramoops_get_next_prz). */
function nextPrz(
  prz: PersistentRamZone | null | undefined,
  dmesg: boolean
): PersistentRamZone | null {
  if (!prz) return null;
  // Dump zones are re-read from RAM each time, so dumps written during this
  // boot show up; the other zones keep the copy taken at probe.
  if (dmesg) prz.saveOld();
  return prz.old?.length ? prz : null;
}

/**
 * ramoops_pstore_read(): dmesg zones in index order (an unparsable header
 * discards the record and zaps its zone), then console, then pmsg and
 * ftrace in the era's order. Returns null when nothing is left.
 */
export function ramoopsPstoreRead(cxt: RamoopsContext): PstoreRecord | null {
  const { era, cursors } = cxt;
  const prefixed = era.eccNoticePrefix;

  while (cursors.dump < cxt.dprzs.length) {
    const id = cursors.dump++;
    const prz = nextPrz(cxt.dprzs[id], true);
    if (!prz) continue;
    const old = prz.old!;
    const header = readKmsgHeader(old, {
      usecToNsec: era.dmesgHeaderUsecToNsec,
      time64Sec: era.dmesgHeaderFormat === 'padded'
    });
    if (!header) {
      // Clear and skip a dump zone without a valid header.
      prz.freeOld();
      prz.zap();
      continue;
    }
    const record = recordFrom(
      PSTORE_TYPE.DMESG,
      id,
      old.subarray(header.headerLength),
      prz.eccNotice(prefixed)
    );
    record.compressed = header.compressed;
    record.time = header.time.sec === 0 && header.time.nsec === 0 ? null : header.time;
    return record;
  }

  for (const kind of era.readOrder) {
    switch (kind) {
      case 'console':
        if (cursors.console++ === 0) {
          const prz = nextPrz(cxt.cprz, false);
          if (prz) return recordFrom(PSTORE_TYPE.CONSOLE, 0, prz.old!, prz.eccNotice(prefixed));
        }
        break;
      case 'pmsg':
        if (cursors.pmsg++ === 0) {
          const prz = nextPrz(cxt.mprz, false);
          if (prz) return recordFrom(PSTORE_TYPE.PMSG, 0, prz.old!, prz.eccNotice(prefixed));
        }
        break;
      case 'ftrace': {
        const record = readFtrace(cxt);
        if (record) return record;
        break;
      }
    }
  }
  return null;
}

/**
 * ftrace: one zone is returned as it is; per-CPU zones are merged into one
 * record with id 0 whose ECC counters are the sums over the zones.
 */
function readFtrace(cxt: RamoopsContext): PstoreRecord | null {
  const { cursors, fprzs } = cxt;
  const prefixed = cxt.era.eccNoticePrefix;
  if (!cxt.perCpuFtrace) {
    if (cursors.ftrace++ !== 0) return null;
    const prz = nextPrz(fprzs[0], false);
    return prz ? recordFrom(PSTORE_TYPE.FTRACE, 0, prz.old!, prz.eccNotice(prefixed)) : null;
  }
  const parts: PersistentRamZone[] = [];
  while (cursors.ftrace < fprzs.length) {
    const prz = nextPrz(fprzs[cursors.ftrace++], false);
    if (prz) parts.push(prz);
  }
  if (!parts.length) return null;
  const counters = {
    correctedBytes: parts.reduce((n, p) => n + p.correctedBytes, 0),
    badBlocks: parts.reduce((n, p) => n + p.badBlocks, 0)
  };
  const log = combinePerCpuLogs(
    parts.map((p) => p.old!),
    cxt.ftraceRecord
  );
  // The kernel's combined record borrows the ECC settings of the last zone with data.
  const notice = eccNotice(parts[parts.length - 1]!.eccEnabled, counters, prefixed);
  return recordFrom(PSTORE_TYPE.FTRACE, 0, log, notice);
}
