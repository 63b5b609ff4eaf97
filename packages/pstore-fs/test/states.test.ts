/**
 * The pstore-fs machine's states: off → booted (unregistered → registering
 * → registered, each idle or busy with a job), driven message by message
 * with its peers answered by hand, and what each state refuses; and the
 * README's diagram is the machine's own.
 * Kernel counterpart: fs/pstore/platform.c pstore_register(), pstore_dump().
 */
import { readFileSync } from 'node:fs';
import { mermaidStateDiagram } from '@pstore/actor';
import { kmsgMachine, type DumperDump } from '@pstore/kmsg';
import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import { PSTORE_FLAGS, pstoreFsMachine } from '../src/index.ts';
import type { PstoreFsInput } from '../src/actor/pstore-fs.machine.ts';
import type { PstoreFsOutput } from '../src/actor/peer-messages.ts';
import type { PstoreFsBoot, PstoreFsRegister } from '../src/actor/protocol.ts';

const boot: PstoreFsBoot = {
  type: 'pstore-fs.boot',
  req: 1,
  kernel: { major: 6, minor: 1, sublevel: 0 },
  params: {},
  alwaysKmsgDump: false,
  wall: { sec: 1000, nsec: 0 }
};
const register: PstoreFsRegister = {
  type: 'pstore-fs.register',
  req: 2,
  backend: { name: 'ramoops', flags: PSTORE_FLAGS.DMESG, bufsize: 4096, maxReason: 2 }
};

/** kmsg's request to its dumper `id`, with the log of a few lines. */
function dumpRequest(id: number): DumperDump {
  const kmsg = createActor(kmsgMachine).start();
  let dump: DumperDump | null = null;
  kmsg.on('dumper.dump', (m) => void (dump = m));
  kmsg.send({
    type: 'kmsg.boot',
    kernel: { major: 6, minor: 1, sublevel: 0 },
    ring: {},
    clock: { startNs: 0, stepNs: 1000 },
    alwaysKmsgDump: false
  });
  kmsg.send({ type: 'kmsg.printk', lines: ['<3>Oops: 0002\n'] });
  kmsg.send({ type: 'kmsg.dumpRegister', maxReason: 0 });
  kmsg.send({ type: 'kmsg.dump', reason: 2, description: null });
  return { ...dump!, req: 7, id };
}

/** The success answer of each peer command, as the peers give it. */
function answerTo(m: PstoreFsOutput): PstoreFsInput | null {
  const req = 'req' in m ? m.req : undefined;
  switch (m.type) {
    case 'backend.read':
      return { type: 'backend.records', req, records: [] };
    case 'backend.write':
      return { type: 'backend.written', req, results: [0] };
    case 'kmsg.printk':
      return { type: 'kmsg.printed', req, nextSeq: 1 };
    case 'kmsg.dumpRegister':
      return { type: 'kmsg.dumpRegistered', req, id: 1 };
    default:
      return null;
  }
}

/** A started pstore-fs actor and a send that returns what that message emitted. */
function pstoreFs() {
  const actor = createActor(pstoreFsMachine).start();
  const out: PstoreFsOutput[] = [];
  actor.on('*', (m) => void out.push(m));
  const send = (m: PstoreFsInput): PstoreFsOutput[] => {
    const from = out.length;
    actor.send(m);
    return out.slice(from);
  };
  return {
    state: () => actor.getSnapshot().value,
    send,
    /** Answers each peer command until none is left; returns what pstore-fs answered. */
    answerAll(pending: PstoreFsOutput[]): PstoreFsOutput[] {
      const own: PstoreFsOutput[] = [];
      for (let m = pending.shift(); m; m = pending.shift()) {
        const reply = answerTo(m);
        if (reply) pending.push(...send(reply));
        else own.push(m);
      }
      return own;
    }
  };
}

const ebusy = (message: string) => ({ code: 'EBUSY', errno: 16, message });

