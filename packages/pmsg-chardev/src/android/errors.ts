/**
 * Errno-style errors of the pmsg package: bad input to an encoder or formatter. Decoders never
 * throw on bad data; they report it. Kernel counterpart: the negative errnos of fs/pstore/pmsg.c
 * write_pmsg() (-EFAULT) and liblog's writers (-EINVAL).
 */

/** The errno names pmsg-chardev reports. */
export type PmsgErrno = 'EINVAL' | 'EFAULT' | 'ENOSPC';

/** A pmsg-chardev failure; `message` names the numbers involved. */
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
