/**
 * The registered console drivers of one printk ring, and the console lock
 * that serialises printing to them. Every record the ring finalizes is
 * printed to every usable console, in order, by whoever holds the lock.
 *
 * oops_in_progress in this model: bustSpinlocks(true) raises it (as
 * oops_begin() does). printk still only TRIES the console lock, as always;
 * drivers see the flag in their write context and should use trylock on
 * their own locks (as 8250 or pstore's 4.9 console do). With one thread an
 * uncontended trylock always succeeds, so nothing is dropped here; if the
 * lock is held (consoleLock() stands in for a CPU stuck holding it),
 * messages wait, and consoleFlushOnPanic() prints them anyway, ignoring and
 * then releasing the lock, as panic() does. consoleUnblank() under
 * oops_in_progress gives up instead of waiting.
 *
 * Kernel counterpart: register_console(), unregister_console(),
 * console_lock()/console_trylock()/console_unlock(), console_flush_all(),
 * console_flush_on_panic(), console_unblank(), console_stop()/console_start(),
 * console_cpu_notify() (kernel/printk/printk.c, 6.1) and bust_spinlocks()
 * (lib/bust_spinlocks.c).
 */
import { KERN_INFO, type PrintkLineReader } from '@pstore/kmsg';
import { checkConsole, CON_BOOT, CON_ENABLED, CON_PRINTBUFFER, type Console } from './console.ts';
import { ConsoleError } from './console-error.ts';
import { ConsoleSem } from './console-sem.ts';
import {
  consoleEmitNextRecord,
  consoleIsUsable,
  type ConsoleState,
  type EmitSettings
} from './console-emit.ts';

/** CONSOLE_LOGLEVEL_DEFAULT: records below level 7 (debug) are printed. */
const CONSOLE_LOGLEVEL_DEFAULT = 7;
/** CONSOLE_LOGLEVEL_QUIET: console_loglevel with "quiet" on the command line. */
export const CONSOLE_LOGLEVEL_QUIET = 4;

/** Options of a {@link ConsoleRegistry}; every field has the kernel's default. */
export interface ConsoleRegistryOptions {
  /** console_loglevel (loglevel=). Default 7. */
  readonly consoleLoglevel?: number;
  /** ignore_loglevel: print every level. Default false. */
  readonly ignoreLoglevel?: boolean;
  /** console_msg_format=syslog adds "<N>" to console lines. Default 'default'. */
  readonly msgFormat?: 'default' | 'syslog';
  /** Buffer for one formatted record (CONSOLE_LOG_MAX, 1024 in 6.1). */
  readonly consoleLogMax?: number;
  /**
   * Prefix of the registry's own messages ("printk: console [ttyS0] enabled").
   * Default 'printk: ' (printk.c's pr_fmt in 5.x/6.x); older kernels printed none.
   */
  readonly prFmt?: string;
}

/**
 * What the console layer reads and is woken by: the printk ring itself
 * (PrintkRing), or the console actor's window of kmsg's ring.
 */
export interface ConsoleLogSource extends PrintkLineReader {
  /** Where a CON_PRINTBUFFER console's replay starts (syslog_seq). */
  readonly syslogSeq: number;
  /** Calls `listener` after each record stored (vprintk_emit() → console_unlock()). */
  subscribeStores(listener: () => void): () => void;
  /** printk() of the console layer's own messages ("console [ttyS0] enabled"). */
  printk(text: string): number;
}

/** Order in which flushOnPanic() starts: pending records only, or the whole log again. */
export type ConsoleFlushMode = 'pending' | 'replay-all';

function checkLevel(what: string, v: number): void {
  if (!Number.isInteger(v) || v < 0 || v > 15) {
    throw new ConsoleError('EINVAL', `${what} ${String(v)} is not an integer in 0..15`);
  }
}

/** The console drivers fed by one printk ring (or a window of one). */
export class ConsoleRegistry {
  #consoleLoglevel: number;
  ignoreLoglevel: boolean;
  msgFormat: 'default' | 'syslog';
  readonly consoleLogMax: number;
  readonly prFmt: string;
  readonly #ring: ConsoleLogSource;
  readonly #sem = new ConsoleSem();
  /** Replaced, not changed, on (un)registration: a flush in progress keeps the list it read. */
  #consoles: readonly ConsoleState[] = [];
  readonly #unsubscribe: () => void;
  #oopsInProgress = 0;
  #cpuOnline = true;
  #lastSettings: EmitSettings;

