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
import { chooseCompression } from '@pstore/pstore-fs';
import { DEFAULT_KERNEL, parseKernelVersion, type KernelVersion } from '@pstore/ram-core';
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

export interface DeviceConfig {
  /** The words the configuration was read from (the board's first when they left mem_size out). */
  readonly params: string;
  readonly kernel: KernelVersion;
  readonly kernelText: string;
  readonly era: RamoopsEra;
  readonly config: RamoopsConfig;
  readonly layout: RamoopsLayout;
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

/** The zone a name points at: "dmesg3", "dmesg-3", "console", "pmsg", "ftrace", "ftrace0". */
export function zoneByName(cfg: DeviceConfig, name: string): number | null {
  const m = /^(dmesg|console|pmsg|ftrace)-?(\d+)?$/.exec(name);
  if (!m) return null;
  const index = m[2] === undefined ? 0 : Number(m[2]);
  const i = cfg.layout.zones.findIndex((z) => z.type === m[1] && z.index === index);
  return i < 0 ? null : i;
}

/** "dmesg 3", "console": how the zone map names a zone. */
export function zoneLabel(cfg: DeviceConfig, i: number): string {
  const z = cfg.layout.zones[i]!;
  const many = cfg.layout.zones.filter((x) => x.type === z.type).length > 1;
  return z.type === 'dmesg' || many ? `${z.type}${z.index}` : z.type;
}

/** The zone holding byte `offset` of the region, or null (slack). */
export function zoneAt(cfg: DeviceConfig, offset: number): number | null {
  const i = cfg.layout.zones.findIndex((z) => offset >= z.offset && offset < z.offset + z.size);
  return i < 0 ? null : i;
}
