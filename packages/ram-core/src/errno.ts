/**
 * Errno-style errors for ram-core. Like the kernel's negative errnos, every
 * failure carries a code a caller can switch on, plus a message that names
 * the numbers involved (pr_err() style), so a user can tell what to fix.
 */

/** The errno values ram-core reports, with their Linux numbers. */
export const ERRNO = {
  EPERM: 1,
  ENOENT: 2,
  EIO: 5,
  ENOMEM: 12,
  EFAULT: 14,
  EBUSY: 16,
  EEXIST: 17,
  EINVAL: 22,
  ENOSPC: 28,
  ERANGE: 34,
  EBADMSG: 74
} as const;

export type ErrnoCode = keyof typeof ERRNO;

/** -EBADMSG: what decode_rs8() returns for an uncorrectable block. */
export const EBADMSG = -ERRNO.EBADMSG;
/** -ERANGE: what encode_rs8()/decode_rs8() return for an impossible length. */
export const ERANGE = -ERRNO.ERANGE;

/**
 * A ram-core failure: bad geometry, bad codec parameters, bad lengths.
 * `errno` is the positive Linux errno for `code`.
 */
export class RamCoreError extends Error {
  override readonly name = 'RamCoreError';
  readonly errno: number;

  constructor(
    readonly code: ErrnoCode,
    message: string
  ) {
    super(message);
    this.errno = ERRNO[code];
  }

  /** A plain object that survives structured clone (postMessage, comlink). */
  toJSON(): { name: string; code: ErrnoCode; errno: number; message: string } {
    return { name: this.name, code: this.code, errno: this.errno, message: this.message };
  }
}
