/**
 * Carves the ramoops region into zones exactly as the chosen kernel does:
 * dmesg zones first, then console, pmsg and ftrace in the era's order, each
 * at the running offset. There is no layout metadata in RAM, so reader and
 * writer must compute the same table from the same configuration.
 * A region may hold up to 524288 dump zones (probe-limits.ts), all of one
 * size: they are described by zone 0 and their count, and the per-zone
 * table is only built when something asks for it, so a layout costs the
 * same for 1 MiB as for the largest region a kernel takes.
 * Kernel counterpart: fs/pstore/ram.c ramoops_probe(), ramoops_init_przs(),
 * ramoops_init_prz(); fs/pstore/ram_core.c persistent_ram_new() for the
 * per-zone capacity.
 */
import {
  linuxVersionCode,
  persistentRamGeometry,
  PRZ_FLAG_NO_LOCK,
  PRZ_FLAG_ZAP_OLD,
  RamCoreError
} from '@pstore/ram-core';
import { hex } from './config/sizes.ts';
import { RAMOOPS_FLAG_FTRACE_PER_CPU, type RamoopsPlatformData } from './config/types.ts';
import { ramoopsProbeSizes, type RamoopsZoneSizes } from './config/validate.ts';
import type { RamoopsEra, RamoopsSingleZone } from './era.ts';
import { checkDumpBuffer, checkDumpZoneCount, zoneCapacityNotes } from './probe-limits.ts';

/** The kind of record a zone holds. */
export type RamoopsZoneType = 'dmesg' | RamoopsSingleZone;

/** One persistent RAM zone of the region. */
export interface RamoopsZoneSpec {
  readonly type: RamoopsZoneType;
  /** Position among zones of its type (dump zone number, CPU number); 0 for single zones. */
  readonly index: number;
  /** Byte offset from mem_address. */
  readonly offset: number;
  /** Zone size including the 12-byte header and any ECC parity. */
  readonly size: number;
  /** Ring capacity after header and parity (prz->buffer_size). */
  readonly dataCapacity: number;
  /** XORed into the signature: 0, or LINUX_VERSION_CODE for ftrace zones. */
  readonly sigXor: number;
  /** PRZ_FLAG_NO_LOCK (per-CPU ftrace) | PRZ_FLAG_ZAP_OLD (reset after the probe saved it). */
  readonly flags: number;
  /** Resource name, e.g. "ramoops:dmesg(0/252)" (no format impact). */
  readonly label: string;
}

export interface RamoopsLayoutOptions {
  /** nr_cpu_ids: possible CPUs, which sets the number of per-CPU ftrace zones. */
  readonly nrCpus: number;
}

/** The zone table and what the probe derives from it. */
export interface RamoopsLayout {
  readonly memSize: number;
  /** Zone sizes after rounding down to powers of two. */
  readonly sizes: RamoopsZoneSizes;
  /** Every zone, in address order (built on first use: see dumpZone). */
  readonly zones: readonly RamoopsZoneSpec[];
  /** The dmesg zones (built on first use: see dumpZone). */
  readonly dmesg: readonly RamoopsZoneSpec[];
  /**
   * dmesg zone 0, or null without dump zones. Every dump zone has its size,
   * capacity, signature and flags; zone i starts at i × size
   * ({@link ramoopsDumpZone}). Use it to walk many dump zones cheaply.
   */
  readonly dumpZone: RamoopsZoneSpec | null;
  /** The zones after the dump area (console, pmsg, ftrace), in address order. */
  readonly afterDumps: readonly RamoopsZoneSpec[];
  readonly console: RamoopsZoneSpec | null;
  readonly pmsg: RamoopsZoneSpec | null;
  readonly ftrace: readonly RamoopsZoneSpec[];
  /** max_dump_cnt: number of dmesg zones. */
  readonly dumpCount: number;
  /** Unused bytes at the end of the region. */
  readonly slack: { readonly offset: number; readonly size: number };
  /** psinfo->bufsize: the largest dmesg record pstore prepares (see RamoopsEra.bufsizeModel). */
  readonly bufsize: number;
  /** Rounding and other adjustments, in the kernel's words. */
  readonly notes: readonly string[];
}

const dumpLabel = (index: number, count: number): string =>
  count === 1 ? 'ramoops:dmesg' : `ramoops:dmesg(${index}/${count - 1})`;

/**
 * dmesg zone `index` of a layout, without building the whole table.
 * @throws RangeError for an index outside 0..dumpCount-1.
 */
export function ramoopsDumpZone(layout: RamoopsLayout, index: number): RamoopsZoneSpec {
  const zone0 = layout.dumpZone;
  if (zone0 === null || !Number.isInteger(index) || index < 0 || index >= layout.dumpCount) {
    throw new RangeError(`dmesg zone ${index} does not exist (${layout.dumpCount} dump zones)`);
  }
  return {
    ...zone0,
    index,
    offset: index * zone0.size,
    label: dumpLabel(index, layout.dumpCount)
  };
}

