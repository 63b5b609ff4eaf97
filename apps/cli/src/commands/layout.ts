/**
 * `pstore layout`: the zone map a kernel of the given version computes from
 * the configuration — offsets, sizes, data capacity with ECC, signatures,
 * flags, and the rounding that was applied.
 */
import { formatKernelVersion, PRZ_FLAG_NO_LOCK, PRZ_FLAG_ZAP_OLD } from '@pstore/ram-core';
import { ramoopsLayout, type RamoopsLayout, type RamoopsZoneSpec } from '@pstore/ramoops';
import { parseArgs } from '../args.ts';
import {
  CONFIG_HELP,
  CONFIG_OPTIONS,
  machineConfig,
  type MachineConfig
} from '../config-options.ts';
import { hex, table } from '../format.ts';
import type { CommandIo } from './io.ts';

/** What `pstore layout` assumes without a configuration: 1 MiB, the ramoops.rst example. */
export const DEFAULT_MEM_SIZE = 0x100000;

export const LAYOUT_HELP = `usage: pstore layout [config] [--kernel V] [--all] [--json]

Prints the ramoops zone map for a configuration and kernel version. Without a configuration:
mem_size 0x100000 and the module parameters' defaults (4 KiB record/console/ftrace/pmsg).
  --all    one line per dmesg zone (default: runs of equal zones are folded)
  --json   machine-readable output

${CONFIG_HELP}

example: pstore layout --params 'ramoops.mem_size=0x100000 ramoops.ecc=16' --kernel 6.1`;

const flagNames = (flags: number) =>
  [flags & PRZ_FLAG_NO_LOCK ? 'NO_LOCK' : '', flags & PRZ_FLAG_ZAP_OLD ? 'ZAP_OLD' : '']
    .filter(Boolean)
    .join(',') || '-';

export function zoneName(z: RamoopsZoneSpec, count: number): string {
  return count > 1 || z.type === 'dmesg' ? `${z.type} ${z.index}` : z.type;
}

export function layoutJson(m: MachineConfig, layout: RamoopsLayout) {
  return {
    kernel: formatKernelVersion(m.version),
    memSize: layout.memSize,
    memAddress: m.config.memAddress === null ? null : hex(m.config.memAddress),
    dumpCount: layout.dumpCount,
    bufsize: layout.bufsize,
    ecc: m.config.ecc.eccSize,
    sizes: layout.sizes,
    zones: layout.zones.map((z) => ({
      type: z.type,
      index: z.index,
      offset: z.offset,
      size: z.size,
      dataCapacity: z.dataCapacity,
      sig: hex((0x43474244 ^ z.sigXor) >>> 0, 8),
      flags: flagNames(z.flags),
      label: z.label
    })),
    slack: layout.slack,
    notes: [...m.config.warnings, ...layout.notes]
  };
}

export function runLayout(argv: readonly string[], io: CommandIo): number {
  const args = parseArgs(argv, { ...CONFIG_OPTIONS, all: {}, json: {}, help: {}, h: {} }, 'layout');
  if (args.options.has('help') || args.options.has('h')) {
    io.out(LAYOUT_HELP);
    return 0;
  }
  if (args.positional.length) {
    io.fail(`unexpected argument "${args.positional[0]}" (see pstore layout --help)`);
  }
  const m = machineConfig(args, DEFAULT_MEM_SIZE);
  const layout = ramoopsLayout(m.config, m.era, { nrCpus: m.nrCpus });
  if (args.options.has('json')) {
    io.out(JSON.stringify(layoutJson(m, layout), null, 2));
    return 0;
  }
  io.out(layoutText(m, layout, args.options.has('all')));
  return 0;
}

export function layoutText(m: MachineConfig, layout: RamoopsLayout, all: boolean): string {
  const base = m.config.memAddress;
  const phys = (off: number) => (base === null ? '' : hex(base + BigInt(off)));
  const counts = new Map<string, number>();
  for (const z of layout.zones) counts.set(z.type, (counts.get(z.type) ?? 0) + 1);
  const rows: string[][] = [];
  const zones = layout.zones;
  for (let i = 0; i < zones.length; i++) {
    const z = zones[i]!;
    let j = i;
    if (!all && z.type === 'dmesg') {
      while (
        j + 1 < zones.length &&
        zones[j + 1]!.type === 'dmesg' &&
        zones[j + 1]!.size === z.size
      ) {
        j++;
      }
    }
    const name = j > i ? `dmesg ${z.index}..${zones[j]!.index}` : zoneName(z, counts.get(z.type)!);
    const size = j > i ? `${j - i + 1} × ${hex(z.size)}` : hex(z.size);
    rows.push([
      name,
      hex(z.offset, 6),
      phys(z.offset),
      size,
      String(z.dataCapacity),
      hex((0x43474244 ^ z.sigXor) >>> 0, 8),
      flagNames(z.flags)
    ]);
    i = j;
  }
  const head = [
    `ramoops layout: kernel ${m.era.label}, mem_size ${hex(layout.memSize)}` +
      (base === null ? '' : ` at ${hex(base)}`) +
      `, ECC ${m.config.ecc.eccSize || 'off'}, ${layout.dumpCount} dump zone(s), bufsize ${layout.bufsize}`,
    ''
  ];
  const t = table(
    ['zone', 'offset', base === null ? '' : 'phys', 'size', 'data', 'sig', 'flags'],
    rows
  );
  const notes = [...m.config.warnings, ...layout.notes];
  const slack = layout.slack.size
    ? [`unused: ${layout.slack.size} bytes at ${hex(layout.slack.offset)}`]
    : [];
  return [...head, t, '', ...slack, ...notes.map((n) => `note: ${n}`)].join('\n').trimEnd();
}
