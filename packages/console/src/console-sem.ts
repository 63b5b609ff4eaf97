/**
 * console_sem, the console lock, for a single-threaded model. Whoever holds
 * it prints everything pending to every console when it unlocks; printk()
 * only TRIES to take it, so a message stored while someone else holds the
 * lock is printed later by that holder, never dropped and never printed by
 * re-entering a driver.
 *
 * A blocking console_lock() on a held lock would wait for another CPU to
 * release it; here there is no other CPU, so it throws EDEADLK instead.
 * Kernel counterpart: console_lock(), console_trylock(), console_unlock()
 * (the up() part) in kernel/printk/printk.c.
 */
import { ConsoleError } from './console-error.ts';

/** The console lock. */
export class ConsoleSem {
  #held = false;

  /** True while someone holds the lock. */
  get held(): boolean {
    return this.#held;
  }

  /** console_trylock(): takes the lock if free. */
  trylock(): boolean {
    if (this.#held) return false;
    this.#held = true;
    return true;
  }

  /**
   * console_lock().
   * @throws ConsoleError EDEADLK if the lock is held (nobody could release it).
   */
  lock(what: string): void {
    if (this.#held) {
      throw new ConsoleError(
        'EDEADLK',
        `${what} needs console_lock(), which is held; in a single-threaded model it would never be released`
      );
    }
    this.#held = true;
  }

  /** Takes the lock whether or not it is held (console_flush_on_panic() ignores the owner). */
  steal(): void {
    this.#held = true;
  }

  /** up(console_sem). */
  release(): void {
    this.#held = false;
  }
}
