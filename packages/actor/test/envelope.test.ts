/**
 * The shared messages' constructors build exactly what the host puts on the
 * wire, and the hello check accepts or refuses a link as the host does.
 */
import { describe, expect, it } from 'vitest';
import {
  crashedMessage,
  errnoData,
  failedMessage,
  flushedMessage,
  flushMessage,
  helloOf,
  helloRefusal,
  prefixOf
} from '../src/index.ts';

describe('the envelope', () => {
  it('names the addressee of a type by its prefix', () => {
    expect(prefixOf('pstore-fs.writeUser')).toBe('pstore-fs');
    expect(prefixOf('backend.failed')).toBe('backend');
  });

  it('builds failed, crashed, flush and flushed messages', () => {
    const error = errnoData('EIO', 'gone');
    expect(failedMessage('backend', 7, 'backend.write', error)).toEqual({
      type: 'backend.failed',
      req: 7,
      cause: 'backend.write',
      error
    });
    expect(crashedMessage('ramoops', error)).toEqual({ type: 'ramoops.crashed', error });
    expect(flushMessage('console', 3)).toEqual({ type: 'console.flush', req: 3 });
    expect(flushedMessage('kmsg', 3, null)).toEqual({ type: 'kmsg.flushed', req: 3 });
    expect(flushedMessage('kmsg', 3, 'lost')).toEqual({
      type: 'kmsg.flushed',
      req: 3,
      broken: 'lost'
    });
  });
});

describe('the hello handshake', () => {
  const consoleHello = helloOf('console', { console: 1 }, ['kmsg.records']);

  it('builds a hello', () => {
    expect(consoleHello).toEqual({
      type: 'console.hello',
      component: 'console',
      protocols: { console: 1 },
      wants: ['kmsg.records']
    });
  });

  it('accepts a peer that speaks the expected versions, or a prefix not expected at all', () => {
    expect(helloRefusal('pstore-fs', { console: 1 }, consoleHello)).toBeNull();
    expect(helloRefusal('pstore-fs', { kmsg: 1 }, consoleHello)).toBeNull();
  });

  it('refuses a peer of another version, or a first message that is no hello', () => {
    expect(helloRefusal('pstore-fs', { console: 2 }, consoleHello)).toBe(
      'console protocol 1, pstore-fs speaks 2'
    );
    expect(helloRefusal('kmsg', {}, { type: 'kmsg.printk' })).toBe('kmsg.printk');
  });
});
