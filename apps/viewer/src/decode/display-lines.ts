/**
 * The lines the page shows for a record, and that the search box searches:
 * one list, so a search hit is always a line the reader can scroll to.
 * pmsg with Android frames shows logcat lines; a dump that stayed compressed
 * (.enc.z) shows a hex dump of its stream; everything else its text.
 */
import type { RecordView } from './types.ts';

/** Hex-dump rows shown at most for a compressed stream (64 KiB of it). */
const HEX_ROWS = 4096;

function hexDump(b: Uint8Array): string[] {
  const rows: string[] = [];
  for (let off = 0; off < b.length && rows.length < HEX_ROWS; off += 16) {
    const chunk = b.subarray(off, off + 16);
    const hexPart = Array.from(chunk, (x) => x.toString(16).padStart(2, '0')).join(' ');
    const ascii = Array.from(chunk, (x) =>
      x >= 0x20 && x < 0x7f ? String.fromCharCode(x) : '.'
    ).join('');
    rows.push(`${off.toString(16).padStart(8, '0')}  ${hexPart.padEnd(47)}  ${ascii}`);
  }
  if (b.length > HEX_ROWS * 16) {
    rows.push(`… ${b.length - HEX_ROWS * 16} more bytes (download the file)`);
  }
  return rows;
}

export function displayLines(r: RecordView): string[] {
  if (r.logcat) return r.logcat.map((l) => l.text);
  if (r.stillCompressed) return hexDump(r.bytes);
  const lines = new TextDecoder().decode(r.bytes).split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}