const noRoom = (name: string, size: number, offset: number, memSize: number): RamCoreError =>
  new RamCoreError(
    'ENOMEM',
    `no room for ${name} mem region (${hex(size)} bytes at offset ${hex(offset)}) in the ${hex(memSize)}-byte ramoops region`
  );

/**
 * Computes the zone table for a configuration on a kernel era.
 *
 * @example
 * ```ts
 * const layout = ramoopsLayout(ramoopsFromCmdline('ramoops.mem_size=0x100000', era), era, { nrCpus: 4 });
 * layout.dumpCount; // 253
 * ```
 * @throws RamCoreError EINVAL when the probe would reject the sizes or a
 * zone's ECC does not fit; ENOMEM when a zone does not fit in mem_size or
 * the dump area holds no record.
 */
export function ramoopsLayout(
  config: RamoopsPlatformData,
  era: RamoopsEra,
  options: RamoopsLayoutOptions
): RamoopsLayout {
  const { sizes, notes: probeNotes } = ramoopsProbeSizes(config);
  const notes = [...probeNotes];
  const { memSize } = config;
  const { nrCpus } = options;
  if (!Number.isSafeInteger(nrCpus) || nrCpus < 1) {
    throw new RamCoreError('EINVAL', `nr_cpus ${nrCpus} is not a positive CPU count`);
  }
  let perCpu = (config.flags & RAMOOPS_FLAG_FTRACE_PER_CPU) !== 0;
  if (perCpu && !era.ftracePerCpu) {
    perCpu = false;
    notes.push(
      `kernel ${era.label} has no per-CPU ftrace zones; flags ${hex(config.flags)} ignored`
    );
  }
  const ecc = config.ecc;
  const capacity = (type: RamoopsZoneType, size: number, offset: number): number => {
    try {
      return persistentRamGeometry(size, ecc).bufferSize;
    } catch (e) {
      if (!(e instanceof RamCoreError)) throw e;
      throw new RamCoreError(
        e.code,
        `failed to request ${type} mem region (${hex(size)} bytes at offset ${hex(offset)}): ${e.message}`
      );
    }
  };
  const after: RamoopsZoneSpec[] = [];
  let offset = 0;

  const add = (
    type: RamoopsSingleZone,
    index: number,
    count: number,
    size: number,
    flags: number
  ): void => {
    after.push({
      type,
      index,
      offset,
      size,
      dataCapacity: capacity(type, size, offset),
      sigXor: type === 'ftrace' ? linuxVersionCode(era.version) : 0,
      flags,
      label: count === 1 ? `ramoops:${type}` : `ramoops:${type}(${index}/${count - 1})`
    });
    offset += size;
  };
  const zapFlag = (type: RamoopsSingleZone): number =>
    era.zapAtProbe.includes(type) ? PRZ_FLAG_ZAP_OLD : 0;

  // dmesg: the space the other zones leave, cut into record-sized pieces.
  const dumpMem = memSize - sizes.consoleSize - sizes.ftraceSize - sizes.pmsgSize;
  let dumpCount = 0;
  let dumpZone: RamoopsZoneSpec | null = null;
  if (sizes.recordSize > 0) {
    if (dumpMem < 0) {
      throw new RamCoreError(
        'ENOMEM',
        `no room for dmesg mem region: console_size ${hex(sizes.consoleSize)} + ftrace_size ${hex(sizes.ftraceSize)} + ` +
          `pmsg_size ${hex(sizes.pmsgSize)} = ${hex(memSize - dumpMem)} exceed mem_size ${hex(memSize)}`
      );
    }
    const count = Math.floor(dumpMem / sizes.recordSize);
    checkDumpZoneCount(count, dumpMem, sizes.recordSize);
    // The generic init skips an empty dump area; the 4.9 one fails on it like on any count of 0.
    if (count === 0 && (dumpMem > 0 || era.dmesgZoneSizing === 'record_size')) {
      throw new RamCoreError(
        'ENOMEM',
        `dmesg record count == 0: the dump area of ${hex(dumpMem)} bytes left by mem_size ${hex(memSize)} ` +
          `holds no record of ${hex(sizes.recordSize)} bytes`
      );
    }
    let zoneSize = sizes.recordSize;
    if (era.dmesgZoneSizing === 'split' && count > 0) {
      zoneSize = Math.floor(dumpMem / count);
      if (era.evenZoneSize) zoneSize -= zoneSize % 2;
      if (zoneSize === 0) {
        throw new RamCoreError('EINVAL', `dmesg zone size == 0 (${hex(dumpMem)} / ${count})`);
      }
      if (zoneSize !== sizes.recordSize) {
        notes.push(
          `ramoops: ${count} dmesg zones of ${hex(zoneSize)} bytes share the ${hex(dumpMem)}-byte dump area`
        );
      }
    }
    if (count === 0) notes.push('ramoops: no space is left for dmesg zones; dumps are not stored');
    if (count > 0) {
      dumpCount = count;
      dumpZone = {
        type: 'dmesg',
        index: 0,
        offset: 0,
        size: zoneSize,
        dataCapacity: capacity('dmesg', zoneSize, 0),
        sigXor: 0,
        flags: 0,
        label: dumpLabel(0, count)
      };
      offset = count * zoneSize;
    }
  }

  for (const type of era.zoneOrder) {
    if (type !== 'ftrace' || !era.ftracePerCpu) {
      const size =
        type === 'console'
          ? sizes.consoleSize
          : type === 'pmsg'
            ? sizes.pmsgSize
            : sizes.ftraceSize;
      if (size === 0) continue;
      if (offset + size > memSize) throw noRoom(type, size, offset, memSize);
      add(type, 0, 1, size, zapFlag(type));
      continue;
    }
    // ftrace through the generic array init: one zone, or one per possible CPU.
    const total = sizes.ftraceSize;
    if (total === 0) continue;
    const count = perCpu ? nrCpus : 1;
    if (Math.floor(total / count) === 0) {
      throw new RamCoreError('EINVAL', `ftrace record size == 0 (${hex(total)} / ${count})`);
    }
    if (offset + total > memSize) throw noRoom('ftrace', total, offset, memSize);
    let zoneSize = Math.floor(total / count);
    if (era.evenZoneSize) zoneSize -= zoneSize % 2;
    if (zoneSize === 0) {
      throw new RamCoreError('EINVAL', `ftrace zone size == 0 (${hex(total)} / ${count})`);
    }
    const flags = (perCpu ? PRZ_FLAG_NO_LOCK : 0) | zapFlag('ftrace');
    for (let i = 0; i < count; i++) add('ftrace', i, count, zoneSize, flags);
  }

  const ftrace = after.filter((z) => z.type === 'ftrace');
  if (ftrace.length > 0 && !era.version.exact) {
    notes.push(
      `ftrace zones are signed with LINUX_VERSION_CODE ${hex(linuxVersionCode(era.version))}; ` +
        'give the exact kernel version (x.y.z) if the sublevel is not 0'
    );
  }
  if (dumpZone === null && era.probeNeedsDumpZone) {
    throw new RamCoreError(
      'EFAULT',
      `kernel ${era.label} cannot run without dump zones (record_size ${hex(sizes.recordSize)}, ` +
        `dump area ${hex(Math.max(dumpMem, 0))} bytes): ramoops_probe() takes bufsize from dprzs[0], a NULL ` +
        'pointer here, and oopses at boot (fixed by "pstore/ram: Run without kernel crash dump region" in ' +
        '5.2, 5.1.8, 4.19.49, 4.14.124)'
    );
  }
  const bufsize =
    era.bufsizeModel === 'buffer_size'
      ? (dumpZone?.dataCapacity ?? 0)
      : Math.max(sizes.recordSize, sizes.consoleSize ? 1024 : 0);
  checkDumpBuffer(bufsize, era);
  const console = after.find((z) => z.type === 'console') ?? null;
  const pmsg = after.find((z) => z.type === 'pmsg') ?? null;
  for (const [name, z] of [
    ['each dmesg zone', dumpZone],
    ['the console zone', console],
    ['the pmsg zone', pmsg],
    [ftrace.length > 1 ? 'each ftrace zone' : 'the ftrace zone', ftrace[0] ?? null]
  ] as const) {
    if (z) notes.push(...zoneCapacityNotes(name, z.size, z.dataCapacity, era));
  }

  let dmesg: RamoopsZoneSpec[] | undefined;
  let zones: RamoopsZoneSpec[] | undefined;
  const zone0 = dumpZone;
  const dumpZones = (): RamoopsZoneSpec[] => {
    if (dmesg === undefined) {
      dmesg = [];
      for (let i = 0; zone0 && i < dumpCount; i++) {
        dmesg.push({ ...zone0, index: i, offset: i * zone0.size, label: dumpLabel(i, dumpCount) });
      }
    }
    return dmesg;
  };
  return {
    memSize,
    sizes,
    get zones() {
      zones ??= [...dumpZones(), ...after];
      return zones;
    },
    get dmesg() {
      return dumpZones();
    },
    dumpZone,
    afterDumps: after,
    console,
    pmsg,
    ftrace,
    dumpCount,
    slack: { offset, size: memSize - offset },
    bufsize,
    notes
  };
}
