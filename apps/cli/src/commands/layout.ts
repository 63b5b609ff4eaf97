/**
 * `pstore layout`: the zone map a kernel of the given version computes from
 * the configuration — offsets, sizes, data capacity with ECC, signatures,
 * flags, and the rounding that was applied. A region may have up to 524288
 * dump zones: the table and the JSON are written a piece at a time from the
 * layout's description of them, never built whole.
 * Kernel counterpart: fs/pstore/ram.c ramoops_probe() (its dev_info lines
 * are this table's rows).
 */
import { chooseCompression } from '@pstore/pstore-fs';
import { formatKernelVersion, PRZ_FLAG_NO_LOCK, PRZ_FLAG_ZAP_OLD } from '@pstore/ram-core';
import {
  ramoopsDumpZone,
  ramoopsLayout,
  type RamoopsLayout,
  type RamoopsZoneSpec
} from '@pstore/ramoops';
import { optionValue, parseArgs, type OptionSpecs } from '../args.ts';
import {
  CONFIG_HELP,
  CONFIG_OPTIONS,
  machineConfig,
  type MachineConfig
} from '../config-options.ts';
import { hex } from '../format.ts';
import type { CommandIo } from './io.ts';
import { runLayoutBlk } from './layout-blk.ts';

const LAYOUT_HELP = `usage: pstore layout [config] [--kernel V] [--all] [--json]

Prints the ramoops zone map for a configuration and kernel version. Without a configuration:
pstore-ts's default board (see Defaults below).
  --all    one line per dmesg zone (default: runs of equal zones are folded)
  --json   machine-readable output
  --backend blk --size N
           the pstore/blk zones of a device of N bytes, from --params 'pstore_blk.kmsg_size=64 …'

${CONFIG_HELP}

example: pstore layout --params 'ramoops.mem_size=0x100000 ramoops.ecc=16' --kernel 6.1`;

/** The options `pstore layout` parses (shell completion reads them too). */
export const LAYOUT_OPTIONS: OptionSpecs = {
  ...CONFIG_OPTIONS,
  all: {},
  json: {},
  backend: { value: true },
  size: { value: true },
  help: {},
  h: {}
};

const flagNames = (flags: number) =>
  [flags & PRZ_FLAG_NO_LOCK ? 'NO_LOCK' : '', flags & PRZ_FLAG_ZAP_OLD ? 'ZAP_OLD' : '']
    .filter(Boolean)
    .join(',') || '-';

export function zoneName(z: RamoopsZoneSpec, count: number): string {
  return count > 1 || z.type === 'dmesg' ? `${z.type} ${z.index}` : z.type;
}

/** Notes of the configuration, the layout, and what the kernel logs choosing its compressor. */
function layoutNotes(m: MachineConfig, layout: RamoopsLayout): string[] {
  const warning = chooseCompression(m.version, m.config.pstore.compress).warning;
  return [...m.config.warnings, ...layout.notes, ...(warning ? [warning] : [])];
}

const zoneJson = (z: RamoopsZoneSpec) => ({
  type: z.type,
  index: z.index,
  offset: z.offset,
  size: z.size,
  dataCapacity: z.dataCapacity,
  sig: hex((0x43474244 ^ z.sigXor) >>> 0, 8),
  flags: flagNames(z.flags),
  label: z.label
});

function jsonHead(m: MachineConfig, layout: RamoopsLayout) {
  return {
    kernel: formatKernelVersion(m.version),
    memSize: layout.memSize,
    memAddress: m.config.memAddress === null ? null : hex(m.config.memAddress),
    dumpCount: layout.dumpCount,
    bufsize: layout.bufsize,
    ecc: m.config.ecc.eccSize,
    sizes: layout.sizes,
    zones: [] as unknown[],
    slack: layout.slack,
    notes: layoutNotes(m, layout)
  };
}

/** One flat object as JSON.stringify(obj, null, 2) writes it at `pad` (no nested values). */
function flatJson(obj: Readonly<Record<string, string | number>>, pad: string): string {
  let text = `${pad}{`;
  let sep = '\n';
  for (const [k, v] of Object.entries(obj)) {
    text += `${sep}${pad}  ${JSON.stringify(k)}: ${typeof v === 'number' ? v : JSON.stringify(v)}`;
    sep = ',\n';
  }
  return `${text}\n${pad}}`;
}

/**
 * The lines JSON.stringify of the whole layout (jsonHead with every zone's
 * zoneJson, in address order) writes at indent 2, produced zone by zone.
 */
function* jsonLines(m: MachineConfig, layout: RamoopsLayout): Generator<string> {
  const head = JSON.stringify(jsonHead(m, layout), null, 2);
  const marker = '\n  "zones": []';
  const at = head.indexOf(marker);
  if (at < 0 || layout.dumpCount + layout.afterDumps.length === 0) {
    yield head;
    return;
  }
  yield `${head.slice(0, at)}\n  "zones": [`;
  const dumpZone = dumpZoneJson(layout);
  const more = layout.afterDumps.length > 0;
  for (let i = 0; i < layout.dumpCount; i++) {
    yield dumpZone(i) + (more || i < layout.dumpCount - 1 ? ',' : '');
  }
  for (const [i, z] of layout.afterDumps.entries()) {
    yield flatJson(zoneJson(z), '    ') + (i < layout.afterDumps.length - 1 ? ',' : '');
  }
  yield `  ]${head.slice(at + marker.length)}`;
}

/**
 * Dump zone i's JSON text. Dump zones differ only in index, offset and
 * label, so the text of zone 0 is cut at those three values once and the
 * pieces are reused: 500k zones cost string joins, not 500k serialisations.
 */