describe('pstore-fs states', () => {
  it('the README shows the machine as it is', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    expect(readme.includes(mermaidStateDiagram(pstoreFsMachine))).toBe(true);
  });

  it('off refuses requests with EINVAL (a dump in the dumper protocol) and drops the rest', () => {
    const p = pstoreFs();
    const notBooted = { code: 'EINVAL', errno: 22, message: 'pstore-fs is not booted' };
    expect(p.state()).toBe('off');
    expect(p.send(register)).toEqual([
      { type: 'pstore-fs.failed', req: 2, cause: 'pstore-fs.register', error: notBooted }
    ]);
    expect(p.send({ type: 'pstore-fs.list', req: 3 })).toEqual([
      { type: 'pstore-fs.failed', req: 3, cause: 'pstore-fs.list', error: notBooted }
    ]);
    expect(p.send(dumpRequest(1))).toEqual([
      { type: 'dumper.dumped', req: 7, result: { error: notBooted } }
    ]);
    expect(p.send({ type: 'backend.records', req: 1, records: [] })).toEqual([]);
    expect(p.state()).toBe('off');
  });

  it('a boot the core refuses stays off; a good one is booted, unregistered; a second is EBUSY', () => {
    const p = pstoreFs();
    expect(p.send({ ...boot, params: { compress: 'nope' } })).toMatchObject([
      { type: 'pstore-fs.failed', req: 1, cause: 'pstore-fs.boot', error: { code: 'EINVAL' } }
    ]);
    expect(p.state()).toBe('off');
    expect(p.send(boot)).toEqual([{ type: 'pstore-fs.booted', req: 1 }]);
    expect(p.state()).toEqual({ booted: { unregistered: 'idle' } });
    expect(p.send({ ...boot, req: 2 })).toEqual([
      {
        type: 'pstore-fs.failed',
        req: 2,
        cause: 'pstore-fs.boot',
        error: ebusy('pstore-fs is already booted')
      }
    ]);
    expect(p.send({ type: 'pstore-fs.unlink', req: 3, name: 'dmesg-ramoops-0' })).toMatchObject([
      { type: 'pstore-fs.failed', req: 3, error: { code: 'ENOENT', errno: 2 } }
    ]);
    expect(p.state()).toEqual({ booted: { unregistered: 'idle' } });
  });

  it('registering waits for the records, refuses other jobs, and falls back when the read fails', () => {
    const p = pstoreFs();
    p.send(boot);
    expect(p.send(register)).toEqual([{ type: 'backend.read', req: 1 }]);
    expect(p.state()).toEqual({ booted: 'registering' });
    expect(p.send({ type: 'pstore-fs.advance', req: 3, ms: 10 })).toEqual([
      {
        type: 'pstore-fs.failed',
        req: 3,
        cause: 'pstore-fs.advance',
        error: ebusy('pstore-fs.advance: another request is running')
      }
    ]);
    expect(p.send({ type: 'pstore-fs.list', req: 4 })).toEqual([
      { type: 'pstore-fs.listing', req: 4, files: [] }
    ]);
    const error = { code: 'EIO', errno: 5, message: 'no backend' };
    expect(p.send({ type: 'backend.failed', req: 1, cause: 'backend.read', error })).toEqual([
      { type: 'pstore-fs.failed', req: 2, cause: 'pstore-fs.register', error }
    ]);
    expect(p.state()).toEqual({ booted: { unregistered: 'idle' } });
  });

  it('registered: busy while the frontends register, then refuses a second backend', () => {
    const p = pstoreFs();
    p.send(boot);
    p.send(register);
    const steps = p.send({ type: 'backend.records', req: 1, records: [] });
    expect(steps[0]).toMatchObject({ type: 'pstore-fs.mounted', files: [] });
    expect(p.state()).toEqual({ booted: { registered: 'busy' } });
    expect(p.send({ ...dumpRequest(1), req: 8 })).toEqual([
      {
        type: 'dumper.dumped',
        req: 8,
        result: { error: ebusy('dumper.dump: another request is running') }
      }
    ]);
    expect(p.answerAll(steps.slice(1)).at(-1)).toMatchObject({
      type: 'pstore-fs.registered',
      req: 2,
      backend: 'ramoops',
      dumpers: [1]
    });
    expect(p.state()).toEqual({ booted: { registered: 'idle' } });
    expect(p.send({ ...register, req: 9 })).toEqual([
      {
        type: 'pstore-fs.failed',
        req: 9,
        cause: 'pstore-fs.register',
        error: ebusy('a backend is already registered')
      }
    ]);
    expect(p.state()).toEqual({ booted: { registered: 'idle' } });
  });

  it('registered: a dump is a job, answered once the backend stored it', () => {
    const p = pstoreFs();
    p.send(boot);
    p.answerAll(p.send(register));
    const writes = p.send(dumpRequest(1));
    expect(writes).toMatchObject([{ type: 'backend.write' }]);
    expect(p.state()).toEqual({ booted: { registered: 'busy' } });
    expect(p.answerAll(writes)).toMatchObject([{ type: 'dumper.dumped', req: 7 }]);
    expect(p.state()).toEqual({ booted: { registered: 'idle' } });
  });
});
