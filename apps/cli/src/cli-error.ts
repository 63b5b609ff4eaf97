/**
 * The one kind of failure the CLI reports to users: a message naming the
 * problem and the numbers, and exit code 2. Library errors (RamCoreError,
 * PstoreError, PstoreFormatError) carry such messages already and are
 * reported the same way.
 */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode = 2
  ) {
    super(message);
  }
}

/** Errors whose message is meant for the user (bad input), as opposed to bugs. */
export function isUserError(e: unknown): e is Error {
  return (
    e instanceof Error &&
    (e instanceof CliError ||
      ['RamCoreError', 'PstoreError', 'PstoreFormatError', 'PmsgError'].includes(e.name) ||
      'code' in e)
  );
}
