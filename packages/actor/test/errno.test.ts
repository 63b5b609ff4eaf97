/**
 * The errno table against Linux's include/uapi/asm-generic/errno-base.h and
 * errno.h, the views packages take of it, and errors as data built from it.
 */
import { describe, expect, it } from 'vitest';
import { ERRNO, errnoData, errnoName, errnoTable, isErrnoName } from '../src/index.ts';

describe('the errno table', () => {
  it('has the numbers of asm-generic/errno-base.h, 1 to 34 in order', () => {
    expect(Object.entries(ERRNO).slice(0, 34)).toEqual([
      ['EPERM', 1],
      ['ENOENT', 2],
      ['ESRCH', 3],
      ['EINTR', 4],
      ['EIO', 5],
      ['ENXIO', 6],
      ['E2BIG', 7],
      ['ENOEXEC', 8],
      ['EBADF', 9],
      ['ECHILD', 10],
      ['EAGAIN', 11],
      ['ENOMEM', 12],
      ['EACCES', 13],
      ['EFAULT', 14],
      ['ENOTBLK', 15],
      ['EBUSY', 16],
      ['EEXIST', 17],
      ['EXDEV', 18],
      ['ENODEV', 19],
      ['ENOTDIR', 20],
      ['EISDIR', 21],
      ['EINVAL', 22],
      ['ENFILE', 23],
      ['EMFILE', 24],
      ['ENOTTY', 25],
      ['ETXTBSY', 26],
      ['EFBIG', 27],
      ['ENOSPC', 28],
      ['ESPIPE', 29],
      ['EROFS', 30],
      ['EMLINK', 31],
      ['EPIPE', 32],
      ['EDOM', 33],
      ['ERANGE', 34]
    ]);
  });

  it('has the numbers of asm-generic/errno.h for the codes the tree uses', () => {
    expect(ERRNO).toMatchObject({
      EDEADLK: 35,
      ENAMETOOLONG: 36,
      ENOSYS: 38,
      ENOTEMPTY: 39,
      ENODATA: 61,
      EPROTO: 71,
      EBADMSG: 74,
      EOVERFLOW: 75,
      EOPNOTSUPP: 95,
      ESHUTDOWN: 108,
      ETIMEDOUT: 110
    });
  });

  it('gives every name its own number', () => {
    const numbers = Object.values(ERRNO);
    expect(new Set(numbers).size).toBe(numbers.length);
  });

  it('cannot be changed by a package', () => {
    expect(Object.isFrozen(ERRNO)).toBe(true);
  });

  it('names a number, positive or negative, and nothing else', () => {
    expect(errnoName(22)).toBe('EINVAL');
    expect(errnoName(-74)).toBe('EBADMSG');
    expect(errnoName(0)).toBeNull();
    expect(errnoName(4095)).toBeNull();
  });

  it('tells an errno name from any other value', () => {
    expect(isErrnoName('ENODEV')).toBe(true);
    expect(isErrnoName('EUSAGE')).toBe(false);
    expect(isErrnoName('toString')).toBe(false);
    expect(isErrnoName(19)).toBe(false);
  });
});

describe('errnoTable', () => {
  it('is a view of the table: the codes asked for, in that order, with their numbers', () => {
    const table = errnoTable('ENODEV', 'EBUSY', 'EINVAL', 'EDEADLK');
    expect(Object.entries(table)).toEqual([
      ['ENODEV', 19],
      ['EBUSY', 16],
      ['EINVAL', 22],
      ['EDEADLK', 35]
    ]);
  });
});

describe('errnoData', () => {
  it('builds {code, errno, message} with the Linux number of the code', () => {
    expect(errnoData('ESHUTDOWN', 'kmsg has stopped')).toEqual({
      code: 'ESHUTDOWN',
      errno: 108,
      message: 'kmsg has stopped'
    });
    expect(errnoData('ENODEV', 'ramoops is not probed').errno).toBe(19);
  });

  it('is plain data: it survives structured clone whole', () => {
    const data = errnoData('EPROTO', 'link refused: kmsg protocol 99, console speaks 1');
    expect(structuredClone(data)).toEqual(data);
  });
});
