/**
 * The ramoops actor's states (src/actor/ramoops.machine.ts): unprobed →
 * probing (ram-core attaches the zones) → probed; a failed probe goes back
 * to unprobed and a later one may try again; what each state refuses is
 * refused with the same message as ever. The README shows the machine as
 * it is.
 * Kernel counterpart: fs/pstore/ram.c ramoops_probe().
 */
import { readFileSync } from 'node:fs';
import { mermaidStateDiagram } from '@pstore/actor';
import { attachZones, parseKernelVersion, type RamCoreCommand } from '@pstore/ram-core';
import { PSTORE_TYPE, pstoreRecordInit } from '@pstore/pstore-fs/backend';
import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import { ramoopsBoardConfig, ramoopsEra, ramoopsMachine } from '../src/index.ts';
import type { RamoopsOutput } from '../src/actor/ramoops.machine.ts';
import type { RamoopsProbe } from '../src/actor/protocol.ts';

const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const kernel = parseKernelVersion('6.12');
const { config } = ramoopsBoardConfig('', ramoopsEra(kernel));

const probe = (req: number): RamoopsProbe => ({
  type: 'ramoops.probe',
  req,
  ram: new SharedArrayBuffer(config.memSize),
  locks: new SharedArrayBuffer(4 * 64),
  owner: 1,
  config,
  kernel,
  nrCpus: 1,
  endian: 'little',
  longBytes: 8
});

const busy = (req: number, cause: string) => ({
  type: 'ramoops.failed',
  req,
  cause,
  error: { code: 'EBUSY', errno: 16, message: 'ramoops is already probed' }
});
const notProbed = (req: number, cause: string) => ({
  type: 'backend.failed',
  req,
  cause,
  error: { code: 'ENODEV', errno: 19, message: 'ramoops is not probed' }
});

type Attach = Extract<RamCoreCommand, { type: 'ram-core.attach' }>;

function started() {
  const actor = createActor(ramoopsMachine);
  const emitted: RamoopsOutput[] = [];
  actor.on('*', (e) => emitted.push(e));
  actor.start();
  const state = () => actor.getSnapshot().value;
  /** The one message the last step emitted. */
  const last = () => {
    expect(emitted).toHaveLength(1);
    return emitted.pop();
  };
  return { actor, state, last };
}

describe('ramoops states', () => {
  it('the README shows the machine as it is', () => {
    expect(README.includes(mermaidStateDiagram(ramoopsMachine))).toBe(true);
  });

  it('goes unprobed → probing → probed, refusing what each state cannot do', () => {
    const { actor, state, last } = started();
    expect(state()).toBe('unprobed');
    actor.send({ type: 'backend.read', req: 1 });
    expect(last()).toEqual(notProbed(1, 'backend.read'));

    actor.send(probe(2));
    expect(state()).toBe('probing');
    const attach = last() as Attach;
    expect(attach).toMatchObject({ type: 'ram-core.attach', req: 1 });
    expect(actor.getSnapshot().context.probe?.req).toBe(2);

    actor.send(probe(3));
    expect(last()).toEqual(busy(3, 'ramoops.probe'));
    actor.send({ ...probe(4), type: 'ramoops.reattach', dumpWriteCnt: 0 });
    expect(last()).toEqual(busy(4, 'ramoops.reattach'));
    actor.send({ type: 'backend.erase', req: 5, record: pstoreRecordInit(PSTORE_TYPE.DMESG) });
    expect(last()).toEqual(notProbed(5, 'backend.erase'));
    // An answer to another attach is not this probe's.
    actor.send({ type: 'ram-core.attached', req: 9, zones: [] });
    expect(state()).toBe('probing');

    actor.send({ type: 'ram-core.attached', req: attach.req, zones: attachZones(attach) });
    expect(state()).toBe('probed');
    expect(last()).toMatchObject({ type: 'ramoops.probed', req: 2, info: { name: 'ramoops' } });
    expect(actor.getSnapshot().context.probe).toBeNull();

    actor.send(probe(6));
    expect(last()).toEqual(busy(6, 'ramoops.probe'));
    actor.send({ ...probe(7), type: 'ramoops.reattach', dumpWriteCnt: 0 });
    expect(last()).toEqual(busy(7, 'ramoops.reattach'));
    actor.send({ type: 'backend.read', req: 8 });
    expect(last()).toMatchObject({ type: 'backend.records', req: 8 });
    expect(state()).toBe('probed');
  });

  it('goes back to unprobed when ram-core fails the attach, and probes again', () => {
    const { actor, state, last } = started();
    actor.send(probe(1));
    const first = last() as Attach;
    const error = {
      code: 'ENOMEM' as const,
      errno: 12,
      message: 'zone dmesg-0 lies beyond the region'
    };
    actor.send({ type: 'ram-core.failed', req: first.req, cause: 'ram-core.attach', error });
    expect(state()).toBe('unprobed');
    expect(last()).toEqual({ type: 'ramoops.failed', req: 1, cause: 'ramoops.probe', error });

    actor.send(probe(2));
    expect(state()).toBe('probing');
    const second = last() as Attach;
    expect(second.req).toBe(first.req! + 1);
    // The failed probe's attach, answered late, is ignored.
    actor.send({ type: 'ram-core.attached', req: first.req, zones: [] });
    expect(state()).toBe('probing');
    actor.send({ type: 'ram-core.attached', req: second.req, zones: attachZones(second) });
    expect(state()).toBe('probed');
    expect(last()).toMatchObject({ type: 'ramoops.probed', req: 2 });
  });

  it('goes back to unprobed when the backend cannot be built over the attached zones', () => {
    const { actor, state, last } = started();
    actor.send({ ...probe(1), ram: new SharedArrayBuffer(16) });
    const attach = last() as Attach;
    actor.send({ type: 'ram-core.attached', req: attach.req, zones: [] });
    expect(state()).toBe('unprobed');
    expect(last()).toEqual({
      type: 'ramoops.failed',
      req: 1,
      cause: 'ramoops.probe',
      error: {
        code: 'ERANGE',
        errno: 34,
        message: 'the ramoops region needs 1048576 bytes (0x100000) but the image holds 16 (0x10)'
      }
    });
  });

  it('stays unprobed when the kernel would refuse the configuration', () => {
    const { actor, state, last } = started();
    actor.send({ ...probe(1), config: { ...config, recordSize: 2 * config.memSize } });
    expect(state()).toBe('unprobed');
    expect(last()).toMatchObject({
      type: 'ramoops.failed',
      req: 1,
      cause: 'ramoops.probe',
      error: { code: 'ENOMEM', errno: 12 }
    });
  });

  it('goes from unprobed to probed at once on a reattach', () => {
    const { actor, state, last } = started();
    actor.send({ ...probe(1), type: 'ramoops.reattach', dumpWriteCnt: 3 });
    expect(state()).toBe('probed');
    expect(last()).toMatchObject({ type: 'ramoops.probed', req: 1, notes: [] });
    actor.send(probe(2));
    expect(last()).toEqual(busy(2, 'ramoops.probe'));
  });
});
