/** Small text helpers for the CLI's tables. */
import { visibleLength } from '@pstore/cli-kit';

export const hex = (n: number | bigint, width = 0): string =>
  `0x${n.toString(16).padStart(width, '0')}`;

/** Renders rows as aligned columns; the header row is underlined. Cells may be coloured. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => visibleLength(r[i] ?? ''))));
  const pad = (c: string, w: number) => c + ' '.repeat(Math.max(0, w - visibleLength(c)));
  const line = (r: readonly string[]) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : pad(c, widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
