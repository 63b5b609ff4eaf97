/**
 * Failures as data for the pstore-fs actor's replies: the errno code, its
 * number and the message, whatever was thrown (PstoreError, ConsoleError,
 * KmsgError, PstoreFormatError all carry a code).
 * Kernel counterpart: the negative errnos of platform.c and inode.c.
 */
import { ERRNO } from '@pstore/actor';
import { ERRNO_NUMBERS } from '../errors.ts';
import type { PstoreFsErrorData } from './protocol.ts';

export function pstoreFsErrorData(e: unknown): PstoreFsErrorData {
  const err = e as { code?: unknown; errno?: unknown; message?: unknown };
  const code = typeof err.code === 'string' ? err.code : 'EIO';
  const errno =
    typeof err.errno === 'number'
      ? err.errno
      : (ERRNO_NUMBERS[code as keyof typeof ERRNO_NUMBERS] ?? ERRNO.EIO);
  return { code, errno, message: typeof err.message === 'string' ? err.message : String(e) };
}
