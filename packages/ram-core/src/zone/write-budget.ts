/**
 * A budget of bytes a writer may still store into persistent RAM, for fault
 * injection: when it runs out mid-store, the store is cut at that byte and
 * the writer stops dead — exactly the torn write a power cut or a CPU reset
 * leaves on hardware. A header field (an aligned 32-bit atomic_t) is the
 * exception: it is stored whole or not at all, as on every CPU. The zone's stores happen in the kernel's order
 * (size, start, data, data parity, header parity), so what survives a cut is
 * what a real crash at that instant would leave.
 * Kernel counterpart: none (the hardware's behaviour under persistent_ram_write()).
 */

export interface WriteBudget {
  /** Grants up to `bytes` of a store; returns how many may be written (0..bytes). */
  take(bytes: number): number;
}

/** Thrown when the budget ran out: the writer must not continue (its thread is killed). */
export class WriterStoppedError extends Error {
  override readonly name = 'WriterStoppedError';
  constructor(
    /** Bytes of the interrupted store that did reach RAM. */
    readonly written: number,
    /** Bytes the store wanted. */
    readonly wanted: number
  ) {
    super(`write budget exhausted: stopped after ${written} of ${wanted} bytes of a store`);
  }
}

/** A budget of `bytes`; Infinity never stops. */
export function createWriteBudget(bytes: number): WriteBudget & { readonly remaining: number } {
  let remaining = bytes;
  return {
    get remaining() {
      return remaining;
    },
    take(n) {
      const granted = Math.min(n, remaining);
      remaining -= granted;
      return granted;
    }
  };
}
