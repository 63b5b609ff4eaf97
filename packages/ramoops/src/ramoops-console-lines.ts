/**
 * A run of console lines stored at once: what ramoops_pstore_write() of
 * one CONSOLE record per line leaves in the console zone, byte for byte,
 * with one ring write (one header update, one parity pass over the blocks
 * touched) per run instead of per line.
 *
 * Why it is the same: persistent_ram_write() appends to the ring; two
 * appends a and b leave what one append of a‖b leaves as long as a‖b fits
 * the ring (start advances by the same count, size saturates the same, the
 * same bytes land at the same places, and the parity of a block is a
 * function of its final bytes). A write longer than the ring keeps only its
 * tail and leaves start where it was, so runs are cut before they outgrow
 * the ring, and a line longer than the ring is written alone, as the kernel
 * writes it.
 *
 * Under fault injection (a write budget armed on the zone) a cut tears a
 * store where it lands, and what a torn run leaves differs from a torn
 * line: the lines are then written one by one, in the kernel's order.
 * Kernel counterpart: fs/pstore/ram.c ramoops_pstore_write() (PSTORE_TYPE_CONSOLE),
 * called once per line by pstore_console_write().
 */
import { ERRNO } from '@pstore/actor';
import type { RamoopsContext } from './ramoops-context.ts';

export function ramoopsWriteConsoleLines(
  cxt: RamoopsContext,
  bufs: Uint8Array,
  ends: Uint32Array,
  from: number,
  to: number
): number {
  const prz = cxt.cprz;
  if (!prz) return -ERRNO.ENOMEM;
  const lineStart = (i: number) => (i === 0 ? 0 : ends[i - 1]!);
  // A view made by the constructor: subarray() costs more (it looks up the species).
  const write = (a: number, b: number) =>
    void prz.write(new Uint8Array(bufs.buffer, bufs.byteOffset + a, b - a));
  if (prz.tearable) {
    for (let i = from; i < to; i++) write(lineStart(i), ends[i]!);
    return 0;
  }
  const ring = prz.bufferSize;
  let runStart = lineStart(from);
  for (let i = from; i < to; i++) {
    const end = ends[i]!;
    if (end - runStart > ring) {
      // Line i would take the run past the ring: the run so far first, and
      // line i starts the next (alone, if it is longer than the ring itself).
      const start = lineStart(i);
      if (start > runStart) write(runStart, start);
      runStart = start;
    }
  }
  const last = ends[to - 1]!;
  if (last > runStart) write(runStart, last);
  return 0;
}
