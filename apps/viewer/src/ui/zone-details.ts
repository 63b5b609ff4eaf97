/**
 * What a zone's tile says when it is hovered or focused: offsets, sizes,
 * signature, fill and ring head, ECC health, and the reason the kernel
 * rejected it — one list of lines, shown in the tooltip and read out as the
 * tile's accessible description.
 */
import type { ZoneView } from '../decode/types.ts';
import { bytes, hex } from './dom.ts';
import { tileName, type Tile } from './zone-tiles.ts';

const hex8 = (n: number) => `0x${(n >>> 0).toString(16).padStart(8, '0')}`;

/** A short summary of a zone's ECC health. */
export function eccSummary(z: ZoneView): string {
  const e = z.ecc;
  if (!e) return 'ECC off';
  const corrected = e.blocks.filter((b) => b.state === 'corrected');
  const bad = e.blocks.filter((b) => b.state === 'unrecoverable');
  const parts = [`ECC ${e.eccSize}: ${e.checked} of ${e.total} blocks checked`];
  if (!e.blocks.length) parts.push(e.checked ? 'all clean' : 'nothing to check');
  if (corrected.length) {
    parts.push(
      `${corrected.length} corrected (block ${corrected.map((b) => `${b.index}: ${b.symbols} symbol(s)`).join(', ')})`
    );
  }
  if (bad.length) {
    parts.push(`${bad.length} unrecoverable (block ${bad.map((b) => b.index).join(', ')})`);
  }
  if (e.header < 0) parts.push('header uncorrectable');
  else if (e.header > 0) parts.push(`header: ${e.header} symbol(s) corrected`);
  return parts.join('; ');
}

function signatureLine(z: ZoneView): string {
  const { stored, read, expected } = z.signature;
  const as =
    read === stored
      ? `signature ${hex8(stored)}`
      : `signature ${hex8(stored)} as stored, ${hex8(read)} after the header's ECC decode`;
  return as + (read === expected ? ' (as expected)' : `; this layout expects ${hex8(expected)}`);
}

export function zoneDetails(t: Tile): string[] {
  const { first: z, count, last, reasons } = t.run;
  const lines = [
    count > 1
      ? `${tileName(t)} (${count} zones${reasons === 1 ? ', each alike' : ''})`
      : tileName(t),
    `state: ${z.state}${z.rejected ? ' (rejected)' : ''}`,
    count > 1
      ? `offsets ${hex(z.offset)}–${hex(last.end - 1)}, ${bytes(z.size)} each`
      : `offset ${hex(z.offset)}–${hex(z.offset + z.size - 1)} (${bytes(z.size)}), data capacity ${z.capacity} bytes`,
    signatureLine(z)
  ];
  if (z.used !== null && z.start !== null && (z.used || z.start)) {
    const pct = z.capacity ? ((100 * z.used) / z.capacity).toFixed(1) : '0';
    lines.push(`holds ${z.used} of ${z.capacity} bytes (${pct}%), ring head at ${z.start}`);
  }
  lines.push(eccSummary(z));
  if (z.reason) lines.push(z.reason);
  if (reasons > 1) {
    lines.push(`(the first zone's reason; ${reasons - 1} other reason(s) in this run)`);
  }
  if (z.file) lines.push(`file: ${z.file} (Enter shows it)`);
  return lines;
}
