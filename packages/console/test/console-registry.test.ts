import { describe, expect, it } from 'vitest';
import { callerTask, KERN_DEBUG, KERN_ERR, KERN_INFO, KERN_WARNING } from '@pstore/kmsg';
import {
  CON_ANYTIME,
  CON_ENABLED,
  CON_EXTENDED,
  CON_PRINTBUFFER,
  ConsoleError,
  ConsoleRegistry
} from '../src/index.ts';
import { CONSOLE_LOGLEVEL_QUIET } from '../src/console-registry.ts';
import { capture, ringWithClock } from './helpers.ts';

const PSTORE_FLAGS = CON_PRINTBUFFER | CON_ENABLED | CON_ANYTIME;

describe('register_console with CON_PRINTBUFFER', () => {
  it('replays the log in console format, then prints "printk: console [name<index>] enabled"', () => {
    const { ring, t } = ringWithClock();
    t.ns = 1_000n;
    ring.printk(KERN_INFO + 'Linux version 6.1\n');
    t.ns = 211_039_000n;
    const consoles = new ConsoleRegistry(ring);
    const c = capture('ramoops', PSTORE_FLAGS);
    consoles.registerConsole(c.con);
    expect(c.all()).toBe(
      '[    0.000001] Linux version 6.1\n[    0.211039] printk: console [ramoops-1] enabled\n'
    );
    ring.printk(KERN_ERR + 'later\n');
    expect(c.writes.at(-1)).toBe('[    0.211039] later\n');
  });

  it('starts at syslog_seq: records read through /proc/kmsg are not replayed', () => {
    const { ring } = ringWithClock();
    for (const m of ['a', 'b', 'c']) ring.printk(`${m}\n`);
    ring.syslogReadRecord();
    ring.syslogReadRecord();
    const c = capture('ttyS', PSTORE_FLAGS, 0);
    new ConsoleRegistry(ring).registerConsole(c.con);
    expect(c.writes[0]).toBe('[    0.000000] c\n');
  });

  it('announces records lost to ring overwrites before the first replayed one', () => {
    const { ring } = ringWithClock({ logBufLen: 4096 });
    for (let i = 0; i < 200; i++) ring.printk(`m${i}\n`);
    const c = capture('ttyS', PSTORE_FLAGS, 0);
    new ConsoleRegistry(ring).registerConsole(c.con);
    expect(c.writes.slice(0, 2)).toEqual([
      '** 72 printk messages dropped **\n',
      '[    0.000000] m72\n'
    ]);
  });

  it('without CON_PRINTBUFFER shows only messages from registration on', () => {
    const { ring } = ringWithClock();
    ring.printk('old\n');
    const c = capture('netcon', CON_ENABLED, 0);
    new ConsoleRegistry(ring).registerConsole(c.con);
    ring.printk('new\n');
    expect(c.writes).toEqual([
      '[    0.000000] printk: console [netcon0] enabled\n',
      '[    0.000000] new\n'
    ]);
  });

  it('rejects a second registration (EBUSY) and bad names or indexes (EINVAL)', () => {
    const { ring } = ringWithClock();
    const consoles = new ConsoleRegistry(ring);
    const c = capture('tty', CON_ENABLED, 0);
    consoles.registerConsole(c.con);
    expect(() => consoles.registerConsole(c.con)).toThrow(
      expect.objectContaining({ code: 'EBUSY' })
    );
    expect(() => consoles.registerConsole(capture('a-very-long-name', 4).con)).toThrow(/16 bytes/);
    expect(() => consoles.registerConsole(capture('x', 4, -2).con)).toThrow(ConsoleError);
  });
});

