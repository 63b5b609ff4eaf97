/**
 * syslog(SYSLOG_ACTION_READ_ALL / READ_CLEAR), i.e. "dmesg -r" and "dmesg -c":
 * the newest records since clear_seq that fit `size` bytes, in the syslog
 * format; with `clear`, clear_seq moves past what was returned.
 * Kernel counterpart: syslog_print_all() in kernel/printk/printk.c.
 */
import { checkInt } from './errors.ts';
import { findFirstFittingSeq } from './find-first-fitting-seq.ts';
import { CONSOLE_LOG_MAX } from './printk-config.ts';
import type { PrintkRing } from './printk-ring.ts';
import { recordPrintText } from './record-print-text.ts';

/**
 * Reads the log as "dmesg -r" does (each record formatted in a
 * CONSOLE_LOG_MAX buffer, like the kernel's bounce buffer).
 * @param clear READ_CLEAR ("dmesg -c"): later dumps and reads start after the returned records.
 */
export function syslogPrintAll(ring: PrintkRing, size: number, clear = false): Uint8Array {
  checkInt('syslog read size', size, 0, Number.MAX_SAFE_INTEGER);
  if (size === 0) return new Uint8Array(0);
  const opts = { syslog: true, time: ring.printkTime, caller: ring.printkCaller };
  let seq = findFirstFittingSeq(ring, ring.clearSeq, Number.POSITIVE_INFINITY, size, opts);
  const parts: Uint8Array[] = [];
  let len = 0;
  // The kernel re-checks len + textlen > size here because records may arrive
  // concurrently; single-threaded, everything from `seq` on fits.
  for (let r = ring.read(seq); r; r = ring.read(seq)) {
    const text = recordPrintText(r, opts, CONSOLE_LOG_MAX);
    parts.push(text);
    len += text.length;
    seq = r.seq + 1;
  }
  if (clear) ring.setClearSeq(seq);
  const out = new Uint8Array(len);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
