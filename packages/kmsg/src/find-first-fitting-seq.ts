/**
 * Finds where a block of newest records starts so that it fits a reader's
 * buffer: sum the formatted sizes of [start, maxSeq), then drop the oldest
 * until the sum is <= size. Shared by kmsg_dump_get_buffer() and syslog(2).
 * Kernel counterpart: find_first_fitting_seq() in kernel/printk/printk.c.
 */
import type { PrintkReader } from './printk-config.ts';
import { recordPrintTextSize, type PrintTextOptions } from './record-print-text.ts';

/**
 * The first seq from which all finalized records up to (not including)
 * `maxSeq` fit in `size` bytes when formatted with `opts`. Returns `maxSeq`
 * (or the end) when not even the newest record fits.
 */
export function findFirstFittingSeq(
  ring: PrintkReader,
  startSeq: number,
  maxSeq: number,
  size: number,
  opts: PrintTextOptions
): number {
  let len = 0;
  let seq = startSeq;
  for (let r = ring.read(seq); r && r.seq < maxSeq; r = ring.read(seq)) {
    len += recordPrintTextSize(r, opts);
    seq = r.seq + 1;
  }
  // Never subtract sizes that were not added above.
  if (seq < maxSeq) maxSeq = seq;

  seq = startSeq;
  for (let r = ring.read(seq); r; r = ring.read(seq)) {
    if (len <= size || r.seq >= maxSeq) break;
    len -= recordPrintTextSize(r, opts);
    seq = r.seq + 1;
  }
  return seq;
}
