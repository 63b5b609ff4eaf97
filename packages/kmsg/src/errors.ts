/**
 * Errno-style errors for the printk side (kmsg). Every failure carries a code a
 * caller can switch on, like the kernel's negative errnos, and a message that
 * names the offending value, so a user can tell what to fix.
 * Kernel counterpart: the -EINVAL/-EBUSY returns of kmsg_dump_register(),
 * kmsg_dump_unregister() and devkmsg_write() in kernel/printk/printk.c.
 */

/** The errno values kmsg reports, with their Linux numbers. */
export const KMSG_ERRNO = {
  ENOENT: 2,
  EBUSY: 16,
  EINVAL: 22
} as const;

/** One of the errno names in {@link KMSG_ERRNO}. */
export type KmsgErrnoCode = keyof typeof KMSG_ERRNO;

/**
 * A kmsg failure: bad options, a reason the era does not know, a dumper
 * registered twice. `errno` is the positive Linux errno for `code`.
 */
export class KmsgError extends Error {
  override readonly name = 'KmsgError';
  readonly errno: number;

  constructor(
    readonly code: KmsgErrnoCode,
    message: string
  ) {
    super(message);
    this.errno = KMSG_ERRNO[code];
  }

  /** A plain object that survives structured clone (postMessage, comlink). */
  toJSON(): { name: string; code: KmsgErrnoCode; errno: number; message: string } {
    return { name: this.name, code: this.code, errno: this.errno, message: this.message };
  }
}

/** Throws EINVAL unless `value` is an integer in [min, max]. */
export function checkInt(what: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new KmsgError('EINVAL', `${what} ${String(value)} is not an integer in ${min}..${max}`);
  }
}
