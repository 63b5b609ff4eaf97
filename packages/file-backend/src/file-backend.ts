/**
 * A pstore backend whose "block device" is a directory: one sealed file per zone, laid out
 * and used as pstore/blk uses its partition. Dumps go round robin into dump zones (Part1
 * only, each with its own header); console, pmsg and ftrace are rings that keep the newest
 * bytes; unlink erases; everything survives the process, which is the point.
 * Kernel counterpart: fs/pstore/zone.c (psz_pstore_open/write/erase, psz_kmsg_write(),
 * psz_kmsg_write_record(), psz_write_kmsg_hdr(), psz_kmsg_erase(), psz_record_erase(),
 * psz_flush_all_dirty_zones()) over fs/pstore/blk.c.
 *
 * Node only (node:fs, synchronous: backend callbacks run while the system is dying and
 * cannot wait). One backend instance per directory at a time, as one kernel owns its disk.
 */
import * as fs from 'node:fs';
import { join } from 'node:path';
import { KMSG_DUMP_OOPS, KMSG_DUMP_PANIC } from '@pstore/kmsg';
import {
  ERRNO_NUMBERS,
  FTRACE_ARCH_LE64,
  ftraceLayout,
  PSTORE_TYPE,
  type FtraceLayout,
  type PstoreInfo,
  type PstoreRecord
} from '@pstore/pstore-fs/backend';
import { fileBackendRead, type FileReadCursors } from './file-read.ts';
import {
  fileBackendGeometry,
  type FileBackendGeometry,
  type FileBackendOptions
} from './geometry.ts';
import { recoverZones, type RecoveryState } from './recover.ts';
import { ZONE_FILE_TMP_SUFFIX } from './zone-file.ts';
import {
  PSZ_KMSG_HEADER_SIZE,
  pszSig,
  readKmsgZoneHeader,
  writeKmsgZoneHeader
} from './zone-format.ts';
import { PszZone } from './zone.ts';

const { EBUSY, EINVAL, ENOSPC } = ERRNO_NUMBERS;

export class FileBackend implements PstoreInfo {
  readonly name: string;
  readonly flags: number;
  readonly bufsize: number;
  readonly maxReason: number;
  readonly geometry: FileBackendGeometry;
  /** Dump zones (cxt->kpszs); the index is the record id. */
  readonly kpszs: readonly PszZone[];
  readonly ppsz: PszZone | null;
  readonly cpsz: PszZone | null;
  /** ftrace zones, one per CPU (cxt->fpszs). */
  readonly fpszs: readonly PszZone[];
  /**
   * What recovery and failed writes found, one line each, naming the file and the numbers:
   * torn writes finished or discarded, damaged files moved aside, zones of another
   * configuration, writes kept in memory because the disk refused them.
   */
  readonly notes: string[] = [];
  /** Set by a panic dump: from then on only dumps are written (cxt->on_panic). */
  onPanic = false;
  private readonly state: RecoveryState;
  private readonly cursors: FileReadCursors = { kmsg: 0, ftrace: 0, pmsg: 0, console: 0 };
  private readonly sync: boolean;
  private readonly ftraceLayout: FtraceLayout;

  /** Use createFileBackend(). */
  constructor(
    readonly dir: string,
    geometry: FileBackendGeometry,
    options: { fsync?: boolean; ftraceLayout?: FtraceLayout } = {}
  ) {
    this.geometry = geometry;
    this.name = geometry.name;
    this.flags = geometry.flags;
    this.bufsize = geometry.bufsize;
    this.maxReason = geometry.maxReason;
    this.sync = options.fsync ?? true;
    this.ftraceLayout =
      options.ftraceLayout ?? ftraceLayout({ major: 6, minor: 12, sublevel: 0 }, FTRACE_ARCH_LE64);
    this.notes.push(...geometry.notes);
    fs.mkdirSync(dir, { recursive: true });
    const zones = geometry.zones.map((spec) => new PszZone(spec, join(dir, spec.file)));
    const of = (type: number) => zones.filter((z) => z.spec.type === type);
    this.kpszs = of(PSTORE_TYPE.DMESG);
    this.ppsz = of(PSTORE_TYPE.PMSG)[0] ?? null;
    this.cpsz = of(PSTORE_TYPE.CONSOLE)[0] ?? null;
    this.fpszs = of(PSTORE_TYPE.FTRACE);
    this.state = recoverZones(
      dir,
      geometry,
      { kmsg: this.kpszs, pmsg: this.ppsz, console: this.cpsz, ftrace: this.fpszs },
      this.notes
    );
  }

