/**
 * An error as data: what crosses a worker boundary instead of a throw
 * (structured clone and comlink drop an Error's own fields), built from the
 * one errno table so that a code always travels with its own number.
 * Kernel counterpart: none (a negative errno return value, as an object).
 */
import { ERRNO, type ErrnoName } from './errno.ts';

/** An error as data; a protocol narrows `code` to the names it reports. */
export interface ActorErrorData<C extends string = string> {
  readonly code: C;
  readonly errno: number;
  readonly message: string;
}

/** `{ code, errno, message }` with the Linux number of `code`. */
export function errnoData<C extends ErrnoName>(code: C, message: string): ActorErrorData<C> {
  return { code, errno: ERRNO[code], message };
}
