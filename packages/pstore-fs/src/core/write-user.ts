/**
 * The user-space write path (pmsg): the backend's own write_user, or the
 * fallback pstore installs for backends that only have write().
 * Kernel counterpart: fs/pstore/platform.c pstore_write_user_compat()
 * (4.12+), pstore_write_buf_user_compat() (4.9).
 */
import type { PstoreInfo } from '../backend/pstore-info.ts';
import type { PstoreRecord } from '../backend/record.ts';
import type { PstoreBufLock } from './dump.ts';
import type { PstoreCoreEra } from './pstore-era.ts';

/** -EINVAL and -EFAULT as the kernel returns them. */
const EINVAL = 22;
const EFAULT = 14;

/**
 * psinfo->write_user(record, buf): `record.size` bytes of `buf`.
 * - a backend writeUser is called directly;
 * - 4.12+ compat: `record.buf` must be empty (else −EINVAL); the bytes are
 *   duplicated into record.buf, write() is called once, buf is dropped again;
 * - 4.9 compat: bufsize-byte chunks, each through write() under the dump
 *   buffer lock, stopping at the first error.
 * A size beyond `buf` is −EFAULT (access_ok() fails in the kernel).
 * @returns record.size on success, else the negative errno.
 */
export function pstoreWriteUser(
  era: PstoreCoreEra,
  psi: PstoreInfo,
  bufLock: PstoreBufLock,
  record: PstoreRecord,
  buf: Uint8Array
): number {
  if (!Number.isSafeInteger(record.size) || record.size < 0 || record.size > buf.length) {
    return -EFAULT;
  }
  if (psi.writeUser) return psi.writeUser(record, buf);
  if (era.writeUserCompat === 'whole') {
    if (record.buf.length > 0) return -EINVAL;
    record.buf = buf.slice(0, record.size);
    try {
      const ret = psi.write(record);
      return ret < 0 ? ret : record.size;
    } finally {
      record.buf = new Uint8Array(0);
    }
  }
  const size = record.size;
  const chunk = Math.max(1, Math.min(size, psi.bufsize));
  let ret = 0;
  bufLock.held = true;
  try {
    for (let i = 0; i < size; i += chunk) {
      const c = Math.min(size - i, chunk);
      record.buf = buf.slice(i, i + c);
      record.size = c;
      ret = psi.write(record);
      if (ret < 0) break;
    }
  } finally {
    bufLock.held = false;
    record.size = size;
  }
  return ret < 0 ? ret : size;
}
