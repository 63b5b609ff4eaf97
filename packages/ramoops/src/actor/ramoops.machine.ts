/**
 * The ramoops actor: probes the shared region (the ram-core actor attaches
 * the zones) and then serves the backend contract: reads every record,
 * writes dumps, console and pmsg batches, erases.
 * Kernel counterpart: fs/pstore/ram.c ramoops_probe(), ramoops_pstore_read(),
 * ramoops_pstore_write(), ramoops_pstore_write_user(), ramoops_pstore_erase().
 *
 * States: `unprobed` → `probing` (ram-core attaches the zones) → `probed`
 * (ramoops_probe() returned 0: the backend exists); a probe that failed
 * goes back to `unprobed`, so a later probe may try again.
 */
import { errnoData } from '@pstore/actor';
import type { AttachedZone, RamCoreCommand, RamCoreEvent } from '@pstore/ram-core';
import { threadRamLayer } from '@pstore/ram-core';
import { serveBackend, type BackendCommand, type BackendEvent } from '@pstore/pstore-fs/backend';
import { assign, enqueueActions, setup } from 'xstate';
import type { RamoopsContext as Backend } from '../ramoops-context.ts';
import { attachSpecs, probeAttached, ramoopsErrorData, reattached, zoneReports } from './probe.ts';
import type {
  RamoopsCommand,
  RamoopsErrorData,
  RamoopsEvent,
  RamoopsProbe,
  RamoopsReattach
} from './protocol.ts';

type RamCoreReply = Extract<RamCoreEvent, { type: 'ram-core.attached' | 'ram-core.failed' }>;
type RamCoreAttach = Extract<RamCoreCommand, { type: 'ram-core.attach' }>;

export type RamoopsInput = RamoopsCommand | BackendCommand | RamCoreReply;
export type RamoopsOutput = RamoopsEvent | BackendEvent | RamCoreAttach;

/**
 * What a step raises when its outcome picks the next state (the work runs in
 * the action; whether it succeeded is known only after). Not messages of the
 * protocol.
 */
type ProbeStep =
  | { readonly type: 'self.attach.sent'; readonly probe: RamoopsProbe; readonly req: number }
  | { readonly type: 'self.probe.done'; readonly backend: Backend }
  | { readonly type: 'self.probe.failed' };

export interface RamoopsActorContext {
  /** The backend, in `probed` only. */
  readonly backend: Backend | null;
  /** The probe waiting for ram-core's attach, in `probing` only. */
  readonly probe: RamoopsProbe | null;
  /** req of the last `ram-core.attach` sent (0: none): a reply to an older one is stale. */
  readonly attachReq: number;
}

/** The backend's info and zones, as `ramoops.probed` reports them. */
function probed(req: number | undefined, backend: Backend, notes: readonly string[]) {
  const { name, flags, bufsize, maxReason } = backend;
  const info = { name, flags, bufsize, maxReason };
  return { type: 'ramoops.probed' as const, req, info, zones: zoneReports(backend), notes };
}

