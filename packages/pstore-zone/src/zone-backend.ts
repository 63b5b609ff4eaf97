/**
 * pstore/zone as a pstore backend: the struct pstore_info pstore_blk
 * registers, over a ZoneDevice. Reads recover the device once (the kernel
 * does it at the first read, i.e. the first mount) and then return the dumps
 * in zone order, one ftrace record merged from the per-CPU zones, pmsg and
 * console. Writes go to each zone's in-memory buffer and to the device: a
 * dump rewrites its whole zone (round robin after the newest dump), a ring
 * write its bytes and the header. Nothing reaches the device before the
 * recovery (it would overwrite what the last boot left); a refused device
 * write leaves the zone dirty for flushDirty(), as zone.c's cleaner does.
 * Kernel counterpart: fs/pstore/zone.c register_pstore_zone() (the
 * pstore_info), psz_pstore_open/read/write/erase(), psz_kmsg_read(),
 * psz_ftrace_read(), psz_record_read(), psz_kmsg_write(),
 * psz_record_write(), psz_zone_write(), psz_flush_dirty_zones().
 */
import {
  combinePerCpuLogs,
  ERRNO_NUMBERS,
  PSTORE_FLAGS,
  PSTORE_TYPE,
  pstoreRecordInit,
  type FtraceLayout,
  type PstoreInfo,
  type PstoreRecord,
  type Timespec
} from '@pstore/pstore-fs/backend';
import {
  KMSG_HEADER_MAGIC,
  KMSG_HEADER_SIZE,
  readKmsgHeader,
  writeKmsgHeader
} from './kmsg-header.ts';
import { PSZ_HEADER_SIZE, pszSig, readPszBuffer, writePszBuffer } from './psz-buffer.ts';
import type { ZoneDevice } from './zone-device.ts';
import type { PszLayout, PszZone } from './zone-layout.ts';
import {
  KMSG_DUMP_OOPS,
  KMSG_DUMP_PANIC,
  pszRecovery,
  type ZoneRecovery
} from './zone-recovery.ts';

const { EINVAL, ENOSPC, EBUSY } = ERRNO_NUMBERS;

/** The name pstore_blk registers: every file is `<type>-pstore_blk-<id>`. */
export const PSTORE_BLK_NAME = 'pstore_blk';

/** kmsg_dump_reason_str() of 5.8+, the only numbering pstore/zone has known. */
const REASON_STR = ['Unknown', 'Panic', 'Oops', 'Emergency', 'Shutdown'];

/** The line psz_kmsg_read() puts before an uncompressed dump: "Oops: Total 2 times\n". */
export function kmsgTotalLine(reason: number, counter: number): string {
  const why = reason > 0 && reason < REASON_STR.length ? REASON_STR[reason]! : 'Unknown';
  return `${why}: Total ${counter | 0} times\n`;
}

/** One zone's in-memory copy (struct pstore_zone: buffer, oldbuf, dirty). */
interface ZoneBuffer {
  readonly zone: PszZone;
  /** Header + data, as it would be on the device. */
  readonly bytes: Uint8Array;
  /** The previous boot's contents (rings), oldest byte first. */
  old: Uint8Array | null;
  dirty: boolean;
}

export interface ZoneBackendOptions {
  /** How ftrace records are laid out (the writing kernel's arch and era). */
  readonly ftrace?: FtraceLayout;
  /** Wall clock for dumps written through write() (the record's own time wins). */
  readonly now?: () => Timespec;
}

export class PstoreZoneBackend implements PstoreInfo {
  readonly name = PSTORE_BLK_NAME;
  readonly flags: number;
  readonly bufsize: number;
  readonly maxReason: number;
  /** What the first read found (null before it). */
  recovery: ZoneRecovery | null = null;
  private readonly zones: ZoneBuffer[];
  private kmsgWriteCnt = 0;
  private oopsCounter = 0;
  private panicCounter = 0;
  private readCursor = 0;
  /** psz_kmsg_write(): from a panic on, only dumps are written. */
  private onPanic = false;