describe('printing records to consoles', () => {
  it('prints a continuation line once, when the record is finalized', () => {
    const { ring } = ringWithClock();
    const c = capture('tty', CON_ENABLED, 0);
    new ConsoleRegistry(ring).registerConsole(c.con);
    c.writes.length = 0;
    ring.printk(KERN_INFO + 'CPU0: ');
    ring.prCont('ok');
    expect(c.writes).toEqual([]);
    ring.prCont('\n');
    expect(c.writes).toEqual(['[    0.000000] CPU0: ok\n']);
  });

  it('repeats the time prefix on each line of a multi-line record', () => {
    const { ring, t } = ringWithClock();
    const c = capture('tty', CON_ENABLED, 0);
    new ConsoleRegistry(ring).registerConsole(c.con);
    t.ns = 2_000_000_000n;
    ring.printk(KERN_WARNING + 'Call Trace:\n <TASK>\n');
    expect(c.writes.at(-1)).toBe('[    2.000000] Call Trace:\n[    2.000000]  <TASK>\n');
  });

  it('does not print levels >= console_loglevel (default 7 hides KERN_DEBUG)', () => {
    const { ring } = ringWithClock();
    const consoles = new ConsoleRegistry(ring);
    const c = capture('tty', CON_ENABLED, 0);
    consoles.registerConsole(c.con);
    c.writes.length = 0;
    ring.printk(KERN_DEBUG + 'debug\n');
    ring.printk(KERN_WARNING + 'warn\n');
    consoles.consoleLoglevel = CONSOLE_LOGLEVEL_QUIET;
    ring.printk(KERN_WARNING + 'quiet warn\n');
    ring.printk(KERN_ERR + 'quiet err\n');
    consoles.ignoreLoglevel = true;
    ring.printk(KERN_DEBUG + 'ignored level\n');
    expect(c.writes.map((w) => w.slice(15))).toEqual(['warn\n', 'quiet err\n', 'ignored level\n']);
    expect(() => (consoles.consoleLoglevel = 16)).toThrow(/console_loglevel 16/);
  });

  it('uses "<N>" with console_msg_format=syslog, the caller with CONFIG_PRINTK_CALLER', () => {
    const { ring } = ringWithClock({ printkCaller: true });
    const c = capture('tty', CON_ENABLED, 0);
    new ConsoleRegistry(ring, { msgFormat: 'syslog' }).registerConsole(c.con);
    ring.printk(KERN_ERR + 'x\n', { callerId: callerTask(7) });
    expect(c.writes.at(-1)).toBe('<3>[    0.000000][    T7] x\n');
  });

  it('gives CON_EXTENDED consoles the /dev/kmsg record format', () => {
    const { ring } = ringWithClock();
    ring.printk(KERN_ERR + 'a\tb\n');
    const c = capture('netcon', CON_ENABLED | CON_EXTENDED | CON_PRINTBUFFER, 0);
    new ConsoleRegistry(ring).registerConsole(c.con);
    expect(c.writes[0]).toBe('3,0,0,-;a\\x09b\n');
  });

  it('feeds every console each record, one record per console in turn', () => {
    const { ring } = ringWithClock();
    const order: string[] = [];
    const consoles = new ConsoleRegistry(ring);
    for (const name of ['a', 'b']) {
      consoles.registerConsole({
        name,
        index: 0,
        flags: CON_ENABLED,
        write: (t) => order.push(name + new TextDecoder().decode(t).slice(15, -1))
      });
    }
    order.length = 0;
    consoles.consoleLock();
    ring.printk('1\n');
    ring.printk('2\n');
    consoles.consoleUnlock();
    expect(order).toEqual(['a1', 'b1', 'a2', 'b2']);
  });

  it('drops lines beyond CONSOLE_LOG_MAX from a long multi-line record', () => {
    const { ring } = ringWithClock();
    const c = capture('tty', CON_ENABLED, 0);
    new ConsoleRegistry(ring, { consoleLogMax: 64 }).registerConsole(c.con);
    ring.printk('l1\nl2\nl3\nl4\n');
    // Each line is 15 + 2 + 1 = 18 bytes; 3 lines + NUL fit in 64.
    expect(c.writes.at(-1)).toBe('[    0.000000] l1\n[    0.000000] l2\n[    0.000000] l3\n');
  });
});

describe('console_stop / console_start / CPU hotplug', () => {
  it('holds a stopped console back and prints its backlog when it starts again', () => {
    const { ring } = ringWithClock();
    const consoles = new ConsoleRegistry(ring);
    const c = capture('tty', CON_ENABLED, 0);
    consoles.registerConsole(c.con);
    consoles.consoleStop(c.con);
    ring.printk('while stopped\n');
    expect(c.writes.at(-1)).not.toContain('while stopped');
    consoles.consoleStart(c.con);
    expect(c.writes.at(-1)).toBe('[    0.000000] while stopped\n');
  });

  it('prints only to CON_ANYTIME consoles while the CPU is offline', () => {
    const { ring } = ringWithClock();
    const consoles = new ConsoleRegistry(ring);
    const any = capture('pstore', CON_ENABLED | CON_ANYTIME);
    const tty = capture('tty', CON_ENABLED, 0);
    consoles.registerConsole(any.con);
    consoles.registerConsole(tty.con);
    consoles.setCpuOnline(false);
    ring.printk('cpu going down\n');
    expect(any.writes.at(-1)).toBe('[    0.000000] cpu going down\n');
    expect(tty.writes.at(-1)).not.toContain('cpu going down');
    consoles.setCpuOnline(true);
    expect(tty.writes.at(-1)).toBe('[    0.000000] cpu going down\n');
  });
});

describe('unregister_console', () => {
  it('prints "console [...] disabled" to the console itself, then stops and clears CON_ENABLED', () => {
    const { ring } = ringWithClock();
    const consoles = new ConsoleRegistry(ring);
    const c = capture('ramoops', PSTORE_FLAGS);
    consoles.registerConsole(c.con);
    consoles.unregisterConsole(c.con);
    expect(c.writes.at(-1)).toBe('[    0.000000] printk: console [ramoops-1] disabled\n');
    ring.printk('after\n');
    expect(c.writes.at(-1)).not.toContain('after');
    expect(c.con.flags & CON_ENABLED).toBe(0);
    expect(consoles.consoles).toEqual([]);
  });

  it('fails with ENODEV for a console that is not registered', () => {
    const { ring } = ringWithClock();
    try {
      new ConsoleRegistry(ring).unregisterConsole(capture('ghost', CON_ENABLED, 0).con);
      expect.unreachable();
    } catch (e) {
      expect((e as ConsoleError).code).toBe('ENODEV');
      expect((e as ConsoleError).errno).toBe(19);
    }
  });
});
