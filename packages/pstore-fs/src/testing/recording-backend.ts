/**
 * A backend that keeps every record it is given: all dump parts (unlike ramoops, which keeps
 * part 1), each with its buffer cut to its size, in write order. It reads back nothing.
 * Kernel counterpart: a struct pstore_info with open/read/close/write only.
 */
import { PSTORE_FLAGS, type PstoreInfo } from '../backend/pstore-info.ts';
import { PSTORE_TYPE, type PstoreRecord } from '../backend/record.ts';

export class RecordingBackend implements PstoreInfo {
  readonly written: PstoreRecord[] = [];
  /** Answer of write() for DMESG records (0 = stored). */
  dmesgRet = 0;

  constructor(
    readonly name = 'recorder',
    readonly bufsize = 4096,
    readonly maxReason = 2,
    readonly flags = PSTORE_FLAGS.DMESG | PSTORE_FLAGS.CONSOLE | PSTORE_FLAGS.FTRACE
  ) {}

  open(): number {
    return 0;
  }
  read(): PstoreRecord | null {
    return null;
  }
  close(): number {
    return 0;
  }
  write(record: PstoreRecord): number {
    this.written.push({ ...record, buf: record.buf.slice(0, record.size) });
    return record.type === PSTORE_TYPE.DMESG ? this.dmesgRet : 0;
  }

  /** The DMESG parts, in write order. */
  get parts(): PstoreRecord[] {
    return this.written.filter((r) => r.type === PSTORE_TYPE.DMESG);
  }
}
