/**
 * The machine the board simulates: kernel version, ramoops configuration
 * (from `ramoops.*` / `pstore.*` words as on a kernel command line) and the
 * zone layout the kernel computes from them.
 * Kernel counterpart: the boot command line and fs/pstore/ram.c's probe.
 */
import { DEFAULT_KERNEL, parseKernelVersion, type KernelVersion } from '@pstore/ram-core';
import {
  ramoopsEra,
  ramoopsFromCmdline,
  ramoopsLayout,
  type RamoopsConfig,
  type RamoopsEra,
  type RamoopsLayout
} from '@pstore/ramoops';

/** What the board boots with unless told otherwise: 1 MiB, ECC on. */
export const DEFAULT_PARAMS =
  'ramoops.mem_size=0x100000 ramoops.record_size=0x4000 ramoops.console_size=0x20000 ' +
  'ramoops.pmsg_size=0x10000 ramoops.ftrace_size=0x1000 ramoops.ecc=16';

export interface DeviceConfig {
  readonly params: string;
  readonly kernel: KernelVersion;
  readonly kernelText: string;
  readonly era: RamoopsEra;
  readonly config: RamoopsConfig;
  readonly layout: RamoopsLayout;
  readonly nrCpus: number;
}

/** @throws RamCoreError / PstoreFormatError for a configuration a kernel would refuse. */
export function deviceConfig(params = DEFAULT_PARAMS, kernelText = DEFAULT_KERNEL): DeviceConfig {
  const kernel = parseKernelVersion(kernelText);
  const era = ramoopsEra(kernel);
  const words = /(^|\s)ramoops\.mem_size=/.test(params) ? params : `${DEFAULT_PARAMS} ${params}`;
  const config = ramoopsFromCmdline(words, era);
  const nrCpus = 1;
  const layout = ramoopsLayout(config, era, { nrCpus });
  return { params: words, kernel, kernelText, era, config, layout, nrCpus };
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
