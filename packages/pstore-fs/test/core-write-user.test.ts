/**
 * psinfo->write_user(): the pmsg path into the backend, and the fallback
 * pstore installs for backends without write_user (pstore_write_user_compat).
 */
import { describe, expect, it } from 'vitest';
import { PSTORE_FLAGS, PSTORE_TYPE, PstoreError, type PstoreRecord } from '../src/index.ts';
import { RecordingBackend } from '../src/testing/index.ts';
import { boot, dec, enc, pmsgWrite } from './core-fixtures.ts';

const PMSG_BACKEND = () =>
  new RecordingBackend('rec', 8, 2, PSTORE_FLAGS.DMESG | PSTORE_FLAGS.PMSG);
const pmsgRecords = (backend: RecordingBackend): PstoreRecord[] =>
  backend.written.filter((r) => r.type === PSTORE_TYPE.PMSG);

describe('write_user', () => {
  it('4.12+ compat: one write() with the whole user buffer, returning its size', () => {
    const b = boot('6.12.0');
    const backend = PMSG_BACKEND();
    b.pstore.register(backend);
    expect(pmsgWrite(b.pstore, 'a pmsg line longer than bufsize\n')).toBe(32);
    expect(pmsgRecords(backend).map((r) => dec(r.buf))).toEqual([
      'a pmsg line longer than bufsize\n'
    ]);
  });

  it('4.12+ compat: a record that already carries a buffer is −EINVAL', () => {
    const b = boot('6.12.0');
    b.pstore.register(PMSG_BACKEND());
    const record = b.pstore.recordInit(PSTORE_TYPE.PMSG);
    record.buf = enc('set');
    record.size = 3;
    expect(b.pstore.writeUser(record, enc('abc'))).toBe(-22);
  });

  it('4.9 compat: bufsize-byte chunks through write()', () => {
    const b = boot('4.9');
    const backend = PMSG_BACKEND();
    b.pstore.register(backend);
    expect(pmsgWrite(b.pstore, '0123456789abcdefXY')).toBe(18);
    expect(pmsgRecords(backend).map((r) => dec(r.buf))).toEqual(['01234567', '89abcdef', 'XY']);
  });

  it('4.9 compat: the first failing chunk ends the write with its errno', () => {
    const b = boot('4.9');
    const backend = PMSG_BACKEND();
    let calls = 0;
    const write = backend.write.bind(backend);
    backend.write = (r) => (r.type === PSTORE_TYPE.PMSG && ++calls === 2 ? -28 : write(r));
    b.pstore.register(backend);
    expect(pmsgWrite(b.pstore, '0123456789abcdefXY')).toBe(-28);
    expect(calls).toBe(2);
  });

  it('uses the backend write_user when it has one', () => {
    const b = boot('6.12.0');
    const backend = PMSG_BACKEND();
    const seen: string[] = [];
    Object.assign(backend, {
      writeUser: (r: PstoreRecord, buf: Uint8Array) => (
        seen.push(dec(buf.subarray(0, r.size))),
        r.size
      )
    });
    b.pstore.register(backend);
    expect(pmsgWrite(b.pstore, 'direct')).toBe(6);
    expect(seen).toEqual(['direct']);
    expect(pmsgRecords(backend)).toEqual([]);
  });

  it('a size beyond the user buffer is −EFAULT', () => {
    const b = boot('6.12.0');
    b.pstore.register(PMSG_BACKEND());
    const record = b.pstore.recordInit(PSTORE_TYPE.PMSG);
    record.size = 10;
    expect(b.pstore.writeUser(record, enc('short'))).toBe(-14);
  });

  it('without a registered backend there is nothing to write to', () => {
    const b = boot('6.12.0');
    const record = b.pstore.recordInit(PSTORE_TYPE.PMSG);
    expect(() => b.pstore.writeUser(record, enc(''))).toThrow(PstoreError);
  });
});