  /** The dump zone the next dump goes to (kmsg_write_cnt). */
  get kmsgWriteCnt(): number {
    return this.state.kmsgWriteCnt;
  }

  open(): number {
    Object.assign(this.cursors, { kmsg: 0, ftrace: 0, pmsg: 0, console: 0 });
    return 0;
  }

  read(): PstoreRecord | null {
    return fileBackendRead(
      {
        kmsg: this.kpszs,
        ftrace: this.fpszs,
        pmsg: this.ppsz,
        console: this.cpsz,
        ftraceLayout: this.ftraceLayout
      },
      this.cursors
    );
  }

  close(): number {
    return 0;
  }

  /**
   * psz_pstore_write(). A panic dump switches to panic mode, where console, pmsg and ftrace
   * writes are refused (−EBUSY) so they cannot disturb the dump. pmsg arrives here through
   * the core's write_user fallback, as zone.c has no write_user of its own.
   */
  write(record: PstoreRecord): number {
    if (record.type === PSTORE_TYPE.DMESG && record.reason === KMSG_DUMP_PANIC) this.onPanic = true;
    if (this.onPanic && record.type !== PSTORE_TYPE.DMESG) return -EBUSY;
    const payload = record.buf.subarray(0, record.size);
    switch (record.type) {
      case PSTORE_TYPE.DMESG:
        return this.writeKmsg(record, payload);
      case PSTORE_TYPE.CONSOLE:
        return this.writeRing(this.cpsz, payload);
      case PSTORE_TYPE.PMSG:
        return this.writeRing(this.ppsz, payload);
      case PSTORE_TYPE.FTRACE:
        if (!this.fpszs.length) return -ENOSPC;
        return this.writeRing(this.fpszs[record.cpu ?? 0] ?? null, payload);
      default:
        return -EINVAL;
    }
  }

  /**
   * psz_kmsg_write(): only Part1 is kept (a report is never split over zones). The dump
   * goes into a fresh image of the next zone: its header (time, compression, and the
   * backend's own oops or panic counter) and the text cut to what the zone holds.
   * Returns 0 once the dump is in memory, even if the disk refused it (it stays dirty).
   */
  private writeKmsg(record: PstoreRecord, payload: Uint8Array): number {
    if (record.part !== 1 || !this.kpszs.length) return -ENOSPC;
    const st = this.state;
    const zonenum = st.kmsgWriteCnt;
    const zone = this.kpszs[zonenum]!;
    const image = new Uint8Array(zone.spec.size);
    new DataView(image.buffer).setUint32(0, pszSig(PSTORE_TYPE.DMESG), true);
    zone.buffer = image;
    let counter = 0;
    if (record.reason === KMSG_DUMP_OOPS) counter = ++st.oopsCounter;
    else if (record.reason === KMSG_DUMP_PANIC) counter = ++st.panicCounter;
    writeKmsgZoneHeader(image, {
      time: record.time ?? { sec: 0, nsec: 0 },
      compressed: record.compressed,
      counter,
      reason: record.reason
    });
    const size = Math.min(payload.length, zone.bufferSize - PSZ_KMSG_HEADER_SIZE);
    zone.put(payload.subarray(0, size), PSZ_KMSG_HEADER_SIZE);
    zone.datalen = PSZ_KMSG_HEADER_SIZE + size;
    st.kmsgWriteCnt = (zonenum + 1) % this.kpszs.length;
    this.flushZone(zone);
    return 0;
  }

  private writeRing(zone: PszZone | null, payload: Uint8Array): number {
    if (!zone) return -ENOSPC;
    zone.ringWrite(payload);
    this.flushZone(zone);
    return 0;
  }

