/**
 * The refusals at the top of pstore_register(): a backend other than the one
 * `pstore.backend` names, a backend that cannot work, a second backend.
 * Kernel counterpart: fs/pstore/platform.c pstore_register() (4.9, 5.8, 6.2
 * variants of its checks and their pr_warn() lines).
 */
import { KERN_WARNING } from '@pstore/kmsg';
import { PSTORE_FLAGS, type PstoreInfo } from '../backend/pstore-info.ts';
import { ERRNO_NUMBERS, PstoreError, type PstoreErrno } from '../errors.ts';
import type { PstoreCoreEra } from './pstore-era.ts';

type Log = (level: string, message: string) => void;

function refuse(code: PstoreErrno, message: string): PstoreError {
  return new PstoreError(code, `pstore_register: ${message} (-${ERRNO_NUMBERS[code]})`);
}

/**
 * Throws the error pstore_register() returns for `psi`, after logging what
 * the era logs; returns when the backend may register.
 * @param backendParam the `pstore.backend` value: the command line's, or the
 *   name of the backend registered last (the kernel overwrites it).
 * @param current the registered backend (psinfo), or null.
 * @throws PstoreError EPERM (≤6.1) / EBUSY (6.2+) for a backend not named by
 *   pstore.backend; EINVAL for flags 0 (5.8+), negative flags, a missing
 *   read/write (logged 5.8+; older kernels crashed later instead) and a
 *   chunking console over a zero bufsize; EBUSY when a backend is already
 *   registered.
 */
export function pstoreRegisterChecks(
  era: PstoreCoreEra,
  backendParam: string | null,
  current: PstoreInfo | null,
  psi: PstoreInfo,
  log: Log
): void {
  if (backendParam !== null && backendParam !== psi.name) {
    switch (era.backendMismatch) {
      case 'ebusy':
        log(KERN_WARNING, `backend '${backendParam}' already in use: ignoring '${psi.name}'`);
        throw refuse('EBUSY', `backend '${backendParam}' already in use: ignoring '${psi.name}'`);
      case 'eperm-logged':
        log(KERN_WARNING, `ignoring unexpected backend '${psi.name}'`);
        throw refuse('EPERM', `pstore.backend=${backendParam}: ignoring backend '${psi.name}'`);
      case 'eperm':
        throw refuse('EPERM', `pstore.backend=${backendParam}: ignoring backend '${psi.name}'`);
    }
  }
  if (!Number.isInteger(psi.flags) || psi.flags < 0) {
    throw refuse('EINVAL', `backend '${psi.name}' has flags ${String(psi.flags)}`);
  }
  // Before 5.8 flags 0 registered fine: records are read, no frontend runs.
  if (psi.flags === 0 && era.checksBackend) {
    log(KERN_WARNING, `backend '${psi.name}' must support at least one frontend`);
    throw refuse('EINVAL', `backend '${psi.name}' has flags 0: no frontend`);
  }
  // Before 5.8 a backend without read/write was not refused, it crashed at
  // first use: refuse it in every era rather than fail later.
  if (typeof psi.read !== 'function' || typeof psi.write !== 'function') {
    if (era.checksBackend) {
      log(KERN_WARNING, `backend '${psi.name}' must implement read() and write()`);
    }
    throw refuse('EINVAL', `backend '${psi.name}' must implement read() and write()`);
  }
  if (era.consoleChunked && psi.flags & PSTORE_FLAGS.CONSOLE && !(psi.bufsize >= 1)) {
    throw refuse(
      'EINVAL',
      `backend '${psi.name}' takes console records but has bufsize ${psi.bufsize}: ` +
        'the console frontend of this era writes bufsize-byte chunks and would never advance'
    );
  }
  if (current) {
    if (era.checksBackend) {
      log(KERN_WARNING, `backend '${current.name}' already loaded: ignoring '${psi.name}'`);
    }
    throw refuse('EBUSY', `backend '${current.name}' already loaded: ignoring '${psi.name}'`);
  }
}
