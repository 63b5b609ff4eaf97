/**
 * The machine the board simulates: kernel version, ramoops configuration
 * (from `ramoops.*` / `pstore.*` words as on a kernel command line) and the
 * zone layout the kernel computes from them. The defaults are pstore-ts's
 * default board, shared with `pstore` (@pstore/ramoops ramoopsBoardConfig()):
 * no words, the board; words without ramoops.mem_size, the board with those
 * parameters replaced; words with it, a whole kernel command line (module
 * defaults for the rest).
 * Kernel counterpart: the boot command line and fs/pstore/ram.c's probe.
 */
import { chooseCompression, PstoreError } from '@pstore/pstore-fs';
import { DEFAULT_KERNEL, parseKernelVersion, type KernelVersion } from '@pstore/ram-core';
import {
  blkConfigFromCmdline,
  pstoreZoneInfo,
  pszLayout,
  KMSG_HEADER_SIZE,
  type BlkConfig,
  type PszLayout
} from '@pstore/pstore-zone';
import {
  PSTORE_TS_DEFAULT_BOARD,
  ramoopsBoardConfig,
  ramoopsEra,
  ramoopsLayout,
  type RamoopsConfig,
  type RamoopsEra,
  type RamoopsLayout
} from '@pstore/ramoops';

/** What the board boots with unless told otherwise: pstore-ts's default board (1 MiB, ECC on). */
export const DEFAULT_PARAMS = PSTORE_TS_DEFAULT_BOARD;

/** The pstore backend the board's kernel stores through. */
export type DeviceBackend = 'ramoops' | 'blk';

/** A zone of the board's storage, whichever backend laid it out. */
interface StorageZone {
  readonly type: 'dmesg' | 'console' | 'pmsg' | 'ftrace';
  readonly index: number;
  readonly offset: number;
  readonly size: number;
  /** Bytes of data the zone holds (after its headers). */
  readonly dataCapacity: number;
}

/** pstore/blk's side of the configuration: the words taken and the zones of the disk. */
interface BlkDeviceConfig {
  readonly config: BlkConfig;
  readonly layout: PszLayout;
  /** The disk: the partition pstore_blk.blkdev names, byte 0 its first. */
  readonly diskSize: number;
  /**
   * The device writes at panic (struct pstore_zone_info panic_write: an MTD,
   * a board's own writer). A block device has none: a panic dump then stays
   * in memory and is lost, as on the kernel's pstore/blk.
   */
  readonly panicWrite: boolean;
}

export interface DeviceConfig {
  readonly backend: DeviceBackend;
  /** The words the configuration was read from (the board's first when they left mem_size out). */
  readonly params: string;
  readonly kernel: KernelVersion;
  readonly kernelText: string;
  readonly era: RamoopsEra;
  /**
   * ramoops: the configuration and layout of the region. With the blk
   * backend, pstore.* words only are read from it (compress, backend,
   * kmsg_bytes); its region is not used.
   */
  readonly config: RamoopsConfig;
  readonly layout: RamoopsLayout;
  /** The blk backend's disk and zones; null for ramoops. */
  readonly blk: BlkDeviceConfig | null;
  /** Every zone of the storage, in address order. */
  readonly zones: readonly StorageZone[];
  readonly nrCpus: number;
  /** What the user should know about the configuration (a kernel newer than pstore-ts knows). */
  readonly notes: readonly string[];
}

/**
 * @throws RamCoreError / PstoreFormatError for a configuration a kernel
 * would refuse, a kernel version pstore-ts does not model, or a
 * pstore.compress name no kernel knew.
 */
export function deviceConfig(params = '', kernelText = DEFAULT_KERNEL): DeviceConfig {
  const kernel = parseKernelVersion(kernelText);
  const era = ramoopsEra(kernel);
  const board = ramoopsBoardConfig(params, era);
  const config = board.config;
  chooseCompression(kernel, config.pstore.compress);
  const nrCpus = 1;
  const layout = ramoopsLayout(config, era, { nrCpus });
  return {
    backend: 'ramoops',
    blk: null,
    zones: layout.zones,
    params:
      board.basis === 'default-board' ? `${PSTORE_TS_DEFAULT_BOARD} ${params}`.trim() : params,
    kernel,
    kernelText,
    era,
    config,
    layout,
    nrCpus,
    notes: era.notes
  };
}

