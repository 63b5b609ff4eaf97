/**
 * The pstore core as /dev/pmsg0 sees it from the pmsg actor: records are
 * initialised here, and each write_user() is recorded for pstore-fs (which
 * calls psinfo->write_user() for it) and answered with success at once; the
 * backend's real answer comes back as data in `pmsg.written`.
 * Kernel counterpart: pstore_record_init() and psinfo->write_user() as
 * fs/pstore/pmsg.c calls them.
 */
import { pstoreRecordInit, type PstoreRecord, type PstoreTypeId } from '@pstore/pstore-fs/backend';
import type { KernelVersion, PstoreCore } from '@pstore/pstore-fs';

export interface RemoteCore extends PstoreCore {
  /** The bytes of each write_user() since the last take. */
  takeWrites(): Uint8Array[];
  /** The lines logged since the last take. */
  takeLog(): string[];
}

export function createRemoteCore(backend: string, kernel: KernelVersion): RemoteCore {
  let writes: Uint8Array[] = [];
  let log: string[] = [];
  return {
    kernel,
    psinfo: null,
    backend,
    recordInit: (type: PstoreTypeId): PstoreRecord => pstoreRecordInit(type),
    write: () => -22,
    writeUser(record: PstoreRecord, buf: Uint8Array): number {
      writes.push(buf.slice(0, record.size));
      return record.size;
    },
    log(level: string, message: string) {
      log.push(`${level}pstore: ${message}\n`);
    },
    takeWrites() {
      const w = writes;
      writes = [];
      return w;
    },
    takeLog() {
      const l = log;
      log = [];
      return l;
    }
  };
}
