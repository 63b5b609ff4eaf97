/**
 * Failures as data for the actor's replies: the errno code, its number and
 * the message, whatever was thrown. A write budget running out is not a
 * failure to report but the worker stopping dead: it is rethrown.
 * Kernel counterpart: the negative errnos ram_core.c returns.
 */
import { ERRNO } from '../errno.ts';
import { WriterStoppedError } from '../zone/write-budget.ts';
import type { RamCoreErrorData } from './protocol.ts';

export function ramCoreErrorData(e: unknown): RamCoreErrorData {
  if (e instanceof WriterStoppedError) throw e;
  const err = e as { code?: unknown; message?: unknown };
  const code = typeof err.code === 'string' && err.code in ERRNO ? err.code : 'EIO';
  return {
    code: code as keyof typeof ERRNO,
    errno: ERRNO[code as keyof typeof ERRNO],
    message: typeof err.message === 'string' ? err.message : String(e)
  };
}