/**
 * The board's pstore/blk defaults: one 64 KiB zone each for the console and
 * pmsg, 64 KiB dump zones (blk.c's own default size) filling the rest, and
 * best_effort (a disk with no panic write). A kernel built with those
 * frontends, as the custom kernel of tools/kernel-interop is.
 */
export const BLK_DEFAULT_PARAMS =
  'pstore_blk.kmsg_size=64 pstore_blk.pmsg_size=64 pstore_blk.console_size=64 pstore_blk.best_effort=y';

/** A new disk's size when --disk names a missing file: 1 MiB. */
export const BLK_DEFAULT_DISK_SIZE = 1 << 20;

const BLK_WORD = /^pstore_blk\.(\w+)=/;

/**
 * The board on pstore/blk: `pstore_blk.*` words (the board's defaults for
 * the sizes not given; any size word given replaces the defaults' sizes, so
 * that a frontend left out has no zone, as a kernel without it) and
 * `pstore.*` words, over a disk of `diskSize` bytes.
 * @throws PstoreError for words or a disk pstore/blk refuses, with the numbers.
 */
export function blkDeviceConfig(
  params = '',
  kernelText = DEFAULT_KERNEL,
  diskSize = BLK_DEFAULT_DISK_SIZE,
  panicWrite = false
): DeviceConfig {
  const kernel = parseKernelVersion(kernelText);
  const era = ramoopsEra(kernel);
  const words = params.trim().split(/\s+/).filter(Boolean);
  const stray = words.filter((w) => !w.startsWith('pstore_blk.') && !w.startsWith('pstore.'));
  if (stray.length) {
    throw new PstoreError(
      'EINVAL',
      `the blk backend takes pstore_blk.* and pstore.* words, not ${stray.join(' ')}`
    );
  }
  const sized = words.some((w) => /_size$/.test(BLK_WORD.exec(w)?.[1] ?? ''));
  const all = sized ? words.join(' ') : `${BLK_DEFAULT_PARAMS} ${words.join(' ')}`.trim();
  const given = (n: string) => new RegExp(`(?:^|\\s)pstore_blk\\.${n}_size=`).test(all);
  const config = blkConfigFromCmdline(all, {
    pmsg: given('pmsg'),
    console: given('console'),
    ftrace: given('ftrace')
  });
  const nrCpus = 1;
  const layout = pszLayout(pstoreZoneInfo(config, diskSize, kernel, nrCpus));
  // pstore.* words (compress, kmsg_bytes) as the ramoops board reads them.
  const pstoreWords = words.filter((w) => w.startsWith('pstore.')).join(' ');
  const ramoops = ramoopsBoardConfig(pstoreWords, era);
  chooseCompression(kernel, ramoops.config.pstore.compress);
  return {
    backend: 'blk',
    params: all,
    kernel,
    kernelText,
    era,
    config: ramoops.config,
    layout: ramoopsLayout(ramoops.config, era, { nrCpus }),
    blk: { config, layout, diskSize, panicWrite },
    zones: layout.zones.map((z) => ({
      type: z.type,
      index: z.index,
      offset: z.offset,
      size: z.size,
      dataCapacity: z.type === 'dmesg' ? z.capacity - KMSG_HEADER_SIZE : z.capacity
    })),
    nrCpus,
    notes: [...era.notes, ...config.warnings, ...layout.info.warnings]
  };
}

/** The zone a name points at: "dmesg3", "dmesg-3", "console", "pmsg", "ftrace", "ftrace0". */
export function zoneByName(cfg: DeviceConfig, name: string): number | null {
  const m = /^(dmesg|console|pmsg|ftrace)-?(\d+)?$/.exec(name);
  if (!m) return null;
  const index = m[2] === undefined ? 0 : Number(m[2]);
  const i = cfg.zones.findIndex((z) => z.type === m[1] && z.index === index);
  return i < 0 ? null : i;
}

/** "dmesg 3", "console": how the zone map names a zone. */
export function zoneLabel(cfg: DeviceConfig, i: number): string {
  const z = cfg.zones[i]!;
  const many = cfg.zones.filter((x) => x.type === z.type).length > 1;
  return z.type === 'dmesg' || many ? `${z.type}${z.index}` : z.type;
}

/** The zone holding byte `offset` of the region, or null (slack). */
export function zoneAt(cfg: DeviceConfig, offset: number): number | null {
  const i = cfg.zones.findIndex((z) => offset >= z.offset && offset < z.offset + z.size);
  return i < 0 ? null : i;
}
