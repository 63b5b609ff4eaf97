/**
 * The file backend's configuration and the zones it yields: which frontends get zones, how
 * big each is, and how many dump zones fit. The rules are pstore/blk's (sizes aligned to
 * 4 KiB, frontends limited by `flags`) and pstore/zone's (size checks, zone order pmsg,
 * console, ftrace per CPU, then dump zones filling the rest).
 * Kernel counterpart: fs/pstore/blk.c psblk_register_do() (verify_size), fs/pstore/zone.c
 * register_pstore_zone() (check_size), psz_alloc_zones(), psz_init_zones(), psz_init_zone().
 */
import {
  PSTORE_FLAGS,
  PSTORE_TYPE,
  PstoreError,
  pstoreTypeName,
  type PstoreTypeId
} from '@pstore/pstore-fs/backend';
import { PSZ_BUFFER_HEADER_SIZE, PSZ_KMSG_HEADER_SIZE } from './zone-format.ts';

/** CONFIG_PSTORE_BLK_{KMSG,PMSG,CONSOLE,FTRACE}_SIZE default: 64 KiB each. */
const FILE_BACKEND_DEFAULT_ZONE_SIZE = 64 * 1024;
/** CONFIG_PSTORE_BLK_MAX_REASON default: 2 (KMSG_DUMP_OOPS: oopses and panics). */
const FILE_BACKEND_DEFAULT_MAX_REASON = 2;
/** pstore/zone refuses more than this much storage (SZ_128M) and caps it. */
export const PSZ_MAX_TOTAL_SIZE = 128 * 1024 * 1024;

/** How a file backend is configured (the pstore/blk module parameters, in bytes). */
export interface FileBackendOptions {
  /** The directory that plays the block device; created if missing. */
  readonly dir: string;
  /** Backend name in file names (`dmesg-<name>-0`). Default 'pstore_blk', blk.c's module name. */
  readonly name?: string;
  /**
   * Bytes of "partition": what is left after the pmsg, console and ftrace zones becomes dump
   * zones of `kmsgSize`. Must be a multiple of 4096, at least 4096, and is capped at 128 MiB.
   * Default: room for the other zones plus 4 dump zones.
   */
  readonly totalSize?: number;
  /** Size of one dump zone (kmsg_size). 0 disables dumps. Default 64 KiB. */
  readonly kmsgSize?: number;
  /** Size of the pmsg zone (pmsg_size). 0 disables /dev/pmsg0. Default 64 KiB. */
  readonly pmsgSize?: number;
  /** Size of the console zone (console_size). 0 disables it. Default 64 KiB. */
  readonly consoleSize?: number;
  /** Size of all ftrace zones together, split per CPU (ftrace_size). Default 64 KiB. */
  readonly ftraceSize?: number;
  /** Highest kmsg_dump reason to store (max_reason). Default 2 (oops and panic). */
  readonly maxReason?: number;
  /** PSTORE_FLAGS_* the device accepts; 0 (default) means all (blk.c's UINT_MAX). */
  readonly flags?: number;
  /** nr_cpu_ids: ftrace zones are ftraceSize / nrCpus each. Default 1. */
  readonly nrCpus?: number;
  /** Flush every write to the disk before returning (blk.c writes O_DSYNC). Default true. */
  readonly fsync?: boolean;
}

/** One zone: a file in the directory, and where pstore/blk would put it on the partition. */
export interface FileZoneSpec {
  readonly type: PstoreTypeId;
  /** Index among the zones of its type (the dump zone index is the record id). */
  readonly index: number;
  /** Offset on the equivalent partition (zone->off). */
  readonly offset: number;
  /** Zone size: 12-byte header plus data. */
  readonly size: number;
  /** File name inside the directory: `<type>-<index>.psz`. */
  readonly file: string;
}

/** The resolved configuration. */
export interface FileBackendGeometry {
  readonly name: string;
  readonly totalSize: number;
  readonly kmsgSize: number;
  readonly pmsgSize: number;
  readonly consoleSize: number;
  readonly ftraceSize: number;
  readonly maxReason: number;
  /** PSTORE_FLAGS_* of the zones that exist. */
  readonly flags: number;
  /** psinfo->bufsize: what one dump record may hold (dump zone data − psz_kmsg_header). */
  readonly bufsize: number;
  /** Zones in partition order: pmsg, console, ftrace per CPU, dump zones. */
  readonly zones: readonly FileZoneSpec[];
  /** What the kernel would log while adjusting the configuration (pr_info/pr_warn). */
  readonly notes: readonly string[];
}

const hex = (n: number): string => `0x${n.toString(16)}`;

function checkInt(what: string, v: number, min: number): void {
  if (!Number.isSafeInteger(v) || v < min) {
    throw new PstoreError('EINVAL', `${what} must be an integer >= ${min}, got ${v}`);
  }
}

/**
 * Resolves the options into zones.
 * @throws PstoreError EINVAL for sizes zone.c refuses, ENOMEM when a zone does not fit.
 */