function dumpZoneJson(layout: RamoopsLayout): (i: number) => string {
  const zone0 = layout.dumpZone;
  if (zone0 === null) return () => '';
  const [INDEX, OFFSET, LABEL] = [-123456789, -987654321, '\u0000'];
  const text = flatJson(zoneJson({ ...zone0, index: INDEX, offset: OFFSET, label: LABEL }), '    ');
  const [a = '', rest = ''] = text.split(String(INDEX));
  const [b = '', rest2 = ''] = rest.split(String(OFFSET));
  const [c = '', d = ''] = rest2.split(JSON.stringify(LABEL));
  const size = zone0.size;
  return (i) =>
    `${a}${i}${b}${i * size}${c}${JSON.stringify(ramoopsDumpZone(layout, i).label)}${d}`;
}

/** Writes lines in chunks of about 1 MiB: one write per line would be slow for 500k zones. */
function emit(lines: Iterable<string>, io: CommandIo): void {
  let chunk: string[] = [];
  let size = 0;
  for (const line of lines) {
    chunk.push(line);
    size += line.length + 1;
    if (size >= 1 << 20) {
      io.out(chunk.join('\n'));
      chunk = [];
      size = 0;
    }
  }
  if (chunk.length) io.out(chunk.join('\n'));
}

export function runLayout(argv: readonly string[], io: CommandIo): number {
  const args = parseArgs(argv, LAYOUT_OPTIONS, 'layout');
  if (args.options.has('help') || args.options.has('h')) {
    io.out(LAYOUT_HELP);
    return 0;
  }
  if (args.positional.length) {
    io.fail(`unexpected argument "${args.positional[0]}" (see pstore layout --help)`);
  }
  const backend = optionValue(args, 'backend') ?? 'ramoops';
  if (backend === 'blk') return runLayoutBlk(args, io);
  if (backend !== 'ramoops') io.fail(`--backend must be ramoops or blk (got "${backend}")`);
  if (args.options.has('size')) {
    io.fail('--size goes with --backend blk (a ramoops region has --mem-size)');
  }
  const m = machineConfig(args);
  const layout = ramoopsLayout(m.config, m.era, { nrCpus: m.nrCpus });
  emit(
    args.options.has('json') ? jsonLines(m, layout) : textLines(m, layout, args.options.has('all')),
    io
  );
  return 0;
}

/**
 * The table's rows: dump zones folded into one row unless `all`, then the
 * other zones. `ends`: only the first and last dump zone of an unfolded run.
 */
function* rows(
  m: MachineConfig,
  layout: RamoopsLayout,
  all: boolean,
  ends = false
): Generator<string[]> {
  const base = m.config.memAddress;
  const phys = (off: number) => (base === null ? '' : hex(base + BigInt(off)));
  const row = (z: RamoopsZoneSpec, name: string, size: string) => [
    name,
    hex(z.offset, 6),
    phys(z.offset),
    size,
    String(z.dataCapacity),
    hex((0x43474244 ^ z.sigXor) >>> 0, 8),
    flagNames(z.flags)
  ];
  const zone0 = layout.dumpZone;
  if (zone0 && !all && layout.dumpCount > 1) {
    // Every dump zone has zone 0's size: one row says it all.
    yield row(
      zone0,
      `dmesg 0..${layout.dumpCount - 1}`,
      `${layout.dumpCount} × ${hex(zone0.size)}`
    );
  } else {
    const last = layout.dumpCount - 1;
    for (let i = 0; i <= last; i = ends && i < last - 1 ? last : i + 1) {
      const z = ramoopsDumpZone(layout, i);
      yield row(z, zoneName(z, layout.dumpCount), hex(z.size));
    }
  }
  const counts = new Map<string, number>();
  for (const z of layout.afterDumps) counts.set(z.type, (counts.get(z.type) ?? 0) + 1);
  for (const z of layout.afterDumps) yield row(z, zoneName(z, counts.get(z.type)!), hex(z.size));
}

/** The lines of the text output; the table is aligned as format.ts table() aligns it. */
function* textLines(m: MachineConfig, layout: RamoopsLayout, all: boolean): Generator<string> {
  const base = m.config.memAddress;
  yield (
    `ramoops layout: kernel ${m.era.label}, mem_size ${hex(layout.memSize)}` +
    (base === null ? '' : ` at ${hex(base)}`) +
    `, ECC ${m.config.ecc.eccSize || 'off'}, ${layout.dumpCount} dump zone(s), bufsize ${layout.bufsize}`
  );
  yield '';
  const header = ['zone', 'offset', base === null ? '' : 'phys', 'size', 'data', 'sig', 'flags'];
  // Cells only grow along the dump zones (index, offset), so the first and
  // last of them and the other zones give the widths: no pass over 500k rows.
  const widths = header.map((h) => h.length);
  for (const r of rows(m, layout, all, true)) {
    for (const [i, c] of r.entries()) widths[i] = Math.max(widths[i]!, c.length);
  }
  const line = (r: readonly string[]) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  yield line(header);
  yield widths.map((w) => '-'.repeat(w)).join('  ');
  for (const r of rows(m, layout, all)) yield line(r);
  const tail = [
    ...(layout.slack.size
      ? [`unused: ${layout.slack.size} bytes at ${hex(layout.slack.offset)}`]
      : []),
    ...layoutNotes(m, layout).map((n) => `note: ${n}`)
  ];
  if (tail.length) yield* ['', ...tail];
}
