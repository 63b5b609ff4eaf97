/**
 * Which failures are the user's (bad input: one line on stderr, exit 2) and
 * which are bugs (exit 1).
 * Kernel counterpart: none.
 */

/** Errors whose message is meant for the user. */
export function isUserError(e: unknown): e is Error {
  return (
    e instanceof Error &&
    (['DeviceError', 'BootError', 'RamCoreError', 'PstoreError', 'PstoreFormatError'].includes(
      e.name
    ) ||
      'code' in e)
  );
}
