/**
 * The base of the packages' errno errors: code and number from the one
 * table, the subclass's name, and toJSON() carrying all of it across a
 * structured clone, which drops an Error's own fields.
 */
import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { ErrnoError, type ErrnoErrorJSON } from '../src/index.ts';

type ToyErrno = 'ENODEV' | 'EBUSY';

class ToyError extends ErrnoError<ToyErrno> {
  override readonly name = 'ToyError';
}

describe('ErrnoError', () => {
  it('carries the code, its Linux number and the message', () => {
    const e = new ToyError('ENODEV', 'no such console: ttyS9');
    expect(e).toBeInstanceOf(Error);
    expect(e).toBeInstanceOf(ErrnoError);
    expect(e.name).toBe('ToyError');
    expect(e.code).toBe('ENODEV');
    expect(e.errno).toBe(19);
    expect(e.message).toBe('no such console: ttyS9');
    expect(String(e)).toBe('ToyError: no such console: ttyS9');
  });

  it('is named ErrnoError when used as is', () => {
    expect(new ErrnoError('EIO', 'x').toJSON()).toEqual({
      name: 'ErrnoError',
      code: 'EIO',
      errno: 5,
      message: 'x'
    });
  });

  it('loses its fields in a structured clone, which is why toJSON() exists', () => {
    const clone = structuredClone(new ToyError('EBUSY', 'busy')) as Partial<ToyError>;
    expect(clone.code).toBeUndefined();
    expect(clone.errno).toBeUndefined();
  });

  it('survives structured clone through toJSON()', () => {
    const json: ErrnoErrorJSON<ToyErrno, 'ToyError'> = new ToyError('EBUSY', 'busy').toJSON();
    expect(structuredClone(json)).toEqual({
      name: 'ToyError',
      code: 'EBUSY',
      errno: 16,
      message: 'busy'
    });
  });

  it('crosses a real port whole through toJSON()', async () => {
    const { port1, port2 } = new MessageChannel();
    const received = new Promise<unknown>((resolve) => port2.once('message', resolve));
    port1.postMessage(new ToyError('ENODEV', 'gone').toJSON());
    expect(await received).toEqual({
      name: 'ToyError',
      code: 'ENODEV',
      errno: 19,
      message: 'gone'
    });
    port1.close();
  });

  it('gives JSON.stringify the same fields', () => {
    expect(JSON.parse(JSON.stringify(new ToyError('EBUSY', 'twice')))).toEqual({
      name: 'ToyError',
      code: 'EBUSY',
      errno: 16,
      message: 'twice'
    });
  });
});