export function fileBackendGeometry(options: FileBackendOptions): FileBackendGeometry {
  const notes: string[] = [];
  const name = options.name ?? 'pstore_blk';
  if (!name || /[/\0]/.test(name)) {
    throw new PstoreError('EINVAL', `invalid backend name "${name}"`);
  }
  const flags = options.flags ? options.flags : 0xffffffff;
  const nrCpus = options.nrCpus ?? 1;
  checkInt('nrCpus', nrCpus, 1);
  const maxReason = options.maxReason ?? FILE_BACKEND_DEFAULT_MAX_REASON;
  checkInt('maxReason', maxReason, 0);

  // blk.c verify_size(): a disabled frontend gets no zone; sizes align up to 4 KiB.
  const verify = (what: string, v: number | undefined, flag: number): number => {
    const size = flags & flag ? (v ?? FILE_BACKEND_DEFAULT_ZONE_SIZE) : 0;
    checkInt(what, size, 0);
    if (size % 4096 === 0) return size;
    const aligned = Math.ceil(size / 4096) * 4096;
    notes.push(`${what} must align to 4096: ${size} rounded up to ${aligned}`);
    return aligned;
  };
  const kmsgSize = verify('kmsg_size', options.kmsgSize, PSTORE_FLAGS.DMESG);
  const pmsgSize = verify('pmsg_size', options.pmsgSize, PSTORE_FLAGS.PMSG);
  const consoleSize = verify('console_size', options.consoleSize, PSTORE_FLAGS.CONSOLE);
  const ftraceSize = verify('ftrace_size', options.ftraceSize, PSTORE_FLAGS.FTRACE);
  if (!kmsgSize && !pmsgSize && !consoleSize && !ftraceSize) {
    throw new PstoreError('EINVAL', 'at least one record size must be non-zero');
  }

  let totalSize = options.totalSize ?? pmsgSize + consoleSize + ftraceSize + 4 * kmsgSize;
  checkInt('total_size', totalSize, 0);
  if (totalSize < 4096) {
    throw new PstoreError('EINVAL', `total_size must be >= 4096, got ${totalSize}`);
  }
  if (totalSize > PSZ_MAX_TOTAL_SIZE) {
    notes.push(`capping size to 128MiB (total_size was ${totalSize})`);
    totalSize = PSZ_MAX_TOTAL_SIZE;
  }
  if (totalSize % 4096) {
    throw new PstoreError('EINVAL', `total_size must be a multiple of 4096, got ${totalSize}`);
  }

  const zones: FileZoneSpec[] = [];
  let off = 0;
  const place = (type: PstoreTypeId, count: number, size: number, room: number): void => {
    const tname = pstoreTypeName(type);
    if (off + room > totalSize) {
      throw new PstoreError(
        'ENOMEM',
        `no room for ${tname} (${hex(room)}@${hex(off)} over ${hex(totalSize)})`
      );
    }
    if (size <= PSZ_BUFFER_HEADER_SIZE) {
      throw new PstoreError('EINVAL', `${tname} zones of ${size} bytes cannot hold their header`);
    }
    for (let i = 0; i < count; i++) {
      zones.push({ type, index: i, offset: off, size, file: `${tname}-${i}.psz` });
      off += size;
    }
  };
  if (pmsgSize) place(PSTORE_TYPE.PMSG, 1, pmsgSize, pmsgSize);
  if (consoleSize) place(PSTORE_TYPE.CONSOLE, 1, consoleSize, consoleSize);
  const ftraceZoneSize = Math.floor(ftraceSize / nrCpus);
  if (ftraceSize && ftraceZoneSize) {
    place(PSTORE_TYPE.FTRACE, Math.floor(ftraceSize / ftraceZoneSize), ftraceZoneSize, ftraceSize);
  }
  if (kmsgSize) {
    // The zones before fit (place() checked), so room >= 0.
    const room = totalSize - (pmsgSize + consoleSize + ftraceSize);
    const count = Math.floor(room / kmsgSize);
    if (!count) {
      throw new PstoreError(
        'EINVAL',
        `zone dmesg total_size too small: ${room} bytes left for ${kmsgSize}-byte dump zones`
      );
    }
    place(PSTORE_TYPE.DMESG, count, kmsgSize, count * kmsgSize);
  }

  let present = 0;
  if (kmsgSize) present |= PSTORE_FLAGS.DMESG;
  if (pmsgSize) present |= PSTORE_FLAGS.PMSG;
  if (consoleSize) present |= PSTORE_FLAGS.CONSOLE;
  if (zones.some((z) => z.type === PSTORE_TYPE.FTRACE)) present |= PSTORE_FLAGS.FTRACE;
  return {
    name,
    totalSize,
    kmsgSize,
    pmsgSize,
    consoleSize,
    ftraceSize,
    maxReason,
    flags: present,
    bufsize: kmsgSize ? kmsgSize - PSZ_BUFFER_HEADER_SIZE - PSZ_KMSG_HEADER_SIZE : 0,
    zones,
    notes
  };
}
