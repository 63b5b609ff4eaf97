/**
 * The outcome of handling one message, computed once and read twice: by a
 * machine's guard (which state follows?) and by its action (keep the
 * result, or answer why not), so the state is chosen before the action runs
 * and the work is not done twice. Keyed by the message object itself.
 * Kernel counterpart: none.
 */

export interface MessageAttempts<M extends object, A> {
  /** The attempt for `message`, made on the first call and kept. */
  readonly peek: (message: M) => A;
  /** The attempt, forgotten: the same message sent again is attempted afresh. */
  readonly take: (message: M) => A;
}

/** Caches `attempt(message)` per message object (weakly: a dropped message frees it). */
export function messageAttempts<M extends object, A>(
  attempt: (message: M) => A
): MessageAttempts<M, A> {
  const made = new WeakMap<M, A>();
  const peek = (message: M): A => {
    if (made.has(message)) return made.get(message)!;
    const a = attempt(message);
    made.set(message, a);
    return a;
  };
  return {
    peek,
    take: (message) => {
      const a = peek(message);
      made.delete(message);
      return a;
    }
  };
}