  constructor(
    readonly device: ZoneDevice,
    readonly layout: PszLayout,
    private readonly options: ZoneBackendOptions = {}
  ) {
    const has = (t: PszZone['type']): boolean => layout.zones.some((z) => z.type === t);
    this.flags =
      (has('dmesg') ? PSTORE_FLAGS.DMESG : 0) |
      (has('console') ? PSTORE_FLAGS.CONSOLE : 0) |
      (has('ftrace') ? PSTORE_FLAGS.FTRACE : 0) |
      (has('pmsg') ? PSTORE_FLAGS.PMSG : 0);
    this.bufsize = layout.bufsize;
    this.maxReason = layout.info.maxReason;
    this.zones = layout.zones.map((zone) => {
      const bytes = new Uint8Array(zone.size);
      // Rings start 0xff-filled in memory (psz_init_zone's memset), headers valid and empty.
      if (zone.type !== 'dmesg') bytes.fill(0xff, PSZ_HEADER_SIZE);
      writePszBuffer(bytes, 0, { sig: pszSig(zone.type), datalen: 0, start: 0 });
      return { zone, bytes, old: null, dirty: false };
    });
  }

  /** psz_recovery(), once: the device's records become readable, writes may reach it. */
  private recover(): ZoneRecovery {
    if (this.recovery && !this.recovery.failure) return this.recovery;
    let r = pszRecovery(this.device, this.layout);
    // A dump made before the first read is only in memory; moving it where the
    // recovered cursor says is itself a write before the recovery ended, which
    // fails: so does the recovery (psz_kmsg_recover_data()).
    const early = this.zones.find((z) => z.zone.type === 'dmesg' && z.dirty);
    if (!r.failure && early) {
      r = {
        ...r,
        failure: `dump zone ${early.zone.index} was written before pstore was first mounted: moving it fails, and with it the recovery`
      };
    }
    this.recovery = r;
    if (r.failure) return r;
    this.kmsgWriteCnt = r.kmsgWriteCnt;
    this.oopsCounter = r.oopsCounter;
    this.panicCounter = r.panicCounter;
    for (const z of this.zones) {
      if (z.zone.type === 'dmesg') {
        const bytes = r.dumps.get(z.zone.index);
        if (bytes) z.bytes.set(bytes.subarray(0, z.bytes.length));
      } else {
        z.old =
          r.old.get(z.zone.type === 'ftrace' ? `ftrace:${z.zone.index}` : z.zone.type) ?? null;
        // What this boot wrote before the first read (the console's replay of
        // the printk buffer) replaces the zone now (psz_flush_dirty_zone()).
        if (z.dirty) {
          z.dirty = false;
          this.zoneWrite(z, 0, z.bytes.length);
        }
      }
    }
    return r;
  }

  open(): number {
    this.readCursor = 0;
    return 0;
  }

  close(): number {
    return 0;
  }

  /**
   * psz_pstore_read(): the dumps (zone order), the merged ftrace record, pmsg,
   * console; null when done or when the recovery failed (the kernel's read
   * returns the error and the core stops).
   */
  read(): PstoreRecord | null {
    const r = this.recover();
    if (r.failure) return null;
    const dumps = this.zones.filter((z) => z.zone.type === 'dmesg');
    while (this.readCursor < dumps.length) {
      const z = dumps[this.readCursor++]!;
      const rec = this.readDump(z);
      if (rec === 'stop') return null;
      if (rec) return rec;
    }
    const steps = dumps.length;
    if (this.readCursor === steps) {
      this.readCursor++;
      const ftrace = this.readFtrace();
      if (ftrace) return ftrace;
    }
    for (const type of ['pmsg', 'console'] as const) {
      const at = steps + (type === 'pmsg' ? 1 : 2);
      if (this.readCursor === at) {
        this.readCursor++;
        const z = this.zones.find((x) => x.zone.type === type);
        if (z?.old?.length) {
          const rec = pstoreRecordInit(type === 'pmsg' ? PSTORE_TYPE.PMSG : PSTORE_TYPE.CONSOLE);
          rec.buf = z.old.slice();
          rec.size = rec.buf.length;
          return rec;
        }
      }
    }
    return null;
  }

