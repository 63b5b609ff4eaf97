/**
 * The ramoops actor: probes the shared region (the ram-core actor attaches
 * the zones) and then serves the backend contract: reads every record,
 * writes dumps, console and pmsg batches, erases.
 * Kernel counterpart: fs/pstore/ram.c ramoops_probe(), ramoops_pstore_read(),
 * ramoops_pstore_write(), ramoops_pstore_write_user(), ramoops_pstore_erase().
 */
import { errnoData } from '@pstore/actor';
import type { RamCoreCommand, RamCoreEvent } from '@pstore/ram-core';
import { threadRamLayer } from '@pstore/ram-core';
import {
  PSTORE_MAX_READS,
  unpackRecords,
  type BackendCommand,
  type BackendEvent,
  type PstoreRecord
} from '@pstore/pstore-fs/backend';
import { enqueueActions, setup } from 'xstate';
import type { RamoopsContext as Backend } from '../ramoops-context.ts';
import { attachSpecs, probeAttached, ramoopsErrorData, reattached, zoneReports } from './probe.ts';
import type { RamoopsCommand, RamoopsEvent, RamoopsProbe } from './protocol.ts';

type RamCoreReply = Extract<RamCoreEvent, { type: 'ram-core.attached' | 'ram-core.failed' }>;
type RamCoreAttach = Extract<RamCoreCommand, { type: 'ram-core.attach' }>;

export type RamoopsInput = RamoopsCommand | BackendCommand | RamCoreReply;
export type RamoopsOutput = RamoopsEvent | BackendEvent | RamCoreAttach;

export interface RamoopsActorContext {
  readonly backend: Backend | null;
  /** The probe waiting for ram-core's attach, and the req it was sent with. */
  readonly probing: { readonly command: RamoopsProbe; readonly token: number } | null;
  readonly nextToken: number;
}

/** open(), read() until empty, close(): the records, copied out of the zones. */
function readAll(backend: Backend): PstoreRecord[] {
  const records: PstoreRecord[] = [];
  backend.open();
  for (let i = 0; i < PSTORE_MAX_READS; i++) {
    const r = backend.read();
    if (!r) break;
    records.push({ ...r, buf: r.buf.slice() });
  }
  backend.close();
  return records;
}

export const ramoopsMachine = setup({
  types: {
    context: {} as RamoopsActorContext,
    events: {} as RamoopsInput,
    emitted: {} as RamoopsOutput
  },
  actions: {
    backendCall: enqueueActions(({ enqueue, event, context }) => {
      const { backend } = context;
      if (!event.type.startsWith('backend.')) return;
      const req = 'req' in event ? event.req : undefined;
      if (!backend) {
        const error = errnoData('ENODEV', 'ramoops is not probed');
        return enqueue.emit({ type: 'backend.failed', req, cause: event.type, error });
      }
      try {
        switch (event.type) {
          case 'backend.read':
            return enqueue.emit({ type: 'backend.records', req, records: readAll(backend) });
          case 'backend.write':
          case 'backend.writeUser': {
            const results =
              event.type === 'backend.write'
                ? unpackRecords(event.batch).map((r) => backend.write(r))
                : event.writes.map((w) => backend.writeUser(w.record, w.buf));
            if (req !== undefined) return enqueue.emit({ type: 'backend.written', req, results });
            const bad = results.find((r) => r < 0);
            if (bad !== undefined) {
              const error = { code: 'EIO', errno: -bad, message: `${event.type} returned ${bad}` };
              enqueue.emit({ type: 'backend.failed', cause: event.type, error });
            }
            return;
          }
          case 'backend.erase':
            return enqueue.emit({ type: 'backend.erased', req, ret: backend.erase(event.record) });
          default:
            return;
        }
      } catch (e) {
        enqueue.emit({
          type: 'backend.failed',
          req,
          cause: event.type,
          error: ramoopsErrorData(e)
        });
      }
    })
  }
}).createMachine({
  id: 'ramoops',
  context: { backend: null, probing: null, nextToken: 1 },
  on: {
    'ramoops.probe': {
      actions: enqueueActions(({ enqueue, event, context }) => {
        if (context.backend || context.probing) {
          const error = errnoData('EBUSY', 'ramoops is already probed');
          return enqueue.emit({ type: 'ramoops.failed', req: event.req, cause: event.type, error });
        }
        let zones;
        try {
          zones = attachSpecs(event);
        } catch (e) {
          const error = ramoopsErrorData(e);
          return enqueue.emit({ type: 'ramoops.failed', req: event.req, cause: event.type, error });
        }
        const token = context.nextToken;
        const { ram, locks, owner, endian } = event;
        enqueue.emit({ type: 'ram-core.attach', req: token, ram, locks, owner, endian, zones });
        enqueue.assign({ probing: { command: event, token }, nextToken: token + 1 });
      })
    },
    'ramoops.reattach': {
      actions: enqueueActions(({ enqueue, event, context }) => {
        if (context.backend || context.probing) {
          const error = errnoData('EBUSY', 'ramoops is already probed');
          return enqueue.emit({ type: 'ramoops.failed', req: event.req, cause: event.type, error });
        }
        try {
          const backend = reattached(event);
          enqueue.assign({ backend });
          const { name, flags, bufsize, maxReason } = backend;
          enqueue.emit({
            type: 'ramoops.probed',
            req: event.req,
            info: { name, flags, bufsize, maxReason },
            zones: zoneReports(backend),
            notes: []
          });
        } catch (e) {
          const error = ramoopsErrorData(e);
          enqueue.emit({ type: 'ramoops.failed', req: event.req, cause: event.type, error });
        }
      })
    },
    'ram-core.attached': {
      actions: enqueueActions(({ enqueue, event, context }) => {
        const p = context.probing;
        if (!p || event.req !== p.token) return;
        enqueue.assign({ probing: null });
        const req = p.command.req;
        try {
          const backend = probeAttached(p.command, event.zones);
          enqueue.assign({ backend });
          const { name, flags, bufsize, maxReason } = backend;
          const notes = [...p.command.config.warnings, ...backend.layout.notes];
          const zones = zoneReports(backend);
          enqueue.emit({
            type: 'ramoops.probed',
            req,
            info: { name, flags, bufsize, maxReason },
            zones,
            notes
          });
        } catch (e) {
          const error = ramoopsErrorData(e);
          enqueue.emit({ type: 'ramoops.failed', req, cause: p.command.type, error });
        }
      })
    },
    'ram-core.failed': {
      actions: enqueueActions(({ enqueue, event, context }) => {
        const p = context.probing;
        if (!p || event.req !== p.token) return;
        enqueue.assign({ probing: null });
        enqueue.emit({
          type: 'ramoops.failed',
          req: p.command.req,
          cause: p.command.type,
          error: event.error
        });
      })
    },
    'ramoops.arm': {
      actions: enqueueActions(({ enqueue, event }) => {
        threadRamLayer.arm(event.bytes);
        enqueue.emit({ type: 'ramoops.armed', req: event.req, bytes: event.bytes });
      })
    },
    'backend.read': { actions: 'backendCall' },
    'backend.write': { actions: 'backendCall' },
    'backend.writeUser': { actions: 'backendCall' },
    'backend.erase': { actions: 'backendCall' }
  }
});
