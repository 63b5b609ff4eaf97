/**
 * The pmsg actor: creates /dev/pmsg0 when pstore registers the pmsg frontend
 * and turns user-space write batches into write_user() calls that pstore-fs
 * passes to the backend.
 * Kernel counterpart: fs/pstore/pmsg.c.
 *
 * States: `unregistered` (no /dev/pmsg0) until pstore registers the pmsg
 * frontend, `registered` while the node exists.
 */
import type {
  FrontendCommand,
  FrontendEvent,
  PstoreFsCommand,
  PstoreFsEvent
} from '@pstore/pstore-fs/protocol';
import { ERRNO, errnoData } from '@pstore/actor';
import { assign, enqueueActions, setup } from 'xstate';
import { O_WRONLY } from '../pmsg-device.ts';
import { PmsgFrontend } from '../pmsg-frontend.ts';
import { createPmsgLock } from '../pmsg-lock.ts';
import type { PmsgCommand, PmsgErrorData, PmsgEvent, PmsgWrite } from './protocol.ts';
import { createRemoteCore, type RemoteCore } from './remote-core.ts';

type PstoreFsReply = Extract<PstoreFsEvent, { type: 'pstore-fs.wroteUser' | 'pstore-fs.failed' }>;
type PstoreFsOut = Extract<PstoreFsCommand, { type: 'pstore-fs.writeUser' | 'pstore-fs.log' }>;

export type PmsgInput = PmsgCommand | FrontendCommand | PstoreFsReply;
export type PmsgOutput = PmsgEvent | FrontendEvent | PstoreFsOut;

type FrontendRegister = Extract<FrontendCommand, { type: 'frontend.register' }>;
type FrontendUnregister = Extract<FrontendCommand, { type: 'frontend.unregister' }>;

/**
 * What a register that made the node raises to enter `registered` (the work
 * runs in the action; only its outcome says which state follows). Not a
 * message of the protocol.
 */
interface NodeCreated {
  readonly type: 'self.node.created';
  readonly frontend: PmsgFrontend;
  readonly core: RemoteCore;
}

export interface PmsgContext {
  /** pmsg_lock's word, once `pmsg.boot` gave it (writers of other workers share it). */
  readonly lock: SharedArrayBuffer | null;
  /** The frontend whose /dev/pmsg0 exists, in `registered` only. */
  readonly frontend: PmsgFrontend | null;
  /** The pstore core the node writes to, in `registered` only. */
  readonly core: RemoteCore | null;
  readonly nextToken: number;
  /** Writes waiting for pstore-fs's answer: token → the requester and the answers so far. */
  readonly relays: Readonly<Record<number, Relay>>;
}

interface Relay {
  readonly req: number;
  /** What each write(2) returned here; positive entries reached the backend. */
  readonly provisional: readonly number[];
}

const encoder = new TextEncoder();

/** Each write's answer: the backend's where the write reached it, else the device's. */
function merge(provisional: readonly number[], real: readonly number[]): number[] {
  let i = 0;
  return provisional.map((p) => (p > 0 ? (real[i++] ?? p) : p));
}

function pmsgErrorData(e: unknown): PmsgErrorData {
  const err = e as { code?: unknown; errno?: unknown; message?: unknown };
  return {
    code: typeof err.code === 'string' ? err.code : 'EIO',
    errno: typeof err.errno === 'number' ? err.errno : ERRNO.EIO,
    message: typeof err.message === 'string' ? err.message : String(e)
  };
}