  constructor(ring: ConsoleLogSource, options: ConsoleRegistryOptions = {}) {
    this.#ring = ring;
    this.#consoleLoglevel = options.consoleLoglevel ?? CONSOLE_LOGLEVEL_DEFAULT;
    checkLevel('console_loglevel', this.#consoleLoglevel);
    this.ignoreLoglevel = options.ignoreLoglevel ?? false;
    this.msgFormat = options.msgFormat ?? 'default';
    this.consoleLogMax = options.consoleLogMax ?? 1024;
    if (!Number.isInteger(this.consoleLogMax) || this.consoleLogMax < 2) {
      throw new ConsoleError('EINVAL', `consoleLogMax ${this.consoleLogMax} is below 2`);
    }
    this.prFmt = options.prFmt ?? 'printk: ';
    this.#lastSettings = {
      consoleLoglevel: -1,
      ignoreLoglevel: false,
      msgFormat: 'default',
      consoleLogMax: this.consoleLogMax,
      oopsInProgress: false,
      cpuOnline: false
    };
    // vprintk_emit(): after storing, try the lock; the holder prints.
    // (The console layer reads the ring itself: it needs no record made.)
    this.#unsubscribe = ring.subscribeStores(() => {
      if (this.#sem.trylock()) this.#unlockAndFlush();
    });
  }

  /** console_loglevel. */
  get consoleLoglevel(): number {
    return this.#consoleLoglevel;
  }
  set consoleLoglevel(v: number) {
    checkLevel('console_loglevel', v);
    this.#consoleLoglevel = v;
  }

  /** oops_in_progress (a counter, as bust_spinlocks() nests). */
  get oopsInProgress(): number {
    return this.#oopsInProgress;
  }

  /** Registered consoles in printing order. */
  get consoles(): readonly Console[] {
    return this.#consoles.map((s) => s.con);
  }

  /** Stops following the ring (no more printing). */
  detach(): void {
    this.#unsubscribe();
  }

  /**
   * register_console(). A CON_PRINTBUFFER console first gets the log from
   * syslog_seq (the oldest record unless /proc/kmsg consumed some), with a
   * "** N printk messages dropped **" notice for records already overwritten;
   * others start with the next record. Then "console [name<index>] enabled"
   * is logged (and printed). A console without CON_ENABLED is registered but
   * silent until consoleStart(); "console=" matching is not modelled.
   * @throws ConsoleError EINVAL for a bad console, EBUSY if already
   *   registered, EDEADLK if the console lock is held.
   */
  registerConsole(con: Console): void {
    checkConsole(con);
    if (this.#consoles.some((s) => s.con === con)) {
      throw new ConsoleError('EBUSY', `console '${con.name}${con.index}' already registered`);
    }
    this.#sem.lock(`register_console(${con.name})`);
    const seq = con.flags & CON_PRINTBUFFER ? this.#ring.syslogSeq : this.#ring.nextSeq;
    this.#consoles = [...this.#consoles, { con, seq, dropped: 0 }];
    this.#unlockAndFlush();
    if (con.flags & CON_ENABLED) this.#announce(con, 'enabled');
  }

  /**
   * unregister_console(): logs "console [name<index>] disabled" (still printed
   * to the console itself), removes it and clears CON_ENABLED.
   * @throws ConsoleError ENODEV if it is not registered (after logging, like the
   *   kernel), EDEADLK if the console lock is held.
   */
  unregisterConsole(con: Console): void {
    // The kernel logs first and then sleeps in console_lock(); fail before any effect instead.
    if (this.#sem.held) this.#sem.lock(`unregister_console(${con.name})`);
    this.#announce(con, 'disabled');
    const i = this.#consoles.findIndex((s) => s.con === con);
    if (i < 0) {
      throw new ConsoleError('ENODEV', `console '${con.name}${con.index}' is not registered`);
    }
    this.#consoles = this.#consoles.filter((_, k) => k !== i);
    con.flags &= ~CON_ENABLED;
  }

  /** console_stop(): no more output to `con`; its backlog waits. */
  consoleStop(con: Console): void {
    this.#sem.lock(`console_stop(${con.name})`);
    con.flags &= ~CON_ENABLED;
    this.#unlockAndFlush();
  }

  /** console_start(): output resumes, starting with what queued up while stopped. */
  consoleStart(con: Console): void {
    this.#sem.lock(`console_start(${con.name})`);
    con.flags |= CON_ENABLED;
    this.#unlockAndFlush();
  }

  /** console_lock(): hold back printing (e.g. while a driver reconfigures). */
  consoleLock(): void {
    this.#sem.lock('console_lock()');
  }

  /** console_trylock(). */
  consoleTrylock(): boolean {
    return this.#sem.trylock();
  }

  /**
   * console_unlock(): prints everything pending, then releases the lock.
   * @throws ConsoleError EINVAL if the lock is not held.
   */
  consoleUnlock(): void {
    if (!this.#sem.held) {
      throw new ConsoleError('EINVAL', 'console_unlock() without console_lock()');
    }
    this.#unlockAndFlush();
  }

  /**
   * console_flush_on_panic(): prints pending records even if the console lock
   * is held by someone else, then releases it. 'replay-all' first rewinds
   * every console to the oldest record.
   */
  consoleFlushOnPanic(mode: ConsoleFlushMode = 'pending'): void {
    this.#sem.steal();
    if (mode === 'replay-all') {
      const first = this.#ring.firstSeq;
      for (const s of this.#consoles) s.seq = first;
    }
    this.#unlockAndFlush();
  }

  /**
   * console_unblank(): calls unblank() of enabled consoles. Under
   * oops_in_progress it only tries the lock and returns false if busy.
   * @throws ConsoleError EDEADLK outside an oops if the lock is held.
   */
  consoleUnblank(): boolean {
    if (this.#oopsInProgress > 0) {
      if (!this.#sem.trylock()) return false;
    } else {
      this.#sem.lock('console_unblank()');
    }
    try {
      for (const { con } of this.#consoles) if (con.flags & CON_ENABLED) con.unblank?.();
    } finally {
      this.#unlockAndFlush();
    }
    return true;
  }

  /**
   * bust_spinlocks(): true when an oops starts (oops_in_progress++); false
   * when it ends (console_unblank(), then oops_in_progress--).
   * @throws ConsoleError EINVAL for an end without a start.
   */
  bustSpinlocks(yes: boolean): void {
    if (yes) {
      this.#oopsInProgress++;
      return;
    }
    if (this.#oopsInProgress === 0) {
      throw new ConsoleError('EINVAL', 'bust_spinlocks(0) without bust_spinlocks(1)');
    }
    try {
      this.consoleUnblank();
    } finally {
      this.#oopsInProgress--;
    }
  }

  /**
   * CPU hotplug: while this CPU is offline only CON_ANYTIME consoles print;
   * the others catch up when it comes back (console_cpu_notify()).
   */
  setCpuOnline(online: boolean): void {
    this.#cpuOnline = online;
    if (this.#sem.trylock()) this.#unlockAndFlush();
  }

  /**
   * The settings in force, as one object kept while none of them changes:
   * every console of every printk reads them, and a new object each time
   * cost the print path an allocation.
   */
  #settings(): EmitSettings {
    const s = this.#lastSettings;
    if (
      s.consoleLoglevel === this.#consoleLoglevel &&
      s.ignoreLoglevel === this.ignoreLoglevel &&
      s.msgFormat === this.msgFormat &&
      s.oopsInProgress === this.#oopsInProgress > 0 &&
      s.cpuOnline === this.#cpuOnline
    ) {
      return s;
    }
    return (this.#lastSettings = Object.freeze({
      consoleLoglevel: this.#consoleLoglevel,
      ignoreLoglevel: this.ignoreLoglevel,
      msgFormat: this.msgFormat,
      consoleLogMax: this.consoleLogMax,
      oopsInProgress: this.#oopsInProgress > 0,
      cpuOnline: this.#cpuOnline
    }));
  }

  /** console_unlock(): round-robin one record per console until all are up to date. */
  #unlockAndFlush(): void {
    try {
      for (let progress = true; progress;) {
        progress = false;
        for (const st of this.#consoles) {
          const s = this.#settings();
          if (consoleIsUsable(st.con, s) && consoleEmitNextRecord(st, this.#ring, s)) {
            progress = true;
          }
        }
        // Every console printed up to the newest record: another round would
        // only find that out again (one record per printk, nearly always).
        if (progress && this.#allPrinted()) break;
      }
    } finally {
      this.#sem.release();
    }
  }

  /** Whether every console's next record is past the newest one. */
  #allPrinted(): boolean {
    const next = this.#ring.nextSeq;
    for (const st of this.#consoles) if (st.seq < next) return false;
    return true;
  }

  #announce(con: Console, what: 'enabled' | 'disabled'): void {
    const boot = con.flags & CON_BOOT ? 'boot' : '';
    this.#ring.printk(
      `${KERN_INFO}${this.prFmt}${boot}console [${con.name}${con.index}] ${what}\n`
    );
  }
}