  /** psz_kmsg_read(): "<Reason>: Total N times\n" before a plain dump; the raw stream of a compressed one. */
  private readDump(z: ZoneBuffer): PstoreRecord | null | 'stop' {
    const h = readPszBuffer(z.bytes, 0);
    if (h.datalen <= 0) return null;
    const k = readKmsgHeader(z.bytes, PSZ_HEADER_SIZE);
    if (k.magic !== KMSG_HEADER_MAGIC) {
      writePszBuffer(z.bytes, 0, { ...h, datalen: 0 });
      return null;
    }
    const size = h.datalen - KMSG_HEADER_SIZE;
    if (size < 0) return 'stop'; // kmalloc of a negative size fails: −ENOMEM ends the scan
    const rec = pstoreRecordInit(PSTORE_TYPE.DMESG, k.time.sec ? k.time : null);
    rec.id = z.zone.index;
    rec.compressed = k.compressed;
    rec.count = k.counter;
    rec.reason = k.reason;
    rec.part = 1;
    const payload = z.bytes.subarray(
      PSZ_HEADER_SIZE + KMSG_HEADER_SIZE,
      PSZ_HEADER_SIZE + KMSG_HEADER_SIZE + size
    );
    if (k.compressed) {
      rec.buf = payload.slice();
    } else {
      const line = new TextEncoder().encode(kmsgTotalLine(k.reason, k.counter));
      rec.buf = new Uint8Array(line.length + size);
      rec.buf.set(line, 0);
      rec.buf.set(payload, line.length);
    }
    rec.size = rec.buf.length;
    return rec;
  }

  /** psz_ftrace_read(): every CPU's old zone merged by time stamp, one record (id 0). */
  private readFtrace(): PstoreRecord | null {
    const parts = this.zones
      .filter((z) => z.zone.type === 'ftrace' && z.old?.length)
      .map((z) => z.old!);
    if (!parts.length || !this.options.ftrace) return null;
    const merged = combinePerCpuLogs(parts, this.options.ftrace);
    if (!merged.length) return null;
    const rec = pstoreRecordInit(PSTORE_TYPE.FTRACE);
    rec.buf = merged;
    rec.size = merged.length;
    return rec;
  }

  /** psz_zone_write(): into memory, then (once recovered) to the device. */
  private zoneWrite(z: ZoneBuffer, from: number, to: number): number {
    if (!this.recovery || this.recovery.failure) {
      if (!this.onPanic) {
        z.dirty = true;
        return -EBUSY;
      }
    }
    // psz_zone_write(): panic_write once panicking; without one the zone stays dirty (lost).
    const writer = this.onPanic ? this.device.panicWrite : this.device.write.bind(this.device);
    if (!writer) {
      z.dirty = true;
      return -EBUSY;
    }
    const wrote = writer(z.zone.offset + from, z.bytes.subarray(from, to));
    if (wrote !== to - from) {
      z.dirty = true;
      return -EBUSY;
    }
    return 0;
  }

  /** Zones whose last write has not reached the device ("dmesg 0", "console"). */
  dirtyZones(): string[] {
    return this.zones
      .filter((z) => z.dirty)
      .map((z) =>
        z.zone.type === 'dmesg' || z.zone.type === 'ftrace'
          ? `${z.zone.type} ${z.zone.index}`
          : z.zone.type
      );
  }

  /** psz_flush_dirty_zones(): writes every dirty zone whole (the 500 ms cleaner). */
  flushDirty(): number {
    let failed = 0;
    for (const z of this.zones) {
      if (!z.dirty) continue;
      z.dirty = false;
      if (this.zoneWrite(z, 0, z.bytes.length) < 0) failed++;
    }
    return failed;
  }

  write(record: PstoreRecord): number {
    if (record.type === PSTORE_TYPE.DMESG) return this.kmsgWrite(record);
    if (this.onPanic) return -EBUSY;
    switch (record.type) {
      case PSTORE_TYPE.CONSOLE:
      case PSTORE_TYPE.PMSG: {
        const z = this.zones.find(
          (x) => x.zone.type === (record.type === PSTORE_TYPE.PMSG ? 'pmsg' : 'console')
        );
        return z ? this.ringWrite(z, record.buf.subarray(0, record.size)) : -ENOSPC;
      }
      case PSTORE_TYPE.FTRACE: {
        const z = this.zones.find(
          (x) => x.zone.type === 'ftrace' && x.zone.index === (record.cpu ?? 0)
        );
        return z ? this.ringWrite(z, record.buf.subarray(0, record.size)) : -ENOSPC;
      }
      default:
        return -EINVAL;
    }
  }

  writeUser(record: PstoreRecord, buf: Uint8Array): number {
    const r = this.write({ ...record, buf, size: buf.length });
    return r < 0 ? r : buf.length;
  }

