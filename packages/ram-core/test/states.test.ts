/**
 * The ram-core actor's states (src/actor/ram-core.machine.ts): detached
 * until an attach succeeds, then attached for the boot, a second attach
 * refused with the same EBUSY as ever; the README shows the machine as it is.
 * Kernel counterpart: fs/pstore/ram_core.c persistent_ram_new(), once per
 * zone and boot.
 */
import { readFileSync } from 'node:fs';
import { mermaidStateDiagram } from '@pstore/actor';
import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import { ramCoreMachine, type ZoneAttachSpec } from '../src/index.ts';

const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

const zone = (size: number): ZoneAttachSpec => ({
  index: 0,
  offset: 0,
  size,
  sig: 0,
  ecc: null,
  flags: 0,
  label: 'dmesg-0',
  emptyRequiresZeroStart: true
});

const attach = (req: number, zones: readonly ZoneAttachSpec[]) => ({
  type: 'ram-core.attach' as const,
  req,
  ram: new SharedArrayBuffer(0x1000),
  locks: new SharedArrayBuffer(4),
  owner: 1,
  endian: 'little' as const,
  zones
});

function started() {
  const actor = createActor(ramCoreMachine);
  const emitted: { type: string }[] = [];
  actor.on('*', (e) => emitted.push(e));
  actor.start();
  return { actor, emitted };
}

describe('ram-core states', () => {
  it('the README shows the machine as it is', () => {
    expect(README.includes(mermaidStateDiagram(ramCoreMachine))).toBe(true);
  });

  it('starts detached, stays detached after a failed attach, attaches once', () => {
    const { actor, emitted } = started();
    expect(actor.getSnapshot().value).toBe('detached');

    actor.send(attach(1, [zone(0x2000)]));
    expect(actor.getSnapshot().value).toBe('detached');
    expect(emitted.pop()).toEqual({
      type: 'ram-core.failed',
      req: 1,
      cause: 'ram-core.attach',
      error: {
        code: 'ENOMEM',
        errno: 12,
        message: 'zone dmesg-0 (0x2000 bytes at 0x0) lies beyond the 0x1000-byte region'
      }
    });

    actor.send(attach(2, [zone(0x1000)]));
    expect(actor.getSnapshot().value).toBe('attached');
    expect(actor.getSnapshot().context).toEqual({ zones: 1 });
    expect(emitted.pop()).toMatchObject({
      type: 'ram-core.attached',
      req: 2,
      zones: [{ index: 0 }]
    });

    actor.send(attach(3, [zone(0x1000)]));
    expect(actor.getSnapshot().value).toBe('attached');
    expect(emitted.pop()).toEqual({
      type: 'ram-core.failed',
      req: 3,
      cause: 'ram-core.attach',
      error: {
        code: 'EBUSY',
        errno: 16,
        message: 'the region is already attached (1 zones): attach runs once per boot'
      }
    });
    expect(emitted).toEqual([]);
  });

  it('stays detached after an attach of no zones, which touched no RAM', () => {
    const { actor, emitted } = started();
    actor.send(attach(1, []));
    expect(emitted).toEqual([{ type: 'ram-core.attached', req: 1, zones: [] }]);
    expect(actor.getSnapshot().value).toBe('detached');
  });

  it('answers ram-core.prepare in either state', () => {
    const { actor, emitted } = started();
    const prepare = { type: 'ram-core.prepare' as const, codes: [{ nroots: 8, poly: 0x11d }] };
    actor.send({ ...prepare, req: 1 });
    actor.send(attach(2, [zone(0x1000)]));
    actor.send({ ...prepare, req: 3 });
    expect(actor.getSnapshot().value).toBe('attached');
    expect(emitted.map((e) => e.type)).toEqual([
      'ram-core.prepared',
      'ram-core.attached',
      'ram-core.prepared'
    ]);
  });
});
