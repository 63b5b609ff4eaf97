/**
 * The time sources the pstore core uses: the wall clock stamped on dump
 * records and the timer behind pstore.update_ms. Injected, so that a
 * simulated board (or a test) decides what "now" is and when timers fire.
 * Kernel counterpart: ktime_get_real_fast_ns() in pstore_record_init(), and
 * the timer_list pstore_timer (mod_timer(), del_timer_sync()).
 */
import type { Timespec } from '../backend/record.ts';

/** The clock a {@link Pstore} runs on. */
export interface PstoreClock {
  /** CLOCK_REALTIME: the time written into dmesg headers ("====<sec>.<usec>"). */
  now(): Timespec;
  /** Calls `fn` once after `ms` milliseconds; returns a handle for clearTimeout. */
  setTimeout(fn: () => void, ms: number): unknown;
  /** Cancels a pending call (del_timer_sync()). */
  clearTimeout(handle: unknown): void;
}

/**
 * The host's clock: Date.now() and the global timers. Timers are unref'ed
 * where the host supports it, so an armed update timer does not keep a Node
 * process alive.
 */
let lastMs = -1;
let lastNow: Timespec = { sec: 0, nsec: 0 };

export const systemPstoreClock: PstoreClock = {
  now(): Timespec {
    const ms = Date.now();
    // Every console line stamps a record: within one millisecond they share
    // one (frozen) Timespec instead of making one each.
    if (ms !== lastMs) {
      lastMs = ms;
      lastNow = Object.freeze({ sec: Math.floor(ms / 1000), nsec: (ms % 1000) * 1_000_000 });
    }
    return lastNow;
  },
  setTimeout(fn: () => void, ms: number): unknown {
    const handle: unknown = globalThis.setTimeout(fn, ms);
    if (typeof handle === 'object' && handle !== null && 'unref' in handle) {
      (handle as { unref(): void }).unref();
    }
    return handle;
  },
  clearTimeout(handle: unknown): void {
    globalThis.clearTimeout(handle as Parameters<typeof globalThis.clearTimeout>[0]);
  }
};
