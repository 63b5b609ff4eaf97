/**
 * Errno-style errors of the Android logger frames: bad input to an encoder or formatter.
 * Decoders never throw on bad data; they report it. The name stays PmsgError (it came from
 * pmsg-chardev, and the CLI reports errors by that name).
 * Kernel counterpart: none. Android counterpart: the negative errnos of liblog's writers
 * (-EINVAL), and what fs/pstore/pmsg.c write_pmsg() returns for a bad buffer (-EFAULT).
 */

/** The errno names the encoders and formatters report. */
export type PmsgErrno = 'EINVAL' | 'EFAULT' | 'ENOSPC';

/** Bad input to an encoder or formatter; `message` names the numbers involved. */
export class PmsgError extends Error {
  override readonly name = 'PmsgError';

  constructor(
    readonly code: PmsgErrno,
    message: string
  ) {
    super(message);
  }

  /** A plain object that survives structured clone. */
  toJSON(): { name: string; code: PmsgErrno; message: string } {
    return { name: this.name, code: this.code, message: this.message };
  }
}
