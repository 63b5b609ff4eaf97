/**
 * Errno-style errors of the console layer, like the kernel's: ENODEV for
 * unregistering a console that is not registered, EBUSY for registering one
 * twice (the kernel WARNs and ignores it), EINVAL for bad arguments, and
 * EDEADLK where the kernel would sleep on console_lock() forever in a
 * single-threaded model.
 * Kernel counterpart: unregister_console() / register_console() in kernel/printk/printk.c.
 */
import { ErrnoError, errnoTable } from '@pstore/actor';

/** The errno values the console layer reports, with their Linux numbers (from @pstore/actor). */
export const CONSOLE_ERRNO = errnoTable('ENODEV', 'EBUSY', 'EINVAL', 'EDEADLK');

/** One of the errno names in {@link CONSOLE_ERRNO}. */
export type ConsoleErrnoCode = keyof typeof CONSOLE_ERRNO;

/** A console-layer failure; `errno` is the positive Linux errno for `code`. */
export class ConsoleError extends ErrnoError<ConsoleErrnoCode> {
  override readonly name = 'ConsoleError';
}
