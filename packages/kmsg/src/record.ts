/**
 * A printk record as readers see it: the finalized text and its metadata.
 * Kernel counterpart: struct printk_info and struct dev_printk_info
 * (kernel/printk/printk_ringbuffer.h, include/linux/dev_printk.h).
 */

/** The dictionary dev_printk() attaches (shown as " SUBSYSTEM=…"/" DEVICE=…" in /dev/kmsg). */
export interface DevPrintkInfo {
  readonly subsystem?: string;
  readonly device?: string;
}

/** One finalized record of the printk ring. Immutable once a reader sees it. */
export interface PrintkRecord {
  /** Sequence number; increases by one per record from 0 at boot. */
  readonly seq: number;
  /** local_clock() at the first printk of the record, in ns since boot. */
  readonly tsNsec: bigint;
  /** syslog facility (0 = kernel, 1 = user, …). */
  readonly facility: number;
  /** Log level 0..7. */
  readonly level: number;
  /** LOG_NEWLINE | LOG_CONT. */
  readonly flags: number;
  /** Caller id (see caller-id.ts). */
  readonly callerId: number;
  /** Text bytes without the trailing newline; may contain inner newlines. Do not mutate. */
  readonly text: Uint8Array;
  /** dev_printk() dictionary, or null. */
  readonly devInfo: DevPrintkInfo | null;
}

/** Number of lines printk's formatters print for `text` (inner newlines + 1). */
export function countLines(text: Uint8Array): number {
  let n = 1;
  for (const b of text) if (b === 0x0a) n++;
  return n;
}
