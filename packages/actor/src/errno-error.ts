/**
 * The base of every package's errno-style error (KmsgError, RamCoreError,
 * PstoreError, …): a code a caller can switch on, its Linux number from the
 * one table, and a message naming the values involved (pr_err() style).
 * Kernel counterpart: none (the kernel returns a negative errno; a thrown
 * error carries the same number, positive, beside its name).
 */
import { ERRNO, type ErrnoName } from './errno.ts';

/** What toJSON() gives: a plain object, because structured clone drops an Error's own fields. */
export interface ErrnoErrorJSON<C extends string = string, N extends string = string> {
  name: N;
  code: C;
  errno: number;
  message: string;
}

/**
 * A failure with an errno. Subclasses only narrow the codes and set `name`
 * (`override readonly name = 'KmsgError'`), so every package's errors look
 * alike on the wire.
 */
export class ErrnoError<C extends ErrnoName = ErrnoName> extends Error {
  override readonly name: string = 'ErrnoError';
  /** The positive Linux errno for `code`. */
  readonly errno: number;

  constructor(
    readonly code: C,
    message: string
  ) {
    super(message);
    this.errno = ERRNO[code];
  }

  /** A plain object that survives structured clone (postMessage, comlink). */
  toJSON(): ErrnoErrorJSON<C, this['name']> {
    return { name: this.name, code: this.code, errno: this.errno, message: this.message };
  }
}
