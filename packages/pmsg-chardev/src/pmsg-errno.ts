/**
 * The errnos /dev/pmsg0 answers with, as numbers (what the syscalls return, negated) and as
 * a throwable error for open(2), which fails before there is a file to return a number on.
 * Kernel counterpart: include/uapi/asm-generic/errno-base.h and errno.h (the values), the
 * returns of fs/open.c do_sys_open() / fs/namei.c may_open() (ENOENT, EACCES) and of
 * fs/read_write.c vfs_read() / vfs_write() (EBADF, EINVAL, EFAULT).
 */
import { ErrnoError, errnoTable } from '@pstore/actor';

/** Linux errno values used by the pmsg device (from the one table of @pstore/actor). */
export const PMSG_ERRNO = errnoTable(
  'ENOENT',
  'EBADF',
  'EACCES',
  'EFAULT',
  'EEXIST',
  'ENODEV',
  'EINVAL',
  'EDEADLK'
);

/** An errno name of the pmsg device. */
export type PmsgDeviceErrno = keyof typeof PMSG_ERRNO;

/** The name of a (positive or negative) errno number, or null when it is not one of ours. */
export function pmsgErrnoName(errno: number): PmsgDeviceErrno | null {
  const n = Math.abs(errno);
  const hit = (Object.keys(PMSG_ERRNO) as PmsgDeviceErrno[]).find((k) => PMSG_ERRNO[k] === n);
  return hit ?? null;
}

/** A failure of open(2) on the device node, or a lock misuse; `message` names the numbers. */
export class PmsgDeviceError extends ErrnoError<PmsgDeviceErrno> {
  override readonly name = 'PmsgDeviceError';
}
