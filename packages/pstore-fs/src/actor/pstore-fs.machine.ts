/**
 * The pstore-fs actor: the pstore module of one boot (platform.c's core and
 * inode.c's files) serving a backend, kmsg, the console layer and plug-in
 * frontends that live in other actors. Requests that need other actors'
 * answers run as jobs, one at a time; console output and pmsg writes are
 * passed on at once, batched.
 * Kernel counterpart: fs/pstore/platform.c, fs/pstore/inode.c.
 */
import type { ConsoleEvent } from '@pstore/console';
import type { DumperMessage, KmsgEvent } from '@pstore/kmsg';
import { enqueueActions, setup } from 'xstate';
import { pstoreFsErrorData } from './errors.ts';
import {
  advanceJob,
  consolePrinted,
  dumpJob,
  reconnectJob,
  registerJob,
  unlinkJob,
  writeUser
} from './handlers.ts';
import { answer, fireAndForget, pump, type Job, type Wire } from './jobs.ts';
import type {
  BackendEvent,
  FrontendEvent,
  PstoreFsCommand,
  PstoreFsErrorData,
  PstoreFsEvent
} from './protocol.ts';
import { createPstoreSide, fileInfo, type PstoreSide } from './pstore-side.ts';

type Reply =
  | Extract<
      KmsgEvent,
      { type: `kmsg.${'printed' | 'dumpRegistered' | 'dumpUnregistered' | 'failed'}` }
    >
  | Extract<
      ConsoleEvent,
      { type: `console.${'registered' | 'unregistered' | 'failed' | 'printed'}` }
    >
  | FrontendEvent
  | BackendEvent;

export type PstoreFsInput =
  PstoreFsCommand | Extract<DumperMessage, { type: 'dumper.dump' }> | Reply;
/** What the machine emits: its events, dumpers' answers, and commands to its peers. */
export type PstoreFsOutput = PstoreFsEvent | Wire;

export interface PstoreFsContext {
  readonly side: PstoreSide | null;
  readonly job: Job | null;
  /** req of the next message this actor sends. */
  readonly nextToken: number;
  /** Writes whose answer goes back to a requester: token → the requester's req. */
  readonly relays: Readonly<Record<number, number | undefined>>;
}

const reqOf = (event: PstoreFsInput): number | undefined =>
  'req' in event ? event.req : undefined;

const error = (code: string, errno: number, message: string): PstoreFsErrorData => ({
  code,
  errno,
  message
});