  /**
   * psz_pstore_erase(). A dump is erased only if the zone still holds the dump that was
   * read (same counter); its header stays for the counters, its text is zeroed. A ring
   * zone drops its saved copy; if nothing was written to it this boot its file goes too,
   * so the old content cannot come back at the next boot.
   */
  erase(record: PstoreRecord): number {
    switch (record.type) {
      case PSTORE_TYPE.DMESG: {
        if (record.id < 0 || record.id >= this.kpszs.length) return -EINVAL;
        const zone = this.kpszs[record.id]!;
        if (zone.datalen <= 0) return 0;
        if (readKmsgZoneHeader(zone.buffer)?.counter !== record.count) return 0;
        zone.datalen = 0;
        zone.data.fill(0, PSZ_KMSG_HEADER_SIZE);
        return this.flushZone(zone) ? 0 : -EBUSY;
      }
      case PSTORE_TYPE.PMSG:
        return this.eraseRing(this.ppsz);
      case PSTORE_TYPE.CONSOLE:
        return this.eraseRing(this.cpsz);
      case PSTORE_TYPE.FTRACE:
        // The merged record has id 0, so only CPU 0's zone is erased, as in the kernel.
        if (record.id < 0 || record.id >= this.fpszs.length) return -EINVAL;
        return this.eraseRing(this.fpszs[record.id]!);
      default:
        return -EINVAL;
    }
  }

  private eraseRing(zone: PszZone | null): number {
    if (!zone?.oldbuf?.length) return 0;
    zone.oldbuf = null;
    if (zone.datalen > 0) return zone.dirty && !this.flushZone(zone) ? -EBUSY : 0;
    fs.rmSync(zone.path, { force: true });
    fs.rmSync(zone.path + ZONE_FILE_TMP_SUFFIX, { force: true });
    return 0;
  }

  /**
   * psz_flush_all_dirty_zones(): retries every zone whose last write did not reach its
   * file. Returns 0 when all are on disk, −EBUSY when some are still only in memory.
   */
  flush(): number {
    let ok = true;
    for (const zone of [this.ppsz, this.cpsz, ...this.kpszs, ...this.fpszs]) {
      if (zone?.dirty && !this.flushZone(zone)) ok = false;
    }
    return ok ? 0 : -EBUSY;
  }

  /** Zones whose latest image is only in memory. */
  pendingZones(): string[] {
    return [this.ppsz, this.cpsz, ...this.kpszs, ...this.fpszs].flatMap((z) =>
      z?.dirty ? [z.label] : []
    );
  }

  /** Writes a zone's image; the first failure of a run of failures is noted. */
  private flushZone(zone: PszZone): boolean {
    const wasDirty = zone.dirty;
    const err = zone.flush(this.sync);
    if (err && !wasDirty) {
      this.notes.push(`${zone.label}: write failed (${err.message}); kept in memory for flush()`);
    }
    return err === null;
  }
}

/**
 * Registers a file backend over `options.dir`: checks the configuration as pstore/blk and
 * pstore/zone do, then recovers what the directory holds from earlier runs. Hand the result
 * to the pstore core (or PstoreFs.mount) like any PstoreInfo.
 *
 * @example
 * ```ts
 * const psi = createFileBackend({ dir: '/var/lib/pstore-blk', kmsgSize: 64 * 1024 });
 * const fs = new PstoreFs();
 * fs.mount(psi, null); // dmesg-pstore_blk-0, console-pstore_blk-0, … from the last run
 * ```
 * @throws PstoreError EINVAL/ENOMEM for a configuration register_pstore_zone() refuses.
 */
export function createFileBackend(
  options: FileBackendOptions & { readonly ftraceLayout?: FtraceLayout }
): FileBackend {
  const geometry = fileBackendGeometry(options);
  return new FileBackend(options.dir, geometry, {
    ...(options.fsync === undefined ? {} : { fsync: options.fsync }),
    ...(options.ftraceLayout === undefined ? {} : { ftraceLayout: options.ftraceLayout })
  });
}