export const ramoopsMachine = setup({
  types: {
    context: {} as RamoopsActorContext,
    events: {} as RamoopsInput | ProbeStep,
    emitted: {} as RamoopsOutput
  },
  actions: {
    /** ramoops_probe() up to persistent_ram_new(): the zone table, sent to ram-core. */
    requestAttach: enqueueActions(({ enqueue, context }, probe: RamoopsProbe) => {
      let zones;
      try {
        zones = attachSpecs(probe);
      } catch (e) {
        const error = ramoopsErrorData(e);
        return enqueue.emit({ type: 'ramoops.failed', req: probe.req, cause: probe.type, error });
      }
      const req = context.attachReq + 1;
      const { ram, locks, owner, endian } = probe;
      enqueue.emit({ type: 'ram-core.attach', req, ram, locks, owner, endian, zones });
      enqueue.raise({ type: 'self.attach.sent', probe, req });
    }),
    /** ramoops_probe() over the zones ram-core attached: the backend. */
    adoptAttached: enqueueActions(({ enqueue, context }, zones: readonly AttachedZone[]) => {
      // Only the probing state calls it, and it holds its probe.
      const probe = context.probe!;
      try {
        const backend = probeAttached(probe, zones);
        const notes = [...probe.config.warnings, ...backend.layout.notes];
        enqueue.emit(probed(probe.req, backend, notes));
        enqueue.raise({ type: 'self.probe.done', backend });
      } catch (e) {
        const error = ramoopsErrorData(e);
        enqueue.emit({ type: 'ramoops.failed', req: probe.req, cause: probe.type, error });
        enqueue.raise({ type: 'self.probe.failed' });
      }
    }),
    /** ram-core could not attach: the probe fails with its error. */
    attachFailed: enqueueActions(({ enqueue, context }, error: RamoopsErrorData) => {
      const probe = context.probe!;
      enqueue.emit({ type: 'ramoops.failed', req: probe.req, cause: probe.type, error });
    }),
    /** A restarted worker opens the zones of the running kernel. */
    reattach: enqueueActions(({ enqueue }, cmd: RamoopsReattach) => {
      try {
        const backend = reattached(cmd);
        enqueue.emit(probed(cmd.req, backend, []));
        enqueue.raise({ type: 'self.probe.done', backend });
      } catch (e) {
        const error = ramoopsErrorData(e);
        enqueue.emit({ type: 'ramoops.failed', req: cmd.req, cause: cmd.type, error });
      }
    }),
    refuseProbe: enqueueActions(({ enqueue }, cmd: RamoopsProbe | RamoopsReattach) => {
      const error = errnoData('EBUSY', 'ramoops is already probed');
      enqueue.emit({ type: 'ramoops.failed', req: cmd.req, cause: cmd.type, error });
    }),
    refuseBackend: enqueueActions(({ enqueue }, cmd: BackendCommand) => {
      const error = errnoData('ENODEV', 'ramoops is not probed');
      enqueue.emit({ type: 'backend.failed', req: cmd.req, cause: cmd.type, error });
    }),
    backendCall: enqueueActions(({ enqueue, context }, cmd: BackendCommand) => {
      // Only the probed state calls it, and it holds the backend.
      const answer = serveBackend(context.backend!, cmd, ramoopsErrorData);
      if (answer) enqueue.emit(answer);
    })
  },
  guards: {
    /** A reply to the last `ram-core.attach`; an older one's probe is over. */
    answersAttach: ({ context }, req: number | undefined) => req === context.attachReq
  }
}).createMachine({
  id: 'ramoops',
  context: { backend: null, probe: null, attachReq: 0 },
  initial: 'unprobed',
  states: {
    unprobed: {
      // The probe waiting in `probing` is over (kept until here: the failure names it).
      entry: assign({ probe: null }),
      on: {
        'ramoops.probe': { actions: { type: 'requestAttach', params: ({ event }) => event } },
        'self.attach.sent': {
          target: 'probing',
          actions: assign({
            probe: ({ event }) => event.probe,
            attachReq: ({ event }) => event.req
          })
        },
        'ramoops.reattach': { actions: { type: 'reattach', params: ({ event }) => event } },
        'self.probe.done': {
          target: 'probed',
          actions: assign({ backend: ({ event }) => event.backend })
        },
        'backend.read': { actions: { type: 'refuseBackend', params: ({ event }) => event } },
        'backend.write': { actions: { type: 'refuseBackend', params: ({ event }) => event } },
        'backend.writeUser': { actions: { type: 'refuseBackend', params: ({ event }) => event } },
        'backend.erase': { actions: { type: 'refuseBackend', params: ({ event }) => event } }
      }
    },
    probing: {
      on: {
        'ramoops.probe': { actions: { type: 'refuseProbe', params: ({ event }) => event } },
        'ramoops.reattach': { actions: { type: 'refuseProbe', params: ({ event }) => event } },
        'ram-core.attached': {
          guard: { type: 'answersAttach', params: ({ event }) => event.req },
          actions: { type: 'adoptAttached', params: ({ event }) => event.zones }
        },
        'ram-core.failed': {
          guard: { type: 'answersAttach', params: ({ event }) => event.req },
          target: 'unprobed',
          actions: { type: 'attachFailed', params: ({ event }) => event.error }
        },
        'self.probe.done': {
          target: 'probed',
          actions: assign({ backend: ({ event }) => event.backend })
        },
        'self.probe.failed': 'unprobed',
        'backend.read': { actions: { type: 'refuseBackend', params: ({ event }) => event } },
        'backend.write': { actions: { type: 'refuseBackend', params: ({ event }) => event } },
        'backend.writeUser': { actions: { type: 'refuseBackend', params: ({ event }) => event } },
        'backend.erase': { actions: { type: 'refuseBackend', params: ({ event }) => event } }
      }
    },
    probed: {
      entry: assign({ probe: null }),
      on: {
        'ramoops.probe': { actions: { type: 'refuseProbe', params: ({ event }) => event } },
        'ramoops.reattach': { actions: { type: 'refuseProbe', params: ({ event }) => event } },
        'backend.read': { actions: { type: 'backendCall', params: ({ event }) => event } },
        'backend.write': { actions: { type: 'backendCall', params: ({ event }) => event } },
        'backend.writeUser': { actions: { type: 'backendCall', params: ({ event }) => event } },
        'backend.erase': { actions: { type: 'backendCall', params: ({ event }) => event } }
      }
    }
  },
  on: {
    'ramoops.arm': {
      actions: enqueueActions(({ enqueue, event }) => {
        threadRamLayer.arm(event.bytes);
        enqueue.emit({ type: 'ramoops.armed', req: event.req, bytes: event.bytes });
      })
    }
  }
});
