/**
 * The kmsg machine's states: off → booted (running ⇄ dumping), driven
 * message by message, with what each state refuses; and the README's
 * diagram is the machine's own.
 * Kernel counterpart: kernel/printk/printk.c printk(), kmsg_dump().
 */
import { readFileSync } from 'node:fs';
import { mermaidStateDiagram } from '@pstore/actor';
import { describe, expect, it } from 'vitest';
import { KMSG_DUMP_OOPS, kmsgMachine } from '../src/index.ts';
import type { KmsgBoot } from '../src/actor/protocol.ts';
import { kmsgActor } from './helpers.ts';

const boot: KmsgBoot = {
  type: 'kmsg.boot',
  req: 1,
  kernel: { major: 6, minor: 1, sublevel: 0 },
  ring: {},
  clock: { startNs: 0, stepNs: 1000 },
  alwaysKmsgDump: false
};

const kmsg = kmsgActor;

describe('kmsg states', () => {
  it('the README shows the machine as it is', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    expect(readme.includes(mermaidStateDiagram(kmsgMachine))).toBe(true);
  });

  it('off refuses everything but kmsg.boot with EINVAL, and ignores dumpers', () => {
    const k = kmsg();
    expect(k.state()).toBe('off');
    for (const m of [
      { type: 'kmsg.printk', req: 2, lines: ['x\n'] },
      { type: 'kmsg.dumpRegister', req: 3, maxReason: 0 },
      { type: 'kmsg.dumpUnregister', req: 4, id: 1 },
      { type: 'kmsg.dump', req: 5, reason: KMSG_DUMP_OOPS, description: null },
      { type: 'kmsg.advance', req: 6, ms: 1 }
    ] as const) {
      expect(k.send(m)).toEqual([
        {
          type: 'kmsg.failed',
          req: m.req,
          cause: m.type,
          error: { code: 'EINVAL', errno: 22, message: 'kmsg is not booted: send kmsg.boot first' }
        }
      ]);
    }
    expect(k.send({ type: 'dumper.dumped', req: 1, result: null })).toEqual([]);
    expect(k.state()).toBe('off');
  });

  it('a boot the ring options refuse stays off; a good one is booted and running', () => {
    const k = kmsg();
    expect(k.send({ ...boot, ring: { logBufLen: 1000 } })).toEqual([
      {
        type: 'kmsg.failed',
        req: 1,
        cause: 'kmsg.boot',
        error: {
          code: 'EINVAL',
          errno: 22,
          message: 'log_buf_len 1000 is not an integer in 4096..2147483648'
        }
      }
    ]);
    expect(k.state()).toBe('off');
    expect(k.send(boot)).toEqual([{ type: 'kmsg.booted', req: 1 }]);
    expect(k.state()).toEqual({ booted: 'running' });
    expect(k.send({ ...boot, req: 2 })).toEqual([
      {
        type: 'kmsg.failed',
        req: 2,
        cause: 'kmsg.boot',
        error: { code: 'EBUSY', errno: 16, message: 'kmsg.boot refused: already booted' }
      }
    ]);
    expect(k.state()).toEqual({ booted: 'running' });
  });

  it('a dump no dumper admits (or the era lacks) is answered at once and stays running', () => {
    const k = kmsg();
    k.send(boot);
    const dump = { type: 'kmsg.dump', req: 2, reason: KMSG_DUMP_OOPS, description: null } as const;
    expect(k.send(dump)).toEqual([
      { type: 'kmsg.dumped', req: 2, reason: KMSG_DUMP_OOPS, results: [] }
    ]);
    expect(k.state()).toEqual({ booted: 'running' });
    k.send({ type: 'kmsg.dumpRegister', req: 3, maxReason: 0 });
    expect(k.send({ ...dump, reason: 99 })).toMatchObject([
      { type: 'kmsg.failed', req: 2, cause: 'kmsg.dump', error: { code: 'EINVAL', errno: 22 } }
    ]);
    expect(k.state()).toEqual({ booted: 'running' });
  });

  it('dumping waits for every dumper, refuses another dump, and still logs', () => {
    const k = kmsg();
    k.send(boot);
    expect(k.send({ type: 'kmsg.dumpRegister', req: 2, maxReason: 0 })).toEqual([
      { type: 'kmsg.dumpRegistered', req: 2, id: 1 }
    ]);
    k.send({ type: 'kmsg.dumpRegister', req: 3, maxReason: 0 });
    const asked = k.send({ type: 'kmsg.dump', req: 4, reason: KMSG_DUMP_OOPS, description: null });
    expect(asked.map((m) => [m.type, 'req' in m ? m.req : null])).toEqual([
      ['dumper.dump', 1],
      ['dumper.dump', 2]
    ]);
    expect(k.state()).toEqual({ booted: 'dumping' });
    expect(
      k.send({ type: 'kmsg.dump', req: 5, reason: KMSG_DUMP_OOPS, description: null })
    ).toEqual([
      {
        type: 'kmsg.failed',
        req: 5,
        cause: 'kmsg.dump',
        error: { code: 'EBUSY', errno: 16, message: 'kmsg.dump refused: a dump is in progress' }
      }
    ]);
    expect(k.send({ ...boot, req: 6 })).toMatchObject([
      {
        type: 'kmsg.failed',
        error: { code: 'EBUSY', message: 'kmsg.boot refused: already booted' }
      }
    ]);
    expect(k.send({ type: 'kmsg.printk', req: 7, lines: ['<6>hi\n'] }).at(-1)).toEqual({
      type: 'kmsg.printed',
      req: 7,
      nextSeq: 1
    });
    expect(k.send({ type: 'dumper.dumped', req: 1, result: 'one' })).toEqual([]);
    expect(k.send({ type: 'dumper.dumped', req: 1, result: 'again' })).toEqual([]);
    expect(k.state()).toEqual({ booted: 'dumping' });
    const error = { code: 'EIO', errno: 5, message: 'worker died' } as const;
    expect(k.send({ type: 'dumper.failed', req: 2, cause: 'dumper.dump', error })).toEqual([
      { type: 'kmsg.dumped', req: 4, reason: KMSG_DUMP_OOPS, results: ['one', { error }] }
    ]);
    expect(k.state()).toEqual({ booted: 'running' });
  });
});
