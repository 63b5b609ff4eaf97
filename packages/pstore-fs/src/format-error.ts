/**
 * The typed error pstore-fs throws for input it cannot represent the way the kernel would:
 * an unsupported compression algorithm, a record layout that does not exist, a symbol map
 * that cannot be parsed. Like a negative errno, `code` says what kind of failure it is and
 * the message names the numbers involved (pr_err() style).
 * Kernel counterpart: the -EINVAL / -EOPNOTSUPP / -ERANGE returns of fs/pstore/platform.c.
 */

/** Errno names used by pstore-fs format errors. */
export type PstoreFormatErrno = 'EINVAL' | 'EOPNOTSUPP' | 'ERANGE';

/** A caller handed pstore-fs something no kernel would produce or accept. */
export class PstoreFormatError extends Error {
  override readonly name = 'PstoreFormatError';

  constructor(
    readonly code: PstoreFormatErrno,
    message: string
  ) {
    super(message);
  }

  /** A plain object that survives structured clone (postMessage, comlink). */
  toJSON(): { name: string; code: PstoreFormatErrno; message: string } {
    return { name: this.name, code: this.code, message: this.message };
  }
}
