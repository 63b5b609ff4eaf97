/**
 * What the board did during one boot — lines printed, pmsg writes the
 * backend took, dumps stored, faults injected, how the boot ended — so that
 * the next boot can say what it recovered and what was lost.
 * Kernel counterpart: none (the test bench's notebook).
 */

export type BootEnd = 'panic' | 'crash' | 'reboot' | 'poweroff' | 'power-cut' | null;

export interface Ledger {
  readonly boot: number;
  /** Text of each printk'd line (no level, no newline). */
  readonly printk: string[];
  /** pmsg writes the backend stored, in order. */
  readonly pmsg: Uint8Array[];
  /** Each kmsg_dump(): its reason and whether the backend stored Part1. */
  readonly dumps: { readonly reason: string; readonly stored: boolean }[];
  /** Faults injected during this boot or before the next one, in words. */
  readonly faults: string[];
  end: BootEnd;
  /** RAM lost with the power at the end of this boot. */
  ramLost: boolean;
}

export function newLedger(boot: number): Ledger {
  return { boot, printk: [], pmsg: [], dumps: [], faults: [], end: null, ramLost: false };
}

/** How many bytes the pmsg writes the backend stored add up to. */
export function pmsgBytes(ledger: Ledger): number {
  return ledger.pmsg.reduce((n, w) => n + w.length, 0);
}

/** The bytes the pmsg ring should hold: the writes, cut to the zone's capacity (the tail stays). */
export function expectedPmsg(ledger: Ledger, capacity: number): Uint8Array {
  const total = pmsgBytes(ledger);
  const all = new Uint8Array(total);
  let o = 0;
  for (const w of ledger.pmsg) {
    all.set(w, o);
    o += w.length;
  }
  return all.length > capacity ? all.subarray(all.length - capacity) : all;
}
