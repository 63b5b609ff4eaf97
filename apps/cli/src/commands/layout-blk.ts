/**
 * `pstore layout --backend blk --size N`: the zones pstore/zone lays out on
 * a device of N bytes from the pstore_blk.* words — pmsg, console, the
 * per-CPU ftrace zones, then the dump zones — with each zone's signature and
 * data capacity, psinfo->bufsize and the bytes left unused.
 * Kernel counterpart: fs/pstore/zone.c psz_alloc_zones(); blk.c
 * verify_size() (the warnings).
 */
import { pstoreZoneInfo, pszLayout, pszSig, type PszZone } from '@pstore/pstore-zone';
import { formatKernelVersion } from '@pstore/ram-core';
import { optionInt, type ParsedArgs } from '../args.ts';
import { blkSetup, unsizedNote } from '../blk-options.ts';
import { hex, table } from '../format.ts';
import type { CommandIo } from './io.ts';

const zoneName = (z: PszZone, counts: ReadonlyMap<string, number>): string =>
  (counts.get(z.type) ?? 0) > 1 || z.type === 'dmesg' ? `${z.type} ${z.index}` : z.type;

export function runLayoutBlk(args: ParsedArgs, io: CommandIo): number {
  const size = optionInt(args, 'size');
  if (size === undefined) {
    io.fail("--backend blk needs --size N: the partition's bytes (the layout depends on it)");
  }
  const blk = blkSetup(args);
  const layout = pszLayout(pstoreZoneInfo(blk.config, size, blk.version, blk.cpus));
  const counts = new Map<string, number>();
  for (const z of layout.zones) counts.set(z.type, (counts.get(z.type) ?? 0) + 1);
  const notes = [...blk.config.warnings, ...layout.info.warnings];
  const unsized = unsizedNote(blk.unsized);
  if (unsized) notes.push(unsized);
  const kernel = formatKernelVersion(blk.version);
  if (args.options.has('json')) {
    io.out(
      JSON.stringify(
        {
          backend: 'blk',
          kernel,
          size: layout.info.totalSize,
          bufsize: layout.bufsize,
          unused: layout.unused,
          zones: layout.zones.map((z) => ({
            name: zoneName(z, counts),
            type: z.type,
            index: z.index,
            offset: z.offset,
            size: z.size,
            dataCapacity: z.capacity,
            sig: pszSig(z.type)
          })),
          notes
        },
        null,
        2
      )
    );
    return 0;
  }
  const all = args.options.has('all');
  const rows: string[][] = [];
  const dumps = layout.zones.filter((z) => z.type === 'dmesg');
  for (const z of layout.zones) {
    if (z.type === 'dmesg' && !all && dumps.length > 1) {
      if (z.index > 0) continue;
      const last = dumps[dumps.length - 1]!;
      rows.push([
        `dmesg 0..${last.index}`,
        hex(z.offset, 6),
        `${dumps.length} × ${hex(z.size)}`,
        String(z.capacity),
        hex(pszSig(z.type), 8)
      ]);
      continue;
    }
    rows.push([
      zoneName(z, counts),
      hex(z.offset, 6),
      hex(z.size),
      String(z.capacity),
      hex(pszSig(z.type), 8)
    ]);
  }
  io.out(
    [
      `pstore/blk layout: kernel ${kernel}, device of ${hex(layout.info.totalSize)} bytes, ` +
        `${dumps.length} dump zone(s), bufsize ${layout.bufsize}` +
        (layout.unused ? `, ${layout.unused} byte(s) unused at the end` : ''),
      '',
      table(['zone', 'offset', 'size', 'data', 'sig'], rows),
      ...notes.map((n) => `note: ${n}`)
    ].join('\n')
  );
  return 0;
}
