/**
 * The pmsg actor's states (src/actor/pmsg.machine.ts): unregistered (no
 * /dev/pmsg0) until pstore registers the frontend, registered while the
 * node exists; a write without the node is refused with the same ENOENT as
 * ever. The README shows the machine as it is.
 * Kernel counterpart: fs/pstore/pmsg.c pstore_register_pmsg(),
 * pstore_unregister_pmsg(), write_pmsg().
 */
import { readFileSync } from 'node:fs';
import { mermaidStateDiagram } from '@pstore/actor';
import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import { pmsgMachine } from '../src/index.ts';
import type { PmsgOutput } from '../src/actor/pmsg.machine.ts';

const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const kernel = { major: 6, minor: 12, sublevel: 0 };
const PMSG = 0x10;

const register = (req: number) =>
  ({ type: 'frontend.register', req, flag: PMSG, backend: 'ramoops', kernel }) as const;
const noNode = (req: number) => ({
  type: 'pmsg.failed',
  req,
  cause: 'pmsg.write',
  error: {
    code: 'ENOENT',
    errno: 2,
    message: '/dev/pmsg0: no such device node (no PMSG backend registered)'
  }
});

function started() {
  const actor = createActor(pmsgMachine);
  const emitted: PmsgOutput[] = [];
  actor.on('*', (e) => emitted.push(e));
  actor.start();
  return { actor, emitted, state: () => actor.getSnapshot().value };
}

describe('pmsg states', () => {
  it('the README shows the machine as it is', () => {
    expect(README.includes(mermaidStateDiagram(pmsgMachine))).toBe(true);
  });

  it('goes unregistered → registered → unregistered, writing only while the node exists', () => {
    const { actor, emitted, state } = started();
    expect(state()).toBe('unregistered');
    actor.send({ type: 'pmsg.write', req: 1, writes: ['early\n'] });
    expect(emitted.splice(0)).toEqual([noNode(1)]);

    actor.send({ type: 'pmsg.boot', req: 2, lock: new SharedArrayBuffer(4) });
    actor.send(register(3));
    expect(state()).toBe('registered');
    expect(emitted.splice(0)).toEqual([
      { type: 'pmsg.booted', req: 2 },
      { type: 'frontend.registered', req: 3, flag: PMSG, device: 'pmsg0' }
    ]);

    actor.send({ type: 'pmsg.write', req: 4, writes: ['hello\n', ''] });
    expect(emitted.splice(0)).toMatchObject([
      { type: 'pstore-fs.writeUser', req: 1, writes: [new TextEncoder().encode('hello\n')] }
    ]);

    actor.send({ type: 'frontend.unregister', req: 5, flag: PMSG });
    expect(state()).toBe('unregistered');
    expect(actor.getSnapshot().context.frontend).toBeNull();
    // The write relayed before the unregister is still answered.
    actor.send({ type: 'pstore-fs.wroteUser', req: 1, results: [6] });
    expect(emitted.splice(0)).toEqual([
      { type: 'frontend.unregistered', req: 5, flag: PMSG },
      { type: 'pmsg.written', req: 4, results: [6, 0] }
    ]);

    actor.send({ type: 'pmsg.write', req: 6, writes: ['late\n'] });
    expect(emitted.splice(0)).toEqual([noNode(6)]);
    actor.send({ type: 'frontend.unregister', req: 7, flag: PMSG });
    expect(state()).toBe('unregistered');
    expect(emitted.splice(0)).toEqual([{ type: 'frontend.unregistered', req: 7, flag: PMSG }]);
  });

  it('makes a new node when a restarted pstore-fs registers again', () => {
    const { actor, emitted, state } = started();
    actor.send(register(1));
    const first = actor.getSnapshot().context.frontend;
    actor.send(register(2));
    expect(state()).toBe('registered');
    expect(first?.device).toBeNull();
    expect(actor.getSnapshot().context.frontend?.device).not.toBeNull();
    expect(emitted.map((e) => e.type)).toEqual(['frontend.registered', 'frontend.registered']);
  });

  it('stays unregistered, or becomes so, when the node cannot be made', () => {
    const { actor, emitted, state } = started();
    actor.send(register(1));
    // A pmsg_lock buffer without a word: the lock, and so the node, cannot be made.
    actor.send({ type: 'pmsg.boot', req: 2, lock: new SharedArrayBuffer(0) });
    emitted.splice(0);
    const failed = {
      type: 'frontend.failed',
      req: 3,
      cause: 'frontend.register',
      error: { code: 'EIO', errno: 5, message: 'lock word 0 is outside the 0 words given' }
    };
    actor.send(register(3));
    expect(state()).toBe('unregistered');
    expect(emitted.splice(0)).toEqual([failed]);
    actor.send({ type: 'pmsg.write', req: 4, writes: ['x'] });
    expect(emitted.splice(0)).toEqual([noNode(4)]);
    actor.send(register(5));
    expect(state()).toBe('unregistered');
    expect(emitted.splice(0)).toEqual([{ ...failed, req: 5 }]);
  });
});
