/**
 * The console machine's states: off → booted, driven message by message,
 * with what `off` refuses; and the README's diagram is the machine's own.
 * Kernel counterpart: kernel/printk/printk.c register_console(), console_unlock().
 */
import { readFileSync } from 'node:fs';
import { mermaidStateDiagram } from '@pstore/actor';
import { kmsgMachine, type KmsgEvent } from '@pstore/kmsg';
import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import { CON_ENABLED, CON_PRINTBUFFER, consoleMachine } from '../src/index.ts';
import type { ConsoleInput, ConsoleOutput } from '../src/actor/console.machine.ts';
import type { ConsoleBoot } from '../src/actor/protocol.ts';

const boot: ConsoleBoot = { type: 'console.boot', req: 1, ring: {}, options: {} };

/** kmsg's records of a few lines, as the console actor receives them. */
function records(): Extract<KmsgEvent, { type: 'kmsg.records' }> {
  const kmsg = createActor(kmsgMachine).start();
  const out: KmsgEvent[] = [];
  kmsg.on('kmsg.records', (m) => void out.push(m));
  kmsg.send({
    type: 'kmsg.boot',
    kernel: { major: 6, minor: 1, sublevel: 0 },
    ring: {},
    clock: { startNs: 0, stepNs: 1000 },
    alwaysKmsgDump: false
  });
  kmsg.send({ type: 'kmsg.printk', lines: ['<3>Oops: 0002\n'] });
  return out[0] as Extract<KmsgEvent, { type: 'kmsg.records' }>;
}

/** A started console actor and a send that returns what that message emitted. */
function consoleActor() {
  const actor = createActor(consoleMachine).start();
  const out: ConsoleOutput[] = [];
  actor.on('*', (m) => void out.push(m));
  return {
    state: () => actor.getSnapshot().value,
    send(m: ConsoleInput): ConsoleOutput[] {
      const from = out.length;
      actor.send(m);
      return out.slice(from);
    }
  };
}

describe('console states', () => {
  it('the README shows the machine as it is', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    expect(readme.includes(mermaidStateDiagram(consoleMachine))).toBe(true);
  });

  it('off refuses driver commands with EINVAL and drops records', () => {
    const c = consoleActor();
    expect(c.state()).toBe('off');
    for (const m of [
      { type: 'console.register', req: 2, name: 'ttyS', index: 0, flags: CON_ENABLED },
      { type: 'console.unregister', req: 3, name: 'ttyS', index: 0 },
      { type: 'console.bustSpinlocks', req: 4, on: true },
      { type: 'console.flushOnPanic', req: 5, mode: 'pending' }
    ] as const) {
      expect(c.send(m)).toEqual([
        {
          type: 'console.failed',
          req: m.req,
          cause: m.type,
          error: {
            code: 'EINVAL',
            errno: 22,
            message: 'console is not booted: send console.boot first'
          }
        }
      ]);
    }
    expect(c.send(records())).toEqual([]);
    expect(c.send({ type: 'kmsg.printed', req: 1, nextSeq: 1 })).toEqual([]);
    expect(c.state()).toBe('off');
  });

  it('a boot the registry refuses stays off; a good one is booted; a second is EBUSY', () => {
    const c = consoleActor();
    expect(c.send({ ...boot, options: { consoleLoglevel: 99 } })).toMatchObject([
      { type: 'console.failed', req: 1, cause: 'console.boot', error: { code: 'EINVAL' } }
    ]);
    expect(c.state()).toBe('off');
    expect(c.send(boot)).toEqual([{ type: 'console.booted', req: 1 }]);
    expect(c.state()).toBe('booted');
    expect(c.send({ ...boot, req: 2 })).toEqual([
      {
        type: 'console.failed',
        req: 2,
        cause: 'console.boot',
        error: { code: 'EBUSY', errno: 16, message: 'console is already booted' }
      }
    ]);
    expect(c.state()).toBe('booted');
  });

  it('booted registers drivers (answered after kmsg stored the line) and prints records', () => {
    const c = consoleActor();
    c.send(boot);
    const logged = c.send({
      type: 'console.register',
      req: 2,
      name: 'ttyS',
      index: 0,
      flags: CON_ENABLED | CON_PRINTBUFFER
    });
    expect(logged).toEqual([
      { type: 'kmsg.printk', req: 1, lines: [expect.stringContaining('console [ttyS0] enabled')] }
    ]);
    expect(c.send({ type: 'kmsg.printed', req: 1, nextSeq: 1 })).toEqual([
      { type: 'console.registered', req: 2, name: 'ttyS', index: 0 }
    ]);
    expect(c.send(records())).toMatchObject([
      { type: 'console.printed', name: 'ttyS', index: 0, oopsInProgress: false }
    ]);
    expect(c.state()).toBe('booted');
  });
});