  /** psz_kmsg_write(): part 1 only, into the next zone round robin, the whole zone rewritten. */
  private kmsgWrite(record: PstoreRecord): number {
    const dumps = this.zones.filter((z) => z.zone.type === 'dmesg');
    if (!dumps.length) return -ENOSPC;
    if (record.reason === KMSG_DUMP_PANIC) this.onPanic = true;
    if (record.part !== 1) return -ENOSPC;
    const z = dumps[this.kmsgWriteCnt]!;
    this.kmsgWriteCnt = (this.kmsgWriteCnt + 1) % dumps.length;
    const counter =
      record.reason === KMSG_DUMP_OOPS
        ? ++this.oopsCounter
        : record.reason === KMSG_DUMP_PANIC
          ? ++this.panicCounter
          : 0;
    const size = Math.min(record.size, z.zone.capacity - KMSG_HEADER_SIZE);
    z.bytes.fill(0);
    writePszBuffer(z.bytes, 0, {
      sig: pszSig('dmesg'),
      datalen: KMSG_HEADER_SIZE + size,
      start: 0
    });
    writeKmsgHeader(z.bytes, PSZ_HEADER_SIZE, {
      magic: KMSG_HEADER_MAGIC,
      time: record.time ?? this.options.now?.() ?? { sec: 0, nsec: 0 },
      compressed: record.compressed,
      counter,
      reason: record.reason
    });
    z.bytes.set(record.buf.subarray(0, size), PSZ_HEADER_SIZE + KMSG_HEADER_SIZE);
    // Handled in memory whatever the device said (a refused write leaves the zone dirty);
    // a panic dump that reached the device takes every dirty zone with it.
    if (this.zoneWrite(z, 0, z.bytes.length) === 0 && this.onPanic) this.flushDirty();
    return 0;
  }

  /** psz_record_write(): a ring append, wrapping at the capacity; the data, then the header. 0 always: the memory copy is what counts. */
  private ringWrite(z: ZoneBuffer, data: Uint8Array): number {
    const cap = z.zone.capacity;
    let bytes = data;
    if (bytes.length > cap) bytes = bytes.subarray(bytes.length - cap);
    const h = readPszBuffer(z.bytes, 0);
    let start = h.start;
    let full = h.datalen >= cap;
    const put = (chunk: Uint8Array, at: number): void => {
      z.bytes.set(chunk, PSZ_HEADER_SIZE + at);
      this.zoneWrite(z, PSZ_HEADER_SIZE + at, PSZ_HEADER_SIZE + at + chunk.length);
    };
    if (cap - start < bytes.length) {
      const first = cap - start;
      put(bytes.subarray(0, first), start);
      bytes = bytes.subarray(first);
      start = 0;
      full = true;
    }
    put(bytes, start);
    start += bytes.length;
    writePszBuffer(z.bytes, 0, {
      sig: pszSig(z.zone.type),
      datalen: full ? cap : start,
      start
    });
    this.zoneWrite(z, 0, PSZ_HEADER_SIZE);
    return 0;
  }

  /** psz_pstore_erase(): a dump's datalen set to 0; a ring's old copy dropped. */
  erase(record: PstoreRecord): number {
    if (record.type === PSTORE_TYPE.DMESG) {
      const z = this.zones.find((x) => x.zone.type === 'dmesg' && x.zone.index === record.id);
      if (!z) return -EINVAL;
      const k = readKmsgHeader(z.bytes, PSZ_HEADER_SIZE);
      // A newer dump already replaced the one the file shows: nothing to do.
      if (k.counter !== record.count) return 0;
      const h = readPszBuffer(z.bytes, 0);
      writePszBuffer(z.bytes, 0, { ...h, datalen: 0 });
      this.zoneWrite(z, 0, PSZ_HEADER_SIZE);
      return 0;
    }
    const type =
      record.type === PSTORE_TYPE.PMSG
        ? 'pmsg'
        : record.type === PSTORE_TYPE.CONSOLE
          ? 'console'
          : record.type === PSTORE_TYPE.FTRACE
            ? 'ftrace'
            : null;
    if (!type) return -EINVAL;
    // The ftrace file's id is 0: only CPU 0's zone is erased, as in the kernel.
    const z = this.zones.find((x) => x.zone.type === type && x.zone.index === 0);
    if (!z) return -EINVAL;
    z.old = null;
    const h = readPszBuffer(z.bytes, 0);
    if (h.datalen === 0) this.zoneWrite(z, 0, PSZ_HEADER_SIZE);
    else if (z.dirty) this.zoneWrite(z, 0, z.bytes.length);
    return 0;
  }
}
