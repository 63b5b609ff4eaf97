/**
 * The ramoops backend: the zones of one reserved RAM region, attached at
 * probe and served through the pstore backend contract.
 * Kernel counterpart: fs/pstore/ram.c struct ramoops_context, ramoops_probe()
 * (zone creation, frontend flags, bufsize), ramoops_pstore_open().
 * The read, write and erase paths live in ramoops-read.ts and ramoops-write.ts.
 */
import { ERRNO } from '@pstore/actor';
import {
  PersistentRamZone,
  type Endian,
  type PersistentRamZoneOptions,
  type WriteBudget,
  type ZoneLock
} from '@pstore/ram-core';
import {
  ftraceLayout,
  PSTORE_FLAGS,
  type FtraceLayout,
  type PstoreInfo,
  type PstoreRecord
} from '@pstore/pstore-fs/backend';
import { RAMOOPS_FLAG_FTRACE_PER_CPU, type RamoopsPlatformData } from './config/types.ts';
import type { RamoopsEra } from './era.ts';
import { ramoopsLayout, type RamoopsLayout, type RamoopsZoneSpec } from './layout.ts';
import { ramoopsPstoreRead, type ReadCursors } from './ramoops-read.ts';
import { ramoopsPstoreErase, ramoopsPstoreWrite, ramoopsPstoreWriteUser } from './ramoops-write.ts';
import { ramoopsWriteConsoleLines } from './ramoops-console-lines.ts';

export interface RamoopsProbeOptions {
  readonly era: RamoopsEra;
  /** nr_cpu_ids: how many per-CPU ftrace zones (default 1). */
  readonly nrCpus?: number;
  readonly endian?: Endian;
  /** sizeof(unsigned long) on the machine: 8 (64-bit, default) or 4. Shapes ftrace records. */
  readonly longBytes?: 4 | 8;
  /** PSTORE_CPU_IN_IP mask of small ARM machines (0 elsewhere). */
  readonly cpuInIp?: 0 | 1 | 3;
  /** A shared lock per zone, for zones that several threads write (by layout index). */
  readonly lockFor?: (spec: RamoopsZoneSpec, index: number) => ZoneLock | undefined;
  /**
   * 'probe' (default): attach every zone as the kernel's probe does, saving
   * and zapping. 'share': open zones another thread already probed, without
   * touching them (a worker that only writes). 'read': attach as 'probe'
   * does, for a reader that writes nothing afterwards (a decoder of a RAM
   * image): a zone's saved content is a view of the region where its ring
   * does not wrap, not a copy, and the backend's writes fail with EROFS.
   */
  readonly attach?: 'probe' | 'share' | 'read';
  /**
   * Fault injection without the actor layer: every zone draws every store
   * from this one budget (a torn write, as a power cut leaves it), starting
   * with the probe's own (signature rewrites, zaps). Once it runs out, the
   * store in progress is cut at that byte and WriterStoppedError is thrown;
   * the writer must stop there. Default: stores go straight to RAM.
   */
  readonly budget?: WriteBudget;
}

/** One zone of the region with what probe found in it. */
export interface RamoopsZone {
  readonly spec: RamoopsZoneSpec;
  readonly zone: PersistentRamZone;
}

export class RamoopsContext implements PstoreInfo {
  readonly name = 'ramoops';
  readonly flags: number;
  readonly bufsize: number;
  readonly maxReason: number;
  readonly layout: RamoopsLayout;
  /** Attached with `attach: 'read'`: write() and writeUser() return -EROFS. */
  readonly readOnly: boolean;
  /** Every zone in address order, with its spec and probe result. */
  readonly zones: readonly RamoopsZone[];
  /** Oops dump zones (cxt->dprzs). */
  readonly dprzs: readonly PersistentRamZone[];
  /** Console zone (cxt->cprz). */
  readonly cprz: PersistentRamZone | null;
  /** Ftrace zones, one per CPU or one (cxt->fprzs). */
  readonly fprzs: readonly PersistentRamZone[];
  /** pmsg zone (cxt->mprz). */
  readonly mprz: PersistentRamZone | null;
  /** Per-CPU ftrace zones are merged on read (flags & RAMOOPS_FLAG_FTRACE_PER_CPU). */
  readonly perCpuFtrace: boolean;
  /** The ftrace record layout of this era and machine. */
  readonly ftraceRecord: FtraceLayout;
  /** Next dump zone to write; starts at 0 on every boot (cxt->dump_write_cnt). */
  dumpWriteCnt = 0;
  readonly cursors: ReadCursors = { dump: 0, console: 0, pmsg: 0, ftrace: 0 };

