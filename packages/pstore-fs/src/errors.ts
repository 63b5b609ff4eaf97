/**
 * Errors of the pstore core and filesystem, as data that survives a worker
 * boundary: an errno code, its number, and a message naming the values.
 * Kernel counterpart: the negative errnos platform.c and inode.c return.
 */

export const ERRNO_NUMBERS = {
  EPERM: 1,
  ENOENT: 2,
  EIO: 5,
  ENOMEM: 12,
  EBUSY: 16,
  EEXIST: 17,
  EINVAL: 22,
  ENOSPC: 28,
  EOPNOTSUPP: 95
} as const;

export type PstoreErrno = keyof typeof ERRNO_NUMBERS;

/** A plain-object form of the error, for postMessage/comlink. */
export interface PstoreErrorData {
  readonly name: 'PstoreError';
  readonly code: PstoreErrno;
  readonly errno: number;
  readonly message: string;
}

export class PstoreError extends Error {
  override readonly name = 'PstoreError';
  readonly errno: number;

  constructor(
    readonly code: PstoreErrno,
    message: string
  ) {
    super(message);
    this.errno = ERRNO_NUMBERS[code];
  }

  toJSON(): PstoreErrorData {
    return { name: this.name, code: this.code, errno: this.errno, message: this.message };
  }
}
