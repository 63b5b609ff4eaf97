/**
 * The backend as the pstore core calls it, when the backend lives in another
 * actor. Reads return the records fetched with `backend.read` just before;
 * writes are recorded (and answered with success at once: the pstore core
 * cannot wait) and sent as `backend.write` batches whose real answers come
 * back as data; an erase returns the answer `backend.erase` already got.
 * Kernel counterpart: struct pstore_info (include/linux/pstore.h) as
 * fs/pstore/platform.c and inode.c call it.
 */
import type { PstoreInfo } from '../backend/pstore-info.ts';
import { PSTORE_TYPE, type PstoreRecord } from '../backend/record.ts';
import type { SideEffect } from './side-effects.ts';
import type { BackendInfo } from './protocol.ts';

export class RemoteBackend implements PstoreInfo {
  readonly name: string;
  readonly flags: number;
  readonly bufsize: number;
  readonly maxReason: number;
  /** What the next erase() returns: the backend's answer to `backend.erase`. */
  eraseResult = -5;
  #records: readonly PstoreRecord[] = [];
  #pos = 0;

  constructor(
    info: BackendInfo,
    private readonly out: SideEffect[]
  ) {
    this.name = info.name;
    this.flags = info.flags;
    this.bufsize = info.bufsize;
    this.maxReason = info.maxReason;
  }

  /** The records the next open()/read()… sequence returns. */
  load(records: readonly PstoreRecord[]): void {
    this.#records = records;
    this.#pos = 0;
  }

  open(): number {
    this.#pos = 0;
    return 0;
  }

  read(): PstoreRecord | null {
    const r = this.#records[this.#pos++];
    // The core keeps what read() returns: hand out a copy, the cache may be read again.
    return r ? { ...r, buf: r.buf.slice() } : null;
  }

  close(): number {
    return 0;
  }

  // Console text is copied (packed into one buffer) before the core runs
  // again, see drainSteps(); a dump part is copied at once, as pstore_dump()
  // may reuse its buffers for the next part.
  write(record: PstoreRecord): number {
    const dump = record.type === PSTORE_TYPE.DMESG;
    const buf = dump ? record.buf.slice(0, record.size) : record.buf.subarray(0, record.size);
    this.out.push({ kind: 'write', record: { ...record, buf } });
    return 0;
  }

  writeUser(record: PstoreRecord, buf: Uint8Array): number {
    this.out.push({ kind: 'writeUser', record: { ...record }, buf: buf.subarray(0, record.size) });
    return record.size;
  }

  erase(_record: PstoreRecord): number {
    return this.eraseResult;
  }
}
