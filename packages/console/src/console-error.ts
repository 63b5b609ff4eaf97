/**
 * Errno-style errors of the console layer, like the kernel's: ENODEV for
 * unregistering a console that is not registered, EBUSY for registering one
 * twice (the kernel WARNs and ignores it), EINVAL for bad arguments, and
 * EDEADLK where the kernel would sleep on console_lock() forever in a
 * single-threaded model.
 * Kernel counterpart: unregister_console() / register_console() in kernel/printk/printk.c.
 */

/** The errno values the console layer reports, with their Linux numbers. */
export const CONSOLE_ERRNO = {
  ENODEV: 19,
  EBUSY: 16,
  EINVAL: 22,
  EDEADLK: 35
} as const;

/** One of the errno names in {@link CONSOLE_ERRNO}. */
export type ConsoleErrnoCode = keyof typeof CONSOLE_ERRNO;

/** A console-layer failure; `errno` is the positive Linux errno for `code`. */
export class ConsoleError extends Error {
  override readonly name = 'ConsoleError';
  readonly errno: number;

  constructor(
    readonly code: ConsoleErrnoCode,
    message: string
  ) {
    super(message);
    this.errno = CONSOLE_ERRNO[code];
  }

  /** A plain object that survives structured clone (postMessage, comlink). */
  toJSON(): { name: string; code: ConsoleErrnoCode; errno: number; message: string } {
    return { name: this.name, code: this.code, errno: this.errno, message: this.message };
  }
}
