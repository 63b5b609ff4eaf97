/**
 * How the board's answers are shown: the zone map with what the probe found,
 * the file listing, and the report after a boot.
 * Kernel counterpart: none.
 */
import type { PstoreFileInfo } from '@pstore/pstore-fs';
import type { Board, BootResult } from '../board.ts';
import { painter, visibleLength, type Paint, type Style } from '@pstore/cli-kit';
import { zoneLabel } from '../device-config.ts';

const hex = (n: number, w = 0) => `0x${n.toString(16).padStart(w, '0')}`;

/** No colours (tests, pipes). */
export const plain: Paint = painter(false);

/** A plain table: columns padded to their widest cell (cells may be coloured). */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map((r) => visibleLength(r[i] ?? '')))
  );
  const line = (r: readonly string[]) =>
    r
      .map((c, i) => c + ' '.repeat(Math.max(0, widths[i]! - visibleLength(c))))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}

export function formatFiles(files: readonly PstoreFileInfo[]): string[] {
  if (!files.length) return ['(no files)'];
  return table(
    ['file', 'size', 'mode', 'mtime'],
    files.map((f) => [
      f.name,
      String(f.size),
      `0${f.mode.toString(8)}`,
      new Date(f.mtimeMs).toISOString()
    ])
  );
}

/** The colour of what the last probe found: data green, nothing dim, a reset zone red. */
const FOUND_STYLE: Readonly<Record<string, Style | null>> = {
  valid: 'green',
  empty: 'dim',
  'no-signature': 'red',
  invalid: 'red'
};

/** The zone map, folding runs of dump zones in the same state. */
export function formatZones(board: Board, paint: Paint = plain): string[] {
  const probed = board.lastBoot?.zones ?? [];
  const rows: string[][] = [];
  const zones = board.config.zones;
  for (let i = 0; i < zones.length; i++) {
    const z = zones[i]!;
    const state = (k: number) => {
      const p = probed[k];
      if (!p) return '-';
      // pstore/zone's own verdict where it has one (blank, record, overtop, …).
      const f = 'state' in p ? p.state : p.probe.found.state;
      return p.oldSize ? `${f}, ${p.oldSize} bytes saved` : f;
    };
    let j = i;
    while (z.type === 'dmesg' && zones[j + 1]?.type === 'dmesg' && state(j + 1) === state(i)) j++;
    const name = j > i ? `dmesg${z.index}..${zones[j]!.index}` : zoneLabel(board.config, i);
    const ecc = probed.slice(i, j + 1).reduce((n, p) => n + p.correctedBytes, 0);
    rows.push([
      name,
      hex(z.offset, 6),
      hex(z.size),
      String(z.dataCapacity),
      paint(FOUND_STYLE[probed[i]?.probe.found.state ?? ''] ?? null, state(i)),
      ecc ? `${ecc} corrected` : ''
    ]);
    i = j;
  }
  return table(['zone', 'offset', 'size', 'data', 'last probe', 'ECC'], rows);
}

export function formatBoot(r: BootResult, paint: Paint = plain): string[] {
  const lines = [`boot ${r.boot}: ${r.files.length} file(s) in pstore-fs`];
  for (const l of r.faults.recovered) lines.push(`  ${paint('green', 'recovered:')} ${l}`);
  for (const l of r.faults.corrected) lines.push(`  ${paint('yellow', 'ECC corrected:')} ${l}`);
  for (const l of r.faults.injected) lines.push(`  ${paint('magenta', 'fault injected')} ${l}`);
  for (const l of r.faults.lost) lines.push(`  ${paint('red', 'lost:')} ${l}`);
  return lines;
}
