/**
 * A backend that keeps whatever records it is given in memory and returns them in order:
 * stands in for EFI or ERST (which keep every dump part under its own id) in archive tests.
 */
import {
  PSTORE_FLAGS,
  PSTORE_TYPE,
  pstoreRecordInit,
  type PstoreInfo,
  type PstoreRecord,
  type PstoreTypeId
} from '@pstore/pstore-fs/backend';
import { enc } from './fixtures.ts';

export class MemoryBackend implements PstoreInfo {
  readonly flags = PSTORE_FLAGS.DMESG | PSTORE_FLAGS.CONSOLE | PSTORE_FLAGS.PMSG;
  readonly bufsize = 1024;
  readonly maxReason = 2;
  records: PstoreRecord[] = [];
  private cursor = 0;
  erase?: (record: PstoreRecord) => number;

  constructor(
    readonly name: string,
    options: { canErase?: boolean } = {}
  ) {
    if (options.canErase ?? true) {
      this.erase = (record) => {
        this.records = this.records.filter((r) => !(r.type === record.type && r.id === record.id));
        return 0;
      };
    }
  }

  /** Adds a record of `type` with `id` and text (or bytes). */
  add(
    type: PstoreTypeId,
    id: number | bigint,
    body: string | Uint8Array,
    more: Partial<PstoreRecord> = {}
  ): this {
    const r = pstoreRecordInit(type);
    r.id = Number(id);
    r.buf = typeof body === 'string' ? enc(body) : body;
    r.size = r.buf.length;
    Object.assign(r, more);
    this.records.push(r);
    return this;
  }

  /** An EFI dump part named as efi-pstore names it: id = (sec·100 + part)·1000 + count. */
  addEfiPart(sec: number, part: number, count: number, body: string): this {
    return this.add(
      PSTORE_TYPE.DMESG,
      (BigInt(sec) * 100n + BigInt(part)) * 1000n + BigInt(count),
      body,
      {
        part,
        count
      }
    );
  }

  open(): number {
    this.cursor = 0;
    return 0;
  }
  read(): PstoreRecord | null {
    const r = this.records[this.cursor++];
    return r ? { ...r, buf: r.buf.slice() } : null;
  }
  close(): number {
    return 0;
  }
  write(): number {
    return -22;
  }
}
