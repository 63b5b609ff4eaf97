/**
 * The errno table of the whole tree: every errno name a component reports,
 * with its Linux number. One table, so that a code and its number can never
 * disagree between two packages; each package's own table is a view of it.
 * Kernel counterpart: include/uapi/asm-generic/errno-base.h (1–34, all of
 * them) and include/uapi/asm-generic/errno.h (the ones the tree uses).
 */

/** Linux errno numbers by name (positive; the kernel returns them negated). */
export const ERRNO = Object.freeze({
  // errno-base.h
  EPERM: 1,
  ENOENT: 2,
  ESRCH: 3,
  EINTR: 4,
  EIO: 5,
  ENXIO: 6,
  E2BIG: 7,
  ENOEXEC: 8,
  EBADF: 9,
  ECHILD: 10,
  EAGAIN: 11,
  ENOMEM: 12,
  EACCES: 13,
  EFAULT: 14,
  ENOTBLK: 15,
  EBUSY: 16,
  EEXIST: 17,
  EXDEV: 18,
  ENODEV: 19,
  ENOTDIR: 20,
  EISDIR: 21,
  EINVAL: 22,
  ENFILE: 23,
  EMFILE: 24,
  ENOTTY: 25,
  ETXTBSY: 26,
  EFBIG: 27,
  ENOSPC: 28,
  ESPIPE: 29,
  EROFS: 30,
  EMLINK: 31,
  EPIPE: 32,
  EDOM: 33,
  ERANGE: 34,
  // errno.h
  EDEADLK: 35,
  ENAMETOOLONG: 36,
  ENOSYS: 38,
  ENOTEMPTY: 39,
  ENODATA: 61,
  EPROTO: 71,
  EBADMSG: 74,
  EOVERFLOW: 75,
  EOPNOTSUPP: 95,
  ESHUTDOWN: 108,
  ETIMEDOUT: 110
} as const);

/** An errno name of {@link ERRNO}. */
export type ErrnoName = keyof typeof ERRNO;

/** A package's own table: the codes it reports, with their numbers taken from {@link ERRNO}. */
export type ErrnoTable<C extends ErrnoName> = { readonly [K in C]: (typeof ERRNO)[K] };

/**
 * A view of {@link ERRNO} holding `codes` in that order: how a package
 * declares which errnos it reports without writing a number.
 */
export function errnoTable<const C extends ErrnoName>(...codes: readonly C[]): ErrnoTable<C> {
  return Object.fromEntries(codes.map((c) => [c, ERRNO[c]])) as ErrnoTable<C>;
}

/** Whether `code` names an errno of the table (a code read off an unknown error). */
export function isErrnoName(code: unknown): code is ErrnoName {
  return typeof code === 'string' && Object.hasOwn(ERRNO, code);
}

/** The name of a (positive or negative) errno number, or null when the table has none. */
export function errnoName(errno: number): ErrnoName | null {
  const n = Math.abs(errno);
  const hit = (Object.keys(ERRNO) as ErrnoName[]).find((k) => ERRNO[k] === n);
  return hit ?? null;
}
