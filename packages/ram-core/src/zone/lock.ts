/**
 * The per-zone lock, in shared memory so that workers writing the same zone
 * exclude each other. Kernel counterpart: prz->buffer_lock, the raw spinlock
 * taken in ram_core.c buffer_start_add()/buffer_size_add().
 *
 * The lock word holds the owner's id (0 = free) rather than a bare 1, so a
 * supervisor can release a lock whose owner was killed in the middle of a
 * write (the kernel never needs this: a crash takes every CPU with it).
 */

export interface ZoneLock {
  acquire(): void;
  release(): void;
}

/** For PRZ_FLAG_NO_LOCK zones, and for zones only one thread writes. */
export const NO_LOCK: ZoneLock = { acquire() {}, release() {} };

/** Whether this thread may block in Atomics.wait (browsers' main thread may not). */
function canWait(): boolean {
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
    return true;
  } catch {
    return false;
  }
}
let waitable: boolean | undefined;

/**
 * Set in a held lock's word once a thread waits for it: only then does the
 * release wake one (Atomics.notify() costs ~60 ns even with no one to wake,
 * and every zone write releases a lock). Owner ids stay below it.
 */
const WAITERS = 1 << 30;

/**
 * A lock on words[index]. `owner` must be in 1..2^30 − 1 and unique per
 * thread. Waiters mark the word, then sleep in Atomics.wait (1 ms slices)
 * when they may, else spin; one that waited takes the lock still marked, as
 * others may be waiting too (the futex mutex of Drepper's "Futexes Are
 * Tricky").
 */
export function createSharedZoneLock(words: Int32Array, index: number, owner: number): ZoneLock {
  if (!Number.isInteger(owner) || owner <= 0 || owner >= WAITERS) {
    throw new RangeError(`lock owner must be an integer in 1..${WAITERS - 1} (got ${owner})`);
  }
  return {
    acquire() {
      let held = Atomics.compareExchange(words, index, 0, owner);
      if (held === 0) return;
      for (;;) {
        if (held !== 0 && (held & WAITERS) === 0) {
          // Mark the holder's word; if it changed meanwhile, look again.
          const seen = Atomics.compareExchange(words, index, held, held | WAITERS);
          if (seen !== held) {
            held = seen === 0 ? Atomics.compareExchange(words, index, 0, owner | WAITERS) : seen;
            if (held === 0) return;
            continue;
          }
          held |= WAITERS;
        }
        if ((waitable ??= canWait())) Atomics.wait(words, index, held, 1);
        held = Atomics.compareExchange(words, index, 0, owner | WAITERS);
        if (held === 0) return;
      }
    },
    release() {
      if (Atomics.exchange(words, index, 0) & WAITERS) Atomics.notify(words, index, 1);
    }
  };
}

/**
 * Releases words[index] if `owner` holds it: for a supervisor that saw the
 * owner die mid-write. Returns true if it was held by that owner.
 */
export function breakZoneLock(words: Int32Array, index: number, owner: number): boolean {
  for (;;) {
    const held = Atomics.load(words, index);
    if ((held & ~WAITERS) !== owner) return false;
    if (Atomics.compareExchange(words, index, held, 0) === held) {
      Atomics.notify(words, index);
      return true;
    }
  }
}