export const pmsgMachine = setup({
  types: {
    context: {} as PmsgContext,
    events: {} as PmsgInput | NodeCreated,
    emitted: {} as PmsgOutput
  },
  actions: {
    /** pstore_register_pmsg(): the node appears. */
    register: enqueueActions(({ enqueue, context }, event: FrontendRegister) => {
      try {
        const lock = context.lock ? createPmsgLock(new Int32Array(context.lock), 0) : undefined;
        const frontend = new PmsgFrontend(lock ? { lock } : {});
        const core = createRemoteCore(event.backend, event.kernel);
        frontend.register(core);
        enqueue.emit({
          type: 'frontend.registered',
          req: event.req,
          flag: event.flag,
          device: 'pmsg0'
        });
        enqueue.raise({ type: 'self.node.created', frontend, core });
      } catch (e) {
        enqueue.emit({
          type: 'frontend.failed',
          req: event.req,
          cause: event.type,
          error: pmsgErrorData(e)
        });
      }
    }),
    /** pstore_unregister_pmsg(): the node goes; open files see −ENODEV. */
    removeNode: enqueueActions(({ enqueue, context }) => {
      // Only `registered` leaves through here, and it holds the frontend.
      context.frontend!.unregister();
      enqueue.assign({ frontend: null, core: null });
    }),
    unregistered: enqueueActions(({ enqueue }, event: FrontendUnregister) => {
      enqueue.emit({ type: 'frontend.unregistered', req: event.req, flag: event.flag });
    }),
    refuseWrite: enqueueActions(({ enqueue }, event: PmsgWrite) => {
      const error = errnoData(
        'ENOENT',
        '/dev/pmsg0: no such device node (no PMSG backend registered)'
      );
      enqueue.emit({ type: 'pmsg.failed', req: event.req, cause: event.type, error });
    }),
    /** write_pmsg() of each entry, then the batch to pstore-fs for psinfo->write_user(). */
    write: enqueueActions(({ enqueue, context }, event: PmsgWrite) => {
      // Only `registered` writes, and it holds the node and its core.
      const device = context.frontend!.device!;
      const core = context.core!;
      let provisional: number[];
      try {
        const file = device.open(O_WRONLY);
        provisional = event.writes.map((w) =>
          file.write(typeof w === 'string' ? encoder.encode(w) : w)
        );
        file.close();
      } catch (e) {
        return enqueue.emit({
          type: 'pmsg.failed',
          req: event.req,
          cause: event.type,
          error: pmsgErrorData(e)
        });
      }
      const lines = core.takeLog();
      if (lines.length) enqueue.emit({ type: 'pstore-fs.log', lines });
      const writes = core.takeWrites();
      // Writes of 0 bytes and refused ones never reached the core: answer with what we have.
      if (!writes.length || event.req === undefined) {
        if (writes.length) enqueue.emit({ type: 'pstore-fs.writeUser', writes });
        if (event.req !== undefined) {
          enqueue.emit({ type: 'pmsg.written', req: event.req, results: provisional });
        }
        return;
      }
      const token = context.nextToken;
      enqueue.emit({ type: 'pstore-fs.writeUser', req: token, writes });
      const relay: Relay = { req: event.req, provisional };
      enqueue.assign({ nextToken: token + 1, relays: { ...context.relays, [token]: relay } });
    }),
    settle: enqueueActions(({ enqueue, context }, event: PstoreFsReply) => {
      const relay = event.req === undefined ? undefined : context.relays[event.req];
      if (!relay) return;
      const { [event.req!]: _done, ...relays } = context.relays;
      enqueue.assign({ relays });
      if (event.type === 'pstore-fs.wroteUser') {
        const results = merge(relay.provisional, event.results);
        return enqueue.emit({ type: 'pmsg.written', req: relay.req, results });
      }
      enqueue.emit({
        type: 'pmsg.failed',
        req: relay.req,
        cause: 'pmsg.write',
        error: event.error
      });
    })
  }
}).createMachine({
  id: 'pmsg',
  context: { lock: null, frontend: null, core: null, nextToken: 1, relays: {} },
  initial: 'unregistered',
  states: {
    unregistered: {
      on: {
        'frontend.register': { actions: { type: 'register', params: ({ event }) => event } },
        'self.node.created': {
          target: 'registered',
          actions: assign({
            frontend: ({ event }) => event.frontend,
            core: ({ event }) => event.core
          })
        },
        'frontend.unregister': {
          actions: { type: 'unregistered', params: ({ event }) => event }
        },
        'pmsg.write': { actions: { type: 'refuseWrite', params: ({ event }) => event } }
      }
    },
    registered: {
      exit: 'removeNode',
      on: {
        // A restarted peer registers again: the old node goes first (on the
        // way out), then the new one is made as from `unregistered`.
        'frontend.register': {
          target: 'unregistered',
          actions: { type: 'register', params: ({ event }) => event }
        },
        'frontend.unregister': {
          target: 'unregistered',
          actions: { type: 'unregistered', params: ({ event }) => event }
        },
        'pmsg.write': { actions: { type: 'write', params: ({ event }) => event } }
      }
    }
  },
  on: {
    'pmsg.boot': {
      actions: enqueueActions(({ enqueue, event }) => {
        enqueue.assign({ lock: event.lock });
        enqueue.emit({ type: 'pmsg.booted', req: event.req });
      })
    },
    // Writes relayed before an unregister are still answered.
    'pstore-fs.wroteUser': { actions: { type: 'settle', params: ({ event }) => event } },
    'pstore-fs.failed': { actions: { type: 'settle', params: ({ event }) => event } }
  }
});
