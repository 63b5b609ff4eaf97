/**
 * The ram-core actor: attaches the zones of the shared persistent RAM once
 * per boot, builds the codecs an attach will need ahead of time, and arms
 * this worker's write budget for fault injection.
 * Kernel counterpart: fs/pstore/ram_core.c persistent_ram_new() (what
 * ramoops_probe() calls for each zone).
 */
import { errnoData } from '@pstore/actor';
import { enqueueActions, setup } from 'xstate';
import { prepareRsCodecs } from '../rs/shared-codec.ts';
import { attachZones } from './attach-zones.ts';
import { ramCoreErrorData } from './errors.ts';
import type { RamCoreCommand, RamCoreEvent } from './protocol.ts';
import { threadRamLayer } from './ram-layer.ts';

export interface RamCoreContext {
  /** Zones attached this boot (0 before `ram-core.attach`). */
  readonly zones: number;
}

export const ramCoreMachine = setup({
  types: {
    context: {} as RamCoreContext,
    events: {} as RamCoreCommand,
    emitted: {} as RamCoreEvent
  }
}).createMachine({
  id: 'ram-core',
  context: { zones: 0 },
  on: {
    'ram-core.attach': {
      // Attach mutates RAM (ECC corrections, zaps): once per boot.
      actions: enqueueActions(({ enqueue, event, context }) => {
        if (context.zones > 0) {
          const message = `the region is already attached (${context.zones} zones): attach runs once per boot`;
          const error = errnoData('EBUSY', message);
          enqueue.emit({ type: 'ram-core.failed', req: event.req, cause: event.type, error });
          return;
        }
        let zones;
        try {
          zones = attachZones(event);
        } catch (e) {
          const error = ramCoreErrorData(e);
          enqueue.emit({ type: 'ram-core.failed', req: event.req, cause: event.type, error });
          return;
        }
        enqueue.assign({ zones: zones.length });
        if (event.req !== undefined) {
          enqueue.emit({ type: 'ram-core.attached', req: event.req, zones });
        }
      })
    },
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
