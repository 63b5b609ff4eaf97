/**
 * Where pstore/zone puts its zones on the device: pmsg, console, the ftrace
 * zones (ftrace_size split per possible CPU), then as many dmesg zones of
 * kmsg_size as the rest holds — the reverse of ramoops' order. There is no
 * superblock: writer and reader must agree on the sizes, the device size and
 * nr_cpu_ids. Every release from 5.8 to 6.12 lays out alike (FORMAT.md §1.4).
 * Kernel counterpart: fs/pstore/zone.c register_pstore_zone(),
 * psz_alloc_zones(), psz_init_zone(), psz_init_zones().
 */
import { PstoreError, type KernelVersion } from '@pstore/pstore-fs/backend';
import type { BlkConfig } from './blk-params.ts';
import { KMSG_HEADER_SIZE } from './kmsg-header.ts';
import { PSZ_HEADER_SIZE } from './psz-buffer.ts';

/** What pstore/zone is told about the device (struct pstore_zone_info). */
export interface PstoreZoneInfo {
  readonly totalSize: number;
  readonly kmsgSize: number;
  readonly pmsgSize: number;
  readonly consoleSize: number;
  readonly ftraceSize: number;
  readonly maxReason: number;
  /** nr_cpu_ids: one ftrace zone per possible CPU. */
  readonly nrCpus: number;
  /** What register_pstore_zone() logged ("capping size to 128MiB"). */
  readonly warnings: readonly string[];
}

export type ZoneType = 'dmesg' | 'pmsg' | 'console' | 'ftrace';

export interface PszZone {
  readonly type: ZoneType;
  /** Index within its type (dmesg: the record id; ftrace: the CPU). */
  readonly index: number;
  /** Byte offset of the zone's header on the device. */
  readonly offset: number;
  /** Zone size, header included. */
  readonly size: number;
  /** buffer_size: bytes of data after the 12-byte header. */
  readonly capacity: number;
}

export interface PszLayout {
  readonly info: PstoreZoneInfo;
  readonly zones: readonly PszZone[];
  /** psinfo->bufsize: a dmesg zone's capacity less the kmsg sub-header (0 without dmesg). */
  readonly bufsize: number;
  /** Bytes after the last zone that no zone uses. */
  readonly unused: number;
}

/** 5.11's cap: only the first 128 MiB of a larger device are used. */
const MAX_TOTAL = 128 * 1024 * 1024;

const fromBlk = (v: KernelVersion): boolean => v.major > 5 || (v.major === 5 && v.minor >= 8);
const capped = (v: KernelVersion): boolean => v.major > 5 || (v.major === 5 && v.minor >= 11);

/**
 * register_pstore_zone()'s checks on what blk.c hands it: a device of at least
 * 4 KiB and a multiple of it, capped at 128 MiB from 5.11, something to store.
 * @throws PstoreError EINVAL where the kernel refuses to register.
 */
export function pstoreZoneInfo(
  config: BlkConfig,
  totalSize: number,
  kernel: KernelVersion,
  nrCpus = 1
): PstoreZoneInfo {
  if (!fromBlk(kernel)) {
    throw new PstoreError(
      'EINVAL',
      `kernel ${kernel.major}.${kernel.minor} has no pstore/blk (it appeared in 5.8)`
    );
  }
  if (!Number.isInteger(nrCpus) || nrCpus < 1) {
    throw new PstoreError('EINVAL', `nr_cpu_ids ${nrCpus} is not a positive integer`);
  }
  const warnings: string[] = [];
  if (totalSize < 4096) {
    throw new PstoreError(
      'EINVAL',
      `the device holds ${totalSize} bytes: pstore/zone needs at least 4096 (register_pstore_zone refuses it)`
    );
  }
  let total = totalSize;
  if (capped(kernel) && total > MAX_TOTAL) {
    warnings.push(
      `capping size to 128MiB: the device holds ${totalSize} bytes, and from 5.11 only the first 128 MiB are used`
    );
    total = MAX_TOTAL;
  }
  const { kmsgSize, pmsgSize, consoleSize, ftraceSize } = config;
  if (!kmsgSize && !pmsgSize && !consoleSize && !ftraceSize) {
    throw new PstoreError(
      'EINVAL',
      'every pstore_blk size is 0: nothing to store (give pstore_blk.kmsg_size and the others in KiB)'
    );
  }
  if (total % 4096) {
    throw new PstoreError(
      'EINVAL',
      `the device holds ${total} bytes, not a multiple of 4096: register_pstore_zone refuses it`
    );
  }
  return {
    totalSize: total,
    kmsgSize,
    pmsgSize,
    consoleSize,
    ftraceSize,
    maxReason: config.maxReason,
    nrCpus,
    warnings
  };
}

const hex = (n: number): string => `0x${n.toString(16)}`;

/**
 * psz_alloc_zones(): every zone, in device order.
 * @throws PstoreError ENOMEM "no room" where a ring zone does not fit, EINVAL where
 *   dmesg is on but not one dmesg zone fits (the newest kernels refuse; older ones
 *   oops at registration).
 */
export function pszLayout(info: PstoreZoneInfo): PszLayout {
  const zones: PszZone[] = [];
  let off = 0;
  const T = info.totalSize;
  const zone = (type: ZoneType, index: number, size: number): void => {
    if (off + size > T) {
      throw new PstoreError(
        'ENOMEM',
        `no room for ${type} zone ${index}: it would end at ${hex(off + size)}, the device holds ${hex(T)} bytes`
      );
    }
    zones.push({ type, index, offset: off, size, capacity: size - PSZ_HEADER_SIZE });
    off += size;
  };
  if (info.pmsgSize) zone('pmsg', 0, info.pmsgSize);
  if (info.consoleSize) zone('console', 0, info.consoleSize);
  if (info.ftraceSize) {
    const rec = Math.floor(info.ftraceSize / info.nrCpus);
    if (rec < PSZ_HEADER_SIZE + 1) {
      throw new PstoreError(
        'EINVAL',
        `ftrace_size ${info.ftraceSize} split over ${info.nrCpus} CPUs leaves ${rec} bytes per zone`
      );
    }
    const n = Math.floor(info.ftraceSize / rec);
    for (let i = 0; i < n; i++) zone('ftrace', i, rec);
  }
  // The dmesg area is what the ring sizes leave (the ftrace remainder is not skipped).
  const reserved = info.pmsgSize + info.consoleSize + info.ftraceSize;
  let bufsize = 0;
  if (info.kmsgSize) {
    const count = Math.floor((T - reserved) / info.kmsgSize);
    if (count < 1) {
      throw new PstoreError(
        'EINVAL',
        `zone dmesg total_size too small: ${T - reserved} bytes are left for dmesg zones of ${info.kmsgSize}`
      );
    }
    for (let i = 0; i < count; i++) zone('dmesg', i, info.kmsgSize);
    bufsize = info.kmsgSize - PSZ_HEADER_SIZE - KMSG_HEADER_SIZE;
  }
  return { info, zones, bufsize, unused: T - off };
}
