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
 * A lock on words[index]. `owner` must be non-zero and unique per thread.
 * Waiters sleep in Atomics.wait (1 ms slices) when they may, else spin.
 */
export function createSharedZoneLock(words: Int32Array, index: number, owner: number): ZoneLock {
  if (!Number.isInteger(owner) || owner === 0) {
    throw new RangeError('lock owner must be a non-zero integer');
  }
  return {
    acquire() {
      for (;;) {
        const held = Atomics.compareExchange(words, index, 0, owner);
        if (held === 0) return;
        if ((waitable ??= canWait())) Atomics.wait(words, index, held, 1);
      }
    },
    release() {
      Atomics.store(words, index, 0);
      Atomics.notify(words, index, 1);
    }
  };
}

/**
 * Releases words[index] if `owner` holds it: for a supervisor that saw the
 * owner die mid-write. Returns true if it was held by that owner.
 */
export function breakZoneLock(words: Int32Array, index: number, owner: number): boolean {
  const released = Atomics.compareExchange(words, index, owner, 0) === owner;
  if (released) Atomics.notify(words, index);
  return released;
}
