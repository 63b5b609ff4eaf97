/**
 * The pstore.update_ms timer: every update_ms milliseconds, if an oops dump
 * was stored since the last tick, the filesystem is rescanned quietly so the
 * new dmesg file appears while the system keeps running.
 * Kernel counterpart: fs/pstore/platform.c pstore_timer, pstore_timer_kick(),
 * pstore_timefunc(), pstore_dowork() (pstore_get_records(1)).
 */
import type { PstoreClock } from './clock.ts';

/** The update timer of one pstore instance. */
export class PstoreUpdateTimer {
  /** pstore_new_entry: an oops part was stored since the last tick. */
  newEntry = false;
  #handle: unknown = null;
  #armed = false;

  /**
   * @param clock the injected timer source.
   * @param periodMs pstore.update_ms; negative = off.
   * @param work the deferred rescan (pstore_dowork()).
   */
  constructor(
    private readonly clock: PstoreClock,
    readonly periodMs: number,
    private readonly work: () => void
  ) {}

  /** True while a tick is pending. */
  get armed(): boolean {
    return this.#armed;
  }

  /**
   * pstore_timer_kick() / mod_timer(): (re)arms the timer one period from
   * now; a pending tick is pushed back. Does nothing when update_ms < 0.
   */
  kick(): void {
    if (this.periodMs < 0) return;
    this.stop();
    this.#armed = true;
    this.#handle = this.clock.setTimeout(() => this.#tick(), this.periodMs);
  }

  /** del_timer_sync(). */
  stop(): void {
    if (this.#armed) this.clock.clearTimeout(this.#handle);
    this.#armed = false;
    this.#handle = null;
  }

  /** pstore_timefunc(): the work runs in the tick itself (no separate workqueue). */
  #tick(): void {
    this.#armed = false;
    try {
      if (this.newEntry) {
        this.newEntry = false;
        this.work();
      }
    } finally {
      this.kick();
    }
  }
}
