/**
 * The ram-core actor: attaches the zones of the shared persistent RAM once
 * per boot, builds the codecs an attach will need ahead of time, and arms
 * this worker's write budget for fault injection.
 * Kernel counterpart: fs/pstore/ram_core.c persistent_ram_new() (what
 * ramoops_probe() calls for each zone).
 *
 * States: `detached` until an attach succeeded, then `attached` for the
 * rest of the boot (the worker goes with the boot).
 */
import { errnoData } from '@pstore/actor';
import { assign, enqueueActions, setup } from 'xstate';
import { prepareRsCodecs } from '../rs/shared-codec.ts';
import { attachZones } from './attach-zones.ts';
import { ramCoreErrorData } from './errors.ts';
import type { RamCoreAttach, RamCoreCommand, RamCoreEvent } from './protocol.ts';
import { threadRamLayer } from './ram-layer.ts';

export interface RamCoreContext {
  /** Zones attached this boot (0 while detached). */
  readonly zones: number;
}

/**
 * What an attach that succeeded raises to leave `detached`: the work runs in
 * the action, and only its outcome says which state follows. Not a message
 * of the protocol.
 */
interface AttachDone {
  readonly type: 'self.attach.done';
  readonly zones: number;
}

export const ramCoreMachine = setup({
  types: {
    context: {} as RamCoreContext,
    events: {} as RamCoreCommand | AttachDone,
    emitted: {} as RamCoreEvent
  },
  actions: {
    attach: enqueueActions(({ enqueue }, event: RamCoreAttach) => {
      let zones;
      try {
        zones = attachZones(event);
      } catch (e) {
        const error = ramCoreErrorData(e);
        enqueue.emit({ type: 'ram-core.failed', req: event.req, cause: event.type, error });
        return;
      }
      if (event.req !== undefined) {
        enqueue.emit({ type: 'ram-core.attached', req: event.req, zones });
      }
      // An attach of no zones touched no RAM: another may still come.
      if (zones.length) enqueue.raise({ type: 'self.attach.done', zones: zones.length });
    }),
    refuseAttach: enqueueActions(({ enqueue, context }, event: RamCoreAttach) => {
      const message = `the region is already attached (${context.zones} zones): attach runs once per boot`;
      const error = errnoData('EBUSY', message);
      enqueue.emit({ type: 'ram-core.failed', req: event.req, cause: event.type, error });
    })
  }
}).createMachine({
  id: 'ram-core',
  context: { zones: 0 },
  initial: 'detached',
  states: {
    detached: {
      on: {
        'ram-core.attach': { actions: { type: 'attach', params: ({ event }) => event } },
        'self.attach.done': {
          target: 'attached',
          actions: assign({ zones: ({ event }) => event.zones })
        }
      }
    },
    attached: {
      // Attach mutates RAM (ECC corrections, zaps): once per boot.
      on: { 'ram-core.attach': { actions: { type: 'refuseAttach', params: ({ event }) => event } } }
    }
  },
  on: {
    'ram-core.prepare': {
      actions: enqueueActions(({ enqueue, event }) => {
        let codecs;
        try {
          codecs = prepareRsCodecs(event.codes);
        } catch (e) {
          const error = ramCoreErrorData(e);
          enqueue.emit({ type: 'ram-core.failed', req: event.req, cause: event.type, error });
          return;
        }
        if (event.req !== undefined) {
          enqueue.emit({ type: 'ram-core.prepared', req: event.req, codecs });
        }
      })
    },
    'ram-core.arm': {
      actions: enqueueActions(({ enqueue, event }) => {
        threadRamLayer.arm(event.bytes);
        if (event.req !== undefined) {
          enqueue.emit({ type: 'ram-core.armed', req: event.req, bytes: event.bytes });
        }
      })
    }
  }
});