export const pstoreFsMachine = setup({
  types: {
    context: {} as PstoreFsContext,
    events: {} as PstoreFsInput,
    emitted: {} as PstoreFsOutput
  },
  actions: {
    /** Starts a job for a request, or refuses it. */
    startJob: enqueueActions(({ enqueue, event, context }) => {
      const { side } = context;
      const refuse = (e: PstoreFsErrorData) =>
        event.type === 'dumper.dump'
          ? { type: 'dumper.dumped', req: reqOf(event), result: { error: e } }
          : { type: 'pstore-fs.failed', req: reqOf(event), cause: event.type, error: e };
      if (!side) return enqueue.emit(refuse(error('EINVAL', 22, 'pstore-fs is not booted')));
      if (context.job) {
        return enqueue.emit(
          refuse(error('EBUSY', 16, `${event.type}: another request is running`))
        );
      }
      let job: Job;
      try {
        switch (event.type) {
          case 'pstore-fs.register':
            if (side.backend) {
              throw Object.assign(new Error('a backend is already registered'), { code: 'EBUSY' });
            }
            job = registerJob(side, event);
            break;
          case 'pstore-fs.unlink':
            job = unlinkJob(side, event);
            break;
          case 'pstore-fs.advance':
            job = advanceJob(side, event);
            break;
          case 'pstore-fs.reconnect':
            job = reconnectJob(side, event);
            break;
          case 'dumper.dump':
            job = dumpJob(side, event);
            break;
          default:
            return;
        }
      } catch (e) {
        side.out.splice(0);
        return enqueue.emit(refuse(pstoreFsErrorData(e)));
      }
      const p = pump(side, job, context.nextToken);
      for (const m of p.emits) enqueue.emit(m);
      enqueue.assign({ job: p.job, nextToken: p.nextToken });
    }),
    /** An answer from a peer: the job's step, a relayed write, or an unsolicited failure. */
    settle: enqueueActions(({ enqueue, event, context }) => {
      const { side, job } = context;
      if (!side) return;
      const reply = event as unknown as Wire;
      if (job && reply.req !== undefined && reply.req === job.token) {
        const p = answer(side, job, reply, context.nextToken);
        for (const m of p.emits) enqueue.emit(m);
        return enqueue.assign({ job: p.job, nextToken: p.nextToken });
      }
      if (reply.req !== undefined && reply.req in context.relays) {
        const { [reply.req]: req, ...relays } = context.relays;
        enqueue.assign({ relays });
        if (reply.type === 'backend.written') {
          return enqueue.emit({
            type: 'pstore-fs.wroteUser',
            req,
            results: reply['results'] as number[]
          });
        }
        const e = reply['error'] as PstoreFsErrorData;
        return enqueue.emit({
          type: 'pstore-fs.failed',
          req,
          cause: 'pstore-fs.writeUser',
          error: e
        });
      }
      if (reply.type === 'backend.failed') {
        const e = reply['error'] as PstoreFsErrorData;
        enqueue.emit({ type: 'pstore-fs.failed', cause: String(reply['cause']), error: e });
      }
    }),
    /** Work that needs no answer: console output, pmsg writes, frontends' log lines, queries. */
    serve: enqueueActions(({ enqueue, event, context }) => {
      const { side } = context;
      if (!side) {
        if (event.type === 'console.printed') return;
        const e = error('EINVAL', 22, 'pstore-fs is not booted');
        return enqueue.emit({
          type: 'pstore-fs.failed',
          req: reqOf(event),
          cause: event.type,
          error: e
        });
      }
      try {
        switch (event.type) {
          case 'console.printed':
            consolePrinted(side, event);
            break;
          case 'pstore-fs.log':
            for (const line of event.lines) side.out.push({ kind: 'log', line });
            enqueue.emit({ type: 'pstore-fs.done', req: event.req });
            break;
          case 'pstore-fs.list':
            enqueue.emit({
              type: 'pstore-fs.listing',
              req: event.req,
              files: side.fs.list().map(fileInfo)
            });
            break;
          case 'pstore-fs.read':
            enqueue.emit({
              type: 'pstore-fs.file',
              req: event.req,
              name: event.name,
              data: side.fs.read(event.name).slice()
            });
            break;
          case 'pstore-fs.writeUser': {
            const provisional = writeUser(side, event);
            const msgs = fireAndForget(side);
            const write = msgs.find((m) => m.type === 'backend.writeUser');
            if (event.req !== undefined && write) {
              const token = context.nextToken;
              enqueue.assign({
                nextToken: token + 1,
                relays: { ...context.relays, [token]: event.req }
              });
              for (const m of msgs) enqueue.emit(m === write ? { ...m, req: token } : m);
              return;
            }
            for (const m of msgs) enqueue.emit(m);
            if (event.req !== undefined) {
              enqueue.emit({ type: 'pstore-fs.wroteUser', req: event.req, results: provisional });
            }
            return;
          }
          default:
            return;
        }
      } catch (e) {
        side.out.splice(0);
        const err = pstoreFsErrorData(e);
        return enqueue.emit({
          type: 'pstore-fs.failed',
          req: reqOf(event),
          cause: event.type,
          error: err
        });
      }
      for (const m of fireAndForget(side)) enqueue.emit(m);
    })
  }
}).createMachine({
  id: 'pstore-fs',
  context: { side: null, job: null, nextToken: 1, relays: {} },
  on: {
    'pstore-fs.boot': {
      actions: enqueueActions(({ enqueue, event, context }) => {
        if (context.side) {
          const e = error('EBUSY', 16, 'pstore-fs is already booted');
          return enqueue.emit({
            type: 'pstore-fs.failed',
            req: event.req,
            cause: event.type,
            error: e
          });
        }
        try {
          enqueue.assign({ side: createPstoreSide(event) });
          enqueue.emit({ type: 'pstore-fs.booted', req: event.req });
        } catch (e) {
          enqueue.emit({
            type: 'pstore-fs.failed',
            req: event.req,
            cause: event.type,
            error: pstoreFsErrorData(e)
          });
        }
      })
    },
    'pstore-fs.register': { actions: 'startJob' },
    'pstore-fs.unlink': { actions: 'startJob' },
    'pstore-fs.advance': { actions: 'startJob' },
    'pstore-fs.reconnect': { actions: 'startJob' },
    'dumper.dump': { actions: 'startJob' },
    'pstore-fs.list': { actions: 'serve' },
    'pstore-fs.read': { actions: 'serve' },
    'pstore-fs.writeUser': { actions: 'serve' },
    'pstore-fs.log': { actions: 'serve' },
    'console.printed': { actions: 'serve' },
    'kmsg.printed': { actions: 'settle' },
    'kmsg.dumpRegistered': { actions: 'settle' },
    'kmsg.dumpUnregistered': { actions: 'settle' },
    'kmsg.failed': { actions: 'settle' },
    'console.registered': { actions: 'settle' },
    'console.unregistered': { actions: 'settle' },
    'console.failed': { actions: 'settle' },
    'frontend.registered': { actions: 'settle' },
    'frontend.unregistered': { actions: 'settle' },
    'frontend.failed': { actions: 'settle' },
    'backend.records': { actions: 'settle' },
    'backend.written': { actions: 'settle' },
    'backend.erased': { actions: 'settle' },
    'backend.failed': { actions: 'settle' }
  }
});
