/**
 * A clock that only moves when told to: the wall time is set by the owner and
 * timers fire from advance(), in expiry order, synchronously. What a
 * simulated board or a test drives the pstore update timer with.
 * Kernel counterpart: none (it stands in for jiffies and the timer wheel).
 */
import type { Timespec } from '../backend/record.ts';
import { PstoreError } from '../errors.ts';
import type { PstoreClock } from './clock.ts';

interface PendingTimer {
  readonly id: number;
  readonly at: number;
  readonly fn: () => void;
}

/** A manual {@link PstoreClock}. */
export class SimulatedPstoreClock implements PstoreClock {
  /** Wall clock returned by now(); advance() moves it too. */
  wall: Timespec;
  #elapsedMs = 0;
  #nextId = 1;
  #timers: PendingTimer[] = [];

  constructor(wall: Timespec = { sec: 0, nsec: 0 }) {
    this.wall = wall;
  }

  /** Milliseconds advanced since construction (the timer base). */
  get elapsedMs(): number {
    return this.#elapsedMs;
  }

  /** How many timers are armed. */
  get pending(): number {
    return this.#timers.length;
  }

  now(): Timespec {
    return this.wall;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.#nextId++;
    this.#timers.push({ id, at: this.#elapsedMs + Math.max(0, ms), fn });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.#timers = this.#timers.filter((t) => t.id !== handle);
  }

  /**
   * Moves time forward by `ms`, firing every timer that expires on the way,
   * earliest first (timers armed by a callback fire too if they expire in
   * the window). The wall clock advances by the same amount.
   * @throws PstoreError EINVAL for a negative or non-finite step.
   */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) {
      throw new PstoreError('EINVAL', `cannot advance the clock by ${ms} ms`);
    }
    const end = this.#elapsedMs + ms;
    for (;;) {
      const next = this.#timers.reduce<PendingTimer | null>(
        (a, t) => (a === null || t.at < a.at || (t.at === a.at && t.id < a.id) ? t : a),
        null
      );
      if (!next || next.at > end) break;
      this.#timers = this.#timers.filter((t) => t !== next);
      this.#moveTo(next.at);
      next.fn();
    }
    this.#moveTo(end);
  }

  #moveTo(ms: number): void {
    const delta = ms - this.#elapsedMs;
    this.#elapsedMs = ms;
    const total = this.wall.nsec + Math.round(delta * 1e6);
    this.wall = {
      sec: this.wall.sec + Math.floor(total / 1e9),
      nsec: total % 1e9
    };
  }
}
