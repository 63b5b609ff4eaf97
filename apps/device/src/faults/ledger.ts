/**
 * What the board did during one boot — lines printed, pmsg writes the
 * backend took, dumps stored with their bytes, faults injected, how the boot
 * ended — so that the next boot can compare what it got back with what was
 * written, byte for byte.
 * Kernel counterpart: none (the test bench's notebook).
 */
import type { InjectedFault } from './injected.ts';

type BootEnd = 'panic' | 'crash' | 'reboot' | 'poweroff' | 'power-cut' | null;

export interface LedgerDump {
  readonly reason: string;
  /** Whether the backend stored Part1 (write returned 0). */
  readonly stored: boolean;
  /** Part1 as a reader should get it back (uncompressed); null when not stored. */
  readonly content: Uint8Array | null;
}

export interface Ledger {
  readonly boot: number;
  /** Text of each printk'd line (no level, no newline). */
  readonly printk: string[];
  /**
   * Indices of `printk` lines never acknowledged in RAM: in flight when a
   * worker stopped (their flush did not pass), or measured lost by a
   * supervisor's restart. Every other line was acknowledged.
   */
  readonly printkUnacked: Set<number>;
  /** pmsg writes the backend stored (write(2) returned), in order. */
  readonly pmsg: Uint8Array[];
  /** Each kmsg_dump() that reached a backend. */
  readonly dumps: LedgerDump[];
  /** The dump zone this boot's first stored dump went to (pstore/blk goes on after the newest). */
  firstDumpZone: number;
  /** pstore/blk: the zones whose damaged headers this boot's recovery ignored (see report.ts). */
  ignoredZones: Set<string>;
  /** Faults injected during this boot or before the next one. */
  readonly faults: InjectedFault[];
  end: BootEnd;
  /** RAM lost with the power at the end of this boot. */
  ramLost: boolean;
}

export function newLedger(boot: number): Ledger {
  return {
    boot,
    printk: [],
    printkUnacked: new Set(),
    pmsg: [],
    dumps: [],
    firstDumpZone: 0,
    ignoredZones: new Set(),
    faults: [],
    end: null,
    ramLost: false
  };
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
