import { describe, expect, it } from 'vitest';
import { PSTORE_TYPE, pstoreRecordInit, type PstoreRecord } from '@pstore/pstore-fs/backend';
import {
  O_RDONLY,
  O_RDWR,
  O_WRONLY,
  PMSG_DEVNODE_MODE,
  PmsgDevice,
  type PmsgCore
} from '../src/pmsg-device.ts';
import { PmsgDeviceError, pmsgErrnoName } from '../src/pmsg-errno.ts';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

/** A core that records what write_user got and answers as told (default: the size). */
class FakeCore implements PmsgCore {
  readonly calls: { record: PstoreRecord; bytes: Uint8Array }[] = [];
  answer: (record: PstoreRecord) => number = (record) => record.size;

  recordInit(type: PstoreRecord['type']): PstoreRecord {
    return pstoreRecordInit(type, { sec: 1_700_000_000, nsec: 0 });
  }

  writeUser(record: PstoreRecord, buf: Uint8Array): number {
    this.calls.push({ record: { ...record }, bytes: buf.slice(0, record.size) });
    return this.answer(record);
  }
}

function openError(fn: () => unknown): PmsgDeviceError {
  try {
    fn();
  } catch (e) {
    if (e instanceof PmsgDeviceError) return e;
    throw e;
  }
  throw new Error('expected a PmsgDeviceError');
}

describe('/dev/pmsg0 write (write_pmsg)', () => {
  it('turns each write into one PMSG record of n bytes through write_user and returns n', () => {
    const core = new FakeCore();
    const file = new PmsgDevice(core).open(O_WRONLY);
    expect(file.write(enc('Testing pstore: uuid=1\n'))).toBe(23);
    expect(file.write(enc('second'))).toBe(6);
    expect(
      core.calls.map((c) => [c.record.type, c.record.size, new TextDecoder().decode(c.bytes)])
    ).toEqual([
      [PSTORE_TYPE.PMSG, 23, 'Testing pstore: uuid=1\n'],
      [PSTORE_TYPE.PMSG, 6, 'second']
    ]);
    expect(core.calls[0]!.record.time).toEqual({ sec: 1_700_000_000, nsec: 0 });
  });

  it('returns 0 for a write of 0 bytes without reaching the backend', () => {
    const core = new FakeCore();
    expect(new PmsgDevice(core).open(O_WRONLY).write(new Uint8Array(0))).toBe(0);
    expect(core.calls).toEqual([]);
  });

  it("returns write_user's answer when it is not 0: an errno, or ramoops' byte count", () => {
    const core = new FakeCore();
    const file = new PmsgDevice(core).open(O_WRONLY);
    core.answer = () => -28;
    expect(file.write(enc('full'))).toBe(-28);
    core.answer = () => 0;
    expect(file.write(enc('zero means done'))).toBe(15);
  });

  it('writes `count` bytes of the buffer, and fails with EFAULT when count runs past it', () => {
    const core = new FakeCore();
    const file = new PmsgDevice(core).open(O_WRONLY);
    expect(file.write(enc('abcdef'), 3)).toBe(3);
    expect(new TextDecoder().decode(core.calls[0]!.bytes)).toBe('abc');
    expect(file.write(enc('abc'), 4)).toBe(-14);
    expect(file.write(enc('abc'), -1)).toBe(-14);
    expect(core.calls).toHaveLength(1);
  });

  it('answers EBADF for writes on a read-only or closed file', () => {
    const device = new PmsgDevice(new FakeCore());
    expect(device.open(O_RDONLY).write(enc('x'))).toBe(-9);
    const file = device.open(O_WRONLY);
    expect(file.close()).toBe(0);
    expect(file.write(enc('x'))).toBe(-9);
    expect(file.close()).toBe(-9);
  });
});

describe('/dev/pmsg0 read and open (no .read, devnode mode 0220)', () => {
  it('fails a read with EINVAL when opened for reading and EBADF when write-only', () => {
    const device = new PmsgDevice(new FakeCore());
    expect(device.open(O_RDONLY).read()).toBe(-22);
    expect(device.open(O_RDWR).read()).toBe(-22);
    expect(device.open(O_WRONLY).read()).toBe(-9);
    expect(pmsgErrnoName(-22)).toBe('EINVAL');
  });

  it('lets root open it any way but refuses others by the mode bits (EACCES)', () => {
    const device = new PmsgDevice(new FakeCore());
    expect(device.mode).toBe(PMSG_DEVNODE_MODE);
    expect(device.open(O_RDWR, { uid: 0 }).writable).toBe(true);
    const user = { uid: 1000, gid: 1000 };
    const err = openError(() => device.open(O_WRONLY, user));
    expect([err.code, err.errno, err.message]).toEqual([
      'EACCES',
      13,
      '/dev/pmsg0 (mode 0220, 0:0) denies uid 1000 access mode 1'
    ]);
    const inRootGroup = { uid: 1000, gid: 1000, groups: [0] };
    expect(device.open(O_WRONLY, inRootGroup).write(enc('ok'))).toBe(2);
    expect(openError(() => device.open(O_RDONLY, inRootGroup)).code).toBe('EACCES');
    expect(openError(() => device.open(O_RDWR, inRootGroup)).code).toBe('EACCES');
  });

  it("honours another owner and mode, as Android's ueventd sets them (0222)", () => {
    const device = new PmsgDevice(new FakeCore(), { mode: 0o222, uid: 1000, gid: 1007 });
    expect(device.open(O_WRONLY, { uid: 10001, gid: 10001 }).write(enc('app'))).toBe(3);
    expect(openError(() => device.open(O_RDONLY, { uid: 1000 })).code).toBe('EACCES');
  });

  it('is gone after remove(): open is ENOENT, files still open get ENODEV', () => {
    const core = new FakeCore();
    const device = new PmsgDevice(core);
    const file = device.open(O_WRONLY);
    device.remove();
    expect(device.present).toBe(false);
    expect(openError(() => device.open(O_WRONLY)).code).toBe('ENOENT');
    expect(file.write(enc('late'))).toBe(-19);
    expect(core.calls).toEqual([]);
  });
});

describe('pmsg_lock around write_user', () => {
  it('is held during the backend call and released after it, even when the backend throws', () => {
    const core = new FakeCore();
    const device = new PmsgDevice(core);
    const file = device.open(O_WRONLY);
    // A write from inside the backend call would wait on pmsg_lock forever: EDEADLK.
    core.answer = () => file.write(enc('nested'));
    expect(() => file.write(enc('outer'))).toThrow(/pmsg_lock is already held by this thread/);
    core.answer = () => {
      throw new Error('backend bug');
    };
    expect(() => file.write(enc('x'))).toThrow('backend bug');
    core.answer = (record) => record.size;
    expect(file.write(enc('after'))).toBe(5);
  });
});
