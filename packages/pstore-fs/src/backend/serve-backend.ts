/**
 * A backend's side of the `backend.*` messages, for any struct pstore_info:
 * read (open, read until empty, close: the records copied out of the
 * backend's memory), write and write_user (answered with each call's
 * return, or, sent without req, a `backend.failed` for a negative one),
 * erase. Every backend actor serves the contract through this one function,
 * so that ramoops and pstore/blk answer alike.
 * Kernel counterpart: fs/pstore/platform.c pstore_get_backend_records(),
 * pstore_dump()'s psinfo->write(), pstore_write_user_compat(),
 * fs/pstore/inode.c pstore_unlink() → psinfo->erase().
 */
import type { BackendCommand, BackendEvent, PstoreFsErrorData } from '../actor/protocol.ts';
import { ERRNO_NUMBERS } from '../errors.ts';
import { PSTORE_MAX_READS, type PstoreInfo } from './pstore-info.ts';
import type { PstoreRecord } from './record.ts';
import { forEachRecord, forEachRecordOrConsoleRun } from './record-batch.ts';

/** open(), read() until empty (at most PSTORE_MAX_READS), close(). */
function readAll(backend: PstoreInfo): PstoreRecord[] {
  const records: PstoreRecord[] = [];
  backend.open();
  for (let i = 0; i < PSTORE_MAX_READS; i++) {
    const r = backend.read();
    if (!r) break;
    records.push({ ...r, buf: r.buf.slice() });
  }
  backend.close();
  return records;
}

/** psinfo->write_user(), or pstore_write_user_compat() where the backend has none. */
function writeUser(backend: PstoreInfo, record: PstoreRecord, buf: Uint8Array): number {
  if (backend.writeUser) return backend.writeUser(record, buf);
  const r = backend.write({ ...record, buf, size: buf.length });
  return r < 0 ? r : buf.length;
}

/**
 * The answer to one backend command, or null when none is due (writes sent
 * without req that all succeeded).
 * @param errorData turns what a call threw into error data; it may rethrow
 *   (a writer that stopped dead ends its actor instead of answering).
 */
export function serveBackend(
  backend: PstoreInfo,
  cmd: BackendCommand,
  errorData: (e: unknown) => PstoreFsErrorData
): BackendEvent | null {
  const { req } = cmd;
  try {
    switch (cmd.type) {
      case 'backend.read':
        return { type: 'backend.records', req, records: readAll(backend) };
      case 'backend.write':
      case 'backend.writeUser': {
        const results: number[] = [];
        if (cmd.type === 'backend.write') {
          const write = (r: PstoreRecord) => void results.push(backend.write(r));
          if (backend.writeConsoleLines) {
            const { bufs, ends } = cmd.batch;
            forEachRecordOrConsoleRun(cmd.batch, write, (from, to) => {
              const ret = backend.writeConsoleLines!(bufs, ends, from, to);
              for (let i = from; i < to; i++) results.push(ret);
            });
          } else forEachRecord(cmd.batch, write);
        } else {
          for (const w of cmd.writes) results.push(writeUser(backend, w.record, w.buf));
        }
        if (req !== undefined) return { type: 'backend.written', req, results };
        const bad = results.find((r) => r < 0);
        if (bad === undefined) return null;
        const error = { code: 'EIO', errno: -bad, message: `${cmd.type} returned ${bad}` };
        return { type: 'backend.failed', cause: cmd.type, error };
      }
      case 'backend.erase':
        return {
          type: 'backend.erased',
          req,
          ret: backend.erase ? backend.erase(cmd.record) : -ERRNO_NUMBERS.EPERM
        };
    }
  } catch (e) {
    return { type: 'backend.failed', req, cause: cmd.type, error: errorData(e) };
  }
}
