/**
 * The pstore-blk actor: registers pstore/zone over the disk the board
 * shares, then serves the backend contract (reads every record, writes
 * dumps and ring batches, erases), runs the cleaner when the board's clock
 * says so, and arms the disk faults a board injects.
 * Kernel counterpart: fs/pstore/blk.c register_pstore_blk(); fs/pstore/zone.c
 * psz_pstore_read(), psz_pstore_write(), psz_pstore_erase(),
 * psz_flush_all_dirty_zones().
 *
 * States: `unregistered` → `registered` (register_pstore_zone() returned 0:
 * the backend exists). A refused registration stays `unregistered`, so a
 * later one may try again; blk.c allows one device, so a second is EBUSY.
 */
import { errnoData } from '@pstore/actor';
import { serveBackend, type BackendCommand, type BackendEvent } from '@pstore/pstore-fs/backend';
import { assign, enqueueActions, setup } from 'xstate';
import type { PstoreZoneBackend } from '../zone-backend.ts';
import type { FaultyDisk } from '../disk-faults.ts';
import type { PstoreBlkCommand, PstoreBlkEvent, PstoreBlkRegister } from './protocol.ts';
import { pstoreBlkErrorData, registerBlk, type RegisteredBlk } from './register.ts';

export type PstoreBlkInput = PstoreBlkCommand | BackendCommand;
export type PstoreBlkOutput = PstoreBlkEvent | BackendEvent;

/** What registering raises when it succeeded (not a message of the protocol). */
type RegisterStep = { readonly type: 'self.registered'; readonly blk: RegisteredBlk };

export interface PstoreBlkContext {
  /** The backend and its disk, in `registered` only. */
  readonly backend: PstoreZoneBackend | null;
  readonly disk: FaultyDisk | null;
}

const BACKEND_CALLS = ['backend.read', 'backend.write', 'backend.writeUser', 'backend.erase'];

export const pstoreBlkMachine = setup({
  types: {
    context: {} as PstoreBlkContext,
    events: {} as PstoreBlkInput | RegisterStep,
    emitted: {} as PstoreBlkOutput
  },
  actions: {
    register: enqueueActions(({ enqueue }, cmd: PstoreBlkRegister) => {
      try {
        const blk = registerBlk(cmd);
        enqueue.emit(blk.reply);
        enqueue.raise({ type: 'self.registered', blk });
      } catch (e) {
        const error = pstoreBlkErrorData(e);
        enqueue.emit({ type: 'pstore-blk.failed', req: cmd.req, cause: cmd.type, error });
      }
    }),
    refuseRegister: enqueueActions(({ enqueue }, cmd: PstoreBlkRegister) => {
      const error = errnoData(
        'EBUSY',
        'pstore_blk is already registered (blk.c allows one device)'
      );
      enqueue.emit({ type: 'pstore-blk.failed', req: cmd.req, cause: cmd.type, error });
    }),
    refuseUnregistered: enqueueActions(
      ({ enqueue }, cmd: BackendCommand | Extract<PstoreBlkCommand, { req?: number }>) => {
        const error = errnoData('ENODEV', 'pstore_blk is not registered');
        const prefix = cmd.type.startsWith('backend.') ? 'backend' : 'pstore-blk';
        enqueue.emit({
          type: `${prefix}.failed` as 'backend.failed',
          req: cmd.req,
          cause: cmd.type,
          error
        });
      }
    ),
    flushDirty: enqueueActions(({ enqueue, context }, req: number | undefined) => {
      const backend = context.backend!;
      const failed = backend.flushDirty();
      enqueue.emit({ type: 'pstore-blk.flushed-dirty', req, failed, dirty: backend.dirtyZones() });
    }),
    arm: enqueueActions(({ enqueue, context, event }) => {
      if (event.type !== 'pstore-blk.arm') return;
      try {
        context.disk!.arm(event.bytes, event.mode);
      } catch (e) {
        const error = pstoreBlkErrorData(e);
        return enqueue.emit({
          type: 'pstore-blk.failed',
          req: event.req,
          cause: event.type,
          error
        });
      }
      enqueue.emit({
        type: 'pstore-blk.armed',
        req: event.req,
        bytes: event.bytes,
        mode: event.mode
      });
    }),
    backendCall: enqueueActions(({ enqueue, context }, cmd: BackendCommand) => {
      // Only the registered state calls it, and it holds the backend.
      const answer = serveBackend(context.backend!, cmd, pstoreBlkErrorData);
      if (answer) enqueue.emit(answer);
    })
  }
}).createMachine({
  id: 'pstore-blk',
  context: { backend: null, disk: null },
  initial: 'unregistered',
  states: {
    unregistered: {
      on: {
        'pstore-blk.register': { actions: { type: 'register', params: ({ event }) => event } },
        'self.registered': {
          target: 'registered',
          actions: assign({
            backend: ({ event }) => event.blk.backend,
            disk: ({ event }) => event.blk.disk
          })
        },
        'pstore-blk.flush-dirty': {
          actions: { type: 'refuseUnregistered', params: ({ event }) => event }
        },
        'pstore-blk.arm': { actions: { type: 'refuseUnregistered', params: ({ event }) => event } },
        ...Object.fromEntries(
          BACKEND_CALLS.map((t) => [
            t,
            {
              actions: {
                type: 'refuseUnregistered',
                params: ({ event }: { event: BackendCommand }) => event
              }
            }
          ])
        )
      }
    },
    registered: {
      on: {
        'pstore-blk.register': {
          actions: { type: 'refuseRegister', params: ({ event }) => event }
        },
        'pstore-blk.flush-dirty': {
          actions: { type: 'flushDirty', params: ({ event }) => event.req }
        },
        'pstore-blk.arm': { actions: 'arm' },
        ...Object.fromEntries(
          BACKEND_CALLS.map((t) => [
            t,
            {
              actions: {
                type: 'backendCall',
                params: ({ event }: { event: BackendCommand }) => event
              }
            }
          ])
        )
      }
    }
  }
});
