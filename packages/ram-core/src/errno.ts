/**
 * Errno-style errors for ram-core. Like the kernel's negative errnos, every
 * failure carries a code a caller can switch on, plus a message that names
 * the numbers involved (pr_err() style), so a user can tell what to fix.
 * The numbers come from the one errno table of @pstore/actor.
 * Kernel counterpart: the negative errnos of fs/pstore/ram_core.c and lib/reed_solomon.
 */
import { ErrnoError, errnoTable } from '@pstore/actor';

/** The errno values ram-core reports, with their Linux numbers. */
export const ERRNO = errnoTable(
  'EPERM',
  'ENOENT',
  'EIO',
  'ENOMEM',
  'EFAULT',
  'EBUSY',
  'EEXIST',
  'EINVAL',
  'ENOSPC',
  'ERANGE',
  'EBADMSG',
  'EROFS'
);

export type ErrnoCode = keyof typeof ERRNO;

/** -EBADMSG: what decode_rs8() returns for an uncorrectable block. */
export const EBADMSG = -ERRNO.EBADMSG;
/** -ERANGE: what encode_rs8()/decode_rs8() return for an impossible length. */
export const ERANGE = -ERRNO.ERANGE;

/**
 * A ram-core failure: bad geometry, bad codec parameters, bad lengths.
 * `errno` is the positive Linux errno for `code`.
 */
export class RamCoreError extends ErrnoError<ErrnoCode> {
  override readonly name = 'RamCoreError';
}