  private constructor(
    readonly mem: Uint8Array,
    readonly config: RamoopsPlatformData,
    readonly era: RamoopsEra,
    options: RamoopsProbeOptions
  ) {
    const layout = ramoopsLayout(config, era, { nrCpus: options.nrCpus ?? 1 });
    if (mem.length < config.memSize) {
      throw new RangeError(
        `the ramoops region needs ${config.memSize} bytes (0x${config.memSize.toString(16)}) but the image holds ${mem.length} (0x${mem.length.toString(16)})`
      );
    }
    this.layout = layout;
    this.readOnly = options.attach === 'read';
    const zones: RamoopsZone[] = [];
    for (const [i, spec] of layout.zones.entries()) {
      const opts: PersistentRamZoneOptions = {
        sig: spec.sigXor,
        ecc: config.ecc.eccSize ? config.ecc : null,
        flags: spec.flags,
        endian: options.endian ?? 'little',
        lock: options.lockFor?.(spec, i),
        label: spec.label,
        emptyRequiresZeroStart: era.emptyZoneCheck !== 'size',
        budget: options.budget,
        savedInPlace: this.readOnly
      };
      const region = mem.subarray(spec.offset, spec.offset + spec.size);
      const zone =
        options.attach === 'share'
          ? PersistentRamZone.share(region, opts)
          : PersistentRamZone.attach(region, opts);
      zones.push({ spec, zone });
    }
    this.zones = zones;
    const of = (type: RamoopsZoneSpec['type']) =>
      zones.filter((z) => z.spec.type === type).map((z) => z.zone);
    this.dprzs = of('dmesg');
    this.cprz = of('console')[0] ?? null;
    this.fprzs = of('ftrace');
    this.mprz = of('pmsg')[0] ?? null;
    this.perCpuFtrace = era.ftracePerCpu && (config.flags & RAMOOPS_FLAG_FTRACE_PER_CPU) !== 0;
    this.ftraceRecord = ftraceLayout(era.version, {
      longBytes: options.longBytes ?? 8,
      endian: options.endian ?? 'little',
      cpuInIp: options.cpuInIp ?? 0
    });

    let flags = 0;
    if (this.dprzs.length) flags |= PSTORE_FLAGS.DMESG;
    if (this.cprz) flags |= PSTORE_FLAGS.CONSOLE;
    if (this.fprzs.length) flags |= PSTORE_FLAGS.FTRACE;
    if (this.mprz) flags |= PSTORE_FLAGS.PMSG;
    this.flags = flags;
    this.maxReason = config.maxReason;
    // bufsize is only used for dmesg dumps: 6.x makes it what the first dump
    // zone can hold; 4.9 used the record size, more than fits (the write path
    // then truncates). The layout knows which.
    this.bufsize = layout.bufsize;
  }

  /**
   * ramoops_probe(): lays the zones out over `mem` (byte 0 = mem_address)
   * and attaches them, saving each zone's previous content and zapping what
   * the era zaps.
   * @throws RamCoreError for an impossible layout; RangeError for a short region;
   *   WriterStoppedError when `options.budget` runs out during the probe's own stores.
   */
  static probe(
    mem: Uint8Array,
    config: RamoopsPlatformData,
    options: RamoopsProbeOptions
  ): RamoopsContext {
    return new RamoopsContext(mem, config, options.era, options);
  }

  open(): number {
    this.cursors.dump = 0;
    this.cursors.console = 0;
    this.cursors.ftrace = 0;
    this.cursors.pmsg = 0;
    return 0;
  }

  read(): PstoreRecord | null {
    return ramoopsPstoreRead(this);
  }

  close(): number {
    return 0;
  }

  write(record: PstoreRecord): number {
    // Refused before a dump's zap: the zones' saved content is RAM itself.
    if (this.readOnly) return -ERRNO.EROFS;
    return ramoopsPstoreWrite(this, record);
  }

  writeConsoleLines(bufs: Uint8Array, ends: Uint32Array, from: number, to: number): number {
    if (this.readOnly) return -ERRNO.EROFS;
    return ramoopsWriteConsoleLines(this, bufs, ends, from, to);
  }

  writeUser(record: PstoreRecord, buf: Uint8Array): number {
    if (this.readOnly) return -ERRNO.EROFS;
    return ramoopsPstoreWriteUser(this, record, buf);
  }

  erase(record: PstoreRecord): number {
    return ramoopsPstoreErase(this, record);
  }
}
