/**
 * Errno-style errors for the printk side (kmsg). Every failure carries a code a
 * caller can switch on, like the kernel's negative errnos, and a message that
 * names the offending value, so a user can tell what to fix.
 * Kernel counterpart: the -EINVAL/-EBUSY returns of kmsg_dump_register(),
 * kmsg_dump_unregister() and devkmsg_write() in kernel/printk/printk.c.
 */
import { ErrnoError, errnoTable } from '@pstore/actor';

/** The errno values kmsg reports, with their Linux numbers (from the one table of @pstore/actor). */
export const KMSG_ERRNO = errnoTable('ENOENT', 'EBUSY', 'EINVAL');

/** One of the errno names in {@link KMSG_ERRNO}. */
export type KmsgErrnoCode = keyof typeof KMSG_ERRNO;

/**
 * A kmsg failure: bad options, a reason the era does not know, a dumper
 * registered twice. `errno` is the positive Linux errno for `code`.
 */
export class KmsgError extends ErrnoError<KmsgErrnoCode> {
  override readonly name = 'KmsgError';
}

/** Throws EINVAL unless `value` is an integer in [min, max]. */
export function checkInt(what: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new KmsgError('EINVAL', `${what} ${String(value)} is not an integer in ${min}..${max}`);
  }
}
