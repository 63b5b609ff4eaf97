/**
 * Errors of the pstore core and filesystem, as data that survives a worker
 * boundary: an errno code, its number, and a message naming the values.
 * Kernel counterpart: the negative errnos platform.c and inode.c return.
 */
import { ErrnoError, errnoTable } from '@pstore/actor';

/** The errno values the pstore core reports, with their Linux numbers (from @pstore/actor). */
export const ERRNO_NUMBERS = errnoTable(
  'EPERM',
  'ENOENT',
  'EIO',
  'ENOMEM',
  'EBUSY',
  'EEXIST',
  'EINVAL',
  'ENOSPC',
  'EOPNOTSUPP'
);

export type PstoreErrno = keyof typeof ERRNO_NUMBERS;

/** A plain-object form of the error, for postMessage/comlink. */
export interface PstoreErrorData {
  readonly name: 'PstoreError';
  readonly code: PstoreErrno;
  readonly errno: number;
  readonly message: string;
}

export class PstoreError extends ErrnoError<PstoreErrno> {
  override readonly name = 'PstoreError';

  /** The base's plain object, typed as this package has always declared it. */
  override toJSON(): PstoreErrorData {
    return super.toJSON();
  }
}
