import { describe, expect, it } from 'vitest';
import { KERN_EMERG } from '@pstore/kmsg';
import {
  CON_ANYTIME,
  CON_ENABLED,
  CON_PRINTBUFFER,
  ConsoleRegistry,
  type Console
} from '../src/index.ts';
import { capture, ringWithClock } from './helpers.ts';

function setup() {
  const { ring } = ringWithClock();
  const consoles = new ConsoleRegistry(ring);
  const c = capture('ttyS', CON_ENABLED | CON_ANYTIME, 0);
  consoles.registerConsole(c.con);
  c.writes.length = 0;
  c.ctxs.length = 0;
  return { ring, consoles, c };
}

describe('console lock (console_sem) in a single-threaded model', () => {
  it('defers printing while the lock is held and prints on console_unlock()', () => {
    const { ring, consoles, c } = setup();
    consoles.consoleLock();
    ring.printk('held back\n');
    expect(c.writes).toEqual([]);
    consoles.consoleUnlock();
    expect(c.writes).toEqual(['[    0.000000] held back\n']);
  });

  it('throws EDEADLK where console_lock() would wait forever', () => {
    const { consoles } = setup();
    consoles.consoleLock();
    expect(() => consoles.consoleLock()).toThrow(expect.objectContaining({ code: 'EDEADLK' }));
    expect(() => consoles.registerConsole(capture('x', CON_ENABLED, 0).con)).toThrow(/held/);
    expect(consoles.consoleTrylock()).toBe(false);
    consoles.consoleUnlock();
    expect(() => consoles.consoleUnlock()).toThrow(/without console_lock/);
  });

  it('never re-enters a driver: a printk from write() is printed after it returns', () => {
    const { ring } = ringWithClock();
    const consoles = new ConsoleRegistry(ring);
    const seen: string[] = [];
    let depth = 0;
    let maxDepth = 0;
    const con: Console = {
      name: 'chatty',
      index: 0,
      flags: CON_ENABLED,
      write(text) {
        depth++;
        maxDepth = Math.max(maxDepth, depth);
        const s = new TextDecoder().decode(text);
        seen.push(s.slice(15, -1));
        if (s.includes('trigger')) ring.printk('from the driver\n');
        depth--;
      }
    };
    consoles.registerConsole(con);
    ring.printk('trigger\n');
    expect(seen.slice(-2)).toEqual(['trigger', 'from the driver']);
    expect(maxDepth).toBe(1);
  });

  it('releases the lock and keeps printing after a driver throws', () => {
    const { ring } = ringWithClock();
    const consoles = new ConsoleRegistry(ring);
    let fail = true;
    const seen: string[] = [];
    consoles.registerConsole({
      name: 'flaky',
      index: 0,
      flags: CON_ENABLED,
      write(text) {
        const s = new TextDecoder().decode(text);
        if (fail && s.includes('boom')) throw new Error('uart timeout');
        seen.push(s.slice(15, -1));
      }
    });
    expect(() => ring.printk('boom\n')).toThrow('uart timeout');
    fail = false;
    ring.printk('next\n');
    expect(seen.at(-1)).toBe('next');
    expect(consoles.consoleTrylock()).toBe(true);
  });
});

describe('oops_in_progress (bust_spinlocks)', () => {
  it('tells drivers an oops is in progress through the write context', () => {
    const { ring, consoles, c } = setup();
    consoles.bustSpinlocks(true);
    ring.printk(KERN_EMERG + 'Oops: 0002\n');
    consoles.bustSpinlocks(false);
    ring.printk('after\n');
    expect(c.ctxs.map((x) => x.oopsInProgress)).toEqual([true, false]);
    expect(consoles.oopsInProgress).toBe(0);
  });

  it('still only tries the lock: a held lock defers output, flush-on-panic prints it anyway', () => {
    const { ring, consoles, c } = setup();
    consoles.consoleLock(); // a CPU that will never let go
    consoles.bustSpinlocks(true);
    ring.printk(KERN_EMERG + 'Kernel panic - not syncing: test\n');
    expect(c.writes).toEqual([]);
    consoles.consoleFlushOnPanic();
    expect(c.writes).toEqual(['[    0.000000] Kernel panic - not syncing: test\n']);
    expect(consoles.consoleTrylock()).toBe(true); // the panic flush released the lock
  });

  it('replays the whole log with flush-on-panic replay-all', () => {
    const { ring, consoles, c } = setup();
    ring.printk('one\n');
    consoles.consoleFlushOnPanic('replay-all');
    expect(c.writes.map((w) => w.slice(15, -1))).toEqual([
      'one',
      'printk: console [ttyS0] enabled',
      'one'
    ]);
  });

  it('console_unblank() gives up on a held lock during an oops but deadlocks outside one', () => {
    const { consoles } = setup();
    let unblanked = 0;
    consoles.registerConsole({
      name: 'vt',
      index: 0,
      flags: CON_ENABLED | CON_PRINTBUFFER,
      write: () => undefined,
      unblank: () => void unblanked++
    });
    consoles.consoleLock();
    expect(() => consoles.consoleUnblank()).toThrow(expect.objectContaining({ code: 'EDEADLK' }));
    consoles.bustSpinlocks(true);
    expect(consoles.consoleUnblank()).toBe(false);
    consoles.consoleUnlock();
    consoles.bustSpinlocks(false); // ends the oops with console_unblank()
    expect(unblanked).toBe(1);
    expect(() => consoles.bustSpinlocks(false)).toThrow(/without bust_spinlocks\(1\)/);
  });
});
