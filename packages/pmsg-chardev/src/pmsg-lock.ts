/**
 * The lock that serialises pmsg writes, so that two writers' records never interleave in
 * the pmsg zone. Across worker threads it lives in shared memory: one Int32 word of a
 * SharedArrayBuffer that every thread's lock object points at.
 * Kernel counterpart: fs/pstore/pmsg.c pmsg_lock (DEFINE_MUTEX; an rt_mutex in 6.2), taken
 * around psinfo->write_user() in write_pmsg().
 *
 * ABI of the shared word (it is shared between threads, so all agree on it):
 * 0 = free, 1 = held, 2 = held and someone may be waiting (the classic futex mutex).
 * A thread blocks in Atomics.wait where it may (workers, Node's main thread) and spins
 * where it may not (a browser's main thread), like the kernel's mutex sleeps.
 */
import { PmsgDeviceError } from './pmsg-errno.ts';

/** What write() takes around the backend call. ram-core's ZoneLock has the same shape. */
export interface PmsgLock {
  acquire(): void;
  release(): void;
}

/** Int32 words the shared lock needs. */
export const PMSG_LOCK_WORDS = 1;

const FREE = 0;
const HELD = 1;
const CONTENDED = 2;

let waitable: boolean | undefined;
/** Whether this thread may block in Atomics.wait (browsers' main thread may not). */
function canWait(): boolean {
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * A mutex on `words[index]`. Without `words` it is private to this thread (a fresh word);
 * pass an Int32Array over a SharedArrayBuffer, the same one in every worker, to serialise
 * writers in all of them. Re-acquiring a lock this object already holds would wait forever
 * (the kernel's mutex deadlocks; lockdep reports it): it throws EDEADLK instead.
 *
 * @example
 * ```ts
 * const words = new Int32Array(new SharedArrayBuffer(4 * PMSG_LOCK_WORDS)); // send to workers
 * const lock = createPmsgLock(words, 0); // in each thread
 * ```
 */
export function createPmsgLock(words?: Int32Array, index = 0): PmsgLock {
  const w = words ?? new Int32Array(new SharedArrayBuffer(4 * PMSG_LOCK_WORDS));
  if (!Number.isInteger(index) || index < 0 || index >= w.length) {
    throw new RangeError(`lock word ${index} is outside the ${w.length} words given`);
  }
  let mine = false;
  const sleep = (): void => {
    if ((waitable ??= canWait())) Atomics.wait(w, index, CONTENDED);
  };
  return {
    acquire() {
      if (mine) {
        throw new PmsgDeviceError('EDEADLK', 'pmsg_lock is already held by this thread');
      }
      let c = Atomics.compareExchange(w, index, FREE, HELD);
      if (c !== FREE) {
        if (c !== CONTENDED) c = Atomics.exchange(w, index, CONTENDED);
        while (c !== FREE) {
          sleep();
          c = Atomics.exchange(w, index, CONTENDED);
        }
      }
      mine = true;
    },
    release() {
      if (!mine) {
        throw new PmsgDeviceError('EINVAL', 'pmsg_lock released by a thread not holding it');
      }
      mine = false;
      if (Atomics.sub(w, index, 1) !== HELD) {
        Atomics.store(w, index, FREE);
        Atomics.notify(w, index, 1);
      }
    }
  };
}
