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
import type { PstoreRecord, Timespec } from '../backend/record.ts';
import { PstoreRecordBatchBuilder } from '../backend/record-batch.ts';
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
  #builder = new PstoreRecordBatchBuilder();
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

  // Each record is copied into the batch the next `backend.write` sends as
  // it is written: the core may reuse its buffers (pstore_dump()'s for the
  // next part, a console's for the next line), and a run of console lines
  // then leaves nothing behind per line but its bytes in the batch.
  write(record: PstoreRecord): number {
    const { buf, size } = record;
    this.#batch().append(record, size === buf.length ? buf : buf.subarray(0, size));
    return 0;
  }

  // A run of console lines goes into the same batch as their records would,
  // with one copy of their bytes; the backend's side stores the run at once
  // where it can (serveBackend → writeConsoleLines), else line by line.
  writeConsoleLines(
    bufs: Uint8Array,
    ends: Uint32Array,
    from: number,
    to: number,
    time: Timespec | null = null
  ): number {
    this.#batch().appendConsoleLines(bufs, ends, from, to, time);
    return 0;
  }

  /** The batch the next `backend.write` sends, continued while writes follow writes. */
  #batch(): PstoreRecordBatchBuilder {
    const last = this.out.at(-1);
    if (last?.kind === 'write') return last.batch;
    // The builder of the last run is free again once its batch was taken
    // (it is empty then): its columns, grown to a run's size, are reused.
    const batch = this.#builder.count === 0 ? this.#builder : new PstoreRecordBatchBuilder();
    this.#builder = batch;
    this.out.push({ kind: 'write', batch });
    return batch;
  }

  writeUser(record: PstoreRecord, buf: Uint8Array): number {
    this.out.push({ kind: 'writeUser', record: { ...record }, buf: buf.subarray(0, record.size) });
    return record.size;
  }

  erase(_record: PstoreRecord): number {
    return this.eraseResult;
  }
}
