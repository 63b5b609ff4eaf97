/**
 * The pstore-fs actor: the pstore module of one boot (platform.c's core and
 * inode.c's files) serving a backend, kmsg, the console layer and plug-in
 * frontends that live in other actors. Requests that need other actors'
 * answers run as jobs, one at a time; console output and pmsg writes are
 * passed on at once, batched.
 * Kernel counterpart: fs/pstore/platform.c, fs/pstore/inode.c.
 *
 * States: `off` until `pstore-fs.boot` built the core and mounted the
 * filesystem; then `booted`: `unregistered` (no backend), `registering`
 * (pstore_register() waits for the backend's records), `registered` (the
 * backend is pstore's psinfo; a second one is refused with EBUSY).
 * Unregistered and registered are each `idle` or `busy` (a job waits for a
 * peer's answer; another request is refused with EBUSY). A job's end is an
 * event the machine raises for itself, `self.job.done`.
 */
import type { ConsoleEvent } from '@pstore/console';
import type { DumperMessage } from '@pstore/kmsg';
import { assertEvent, enqueueActions, setup } from 'xstate';
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
import { answer, fireAndForget, pump, type Job } from './jobs.ts';
import type { PeerReply, PstoreFsOutput } from './peer-messages.ts';
import type { PstoreFsCommand, PstoreFsErrorData } from './protocol.ts';
import { bootAttempt, fileInfo, takeBootAttempt, type PstoreSide } from './pstore-side.ts';

export type { PstoreFsOutput } from './peer-messages.ts';

type DumperDump = Extract<DumperMessage, { type: 'dumper.dump' }>;

export type PstoreFsInput =
  PstoreFsCommand | DumperDump | PeerReply | Extract<ConsoleEvent, { type: 'console.printed' }>;

/** Raised by the machine itself when a job ended (answered or failed); never on the wire. */
interface JobDone {
  readonly type: 'self.job.done';
}

export interface PstoreFsContext {
  /** The pstore module of the boot: set in `booted`. */
  readonly side: PstoreSide | null;
  /** The request waiting for a peer: set in `registering` and `busy`. */
  readonly job: Job | null;
  /** req of the next message this actor sends. */
  readonly nextToken: number;
  /** Writes whose answer goes back to a requester: token → the requester's req. */
  readonly relays: Readonly<Record<number, number | undefined>>;
}

/** Requests that run as a job besides pstore_register(): the same in both lifecycle states. */
const otherJobs = [
  'pstore-fs.unlink',
  'pstore-fs.advance',
  'pstore-fs.reconnect',
  'dumper.dump'
] as const;
/** Requests that run as a job. */
const jobRequests = ['pstore-fs.register', ...otherJobs] as const;
type JobRequest = Extract<PstoreFsInput, { type: (typeof jobRequests)[number] }>;

/** The same transition for each of `types` (an `on:` block). */
function each<const T extends string, const V>(types: readonly T[], transition: V): Record<T, V> {
  return Object.fromEntries(types.map((t) => [t, transition])) as Record<T, V>;
}

/** Requests served at once. */
const served = [
  'pstore-fs.list',
  'pstore-fs.read',
  'pstore-fs.writeUser',
  'pstore-fs.log'
] as const;

const replies = [
  'kmsg.printed',
  'kmsg.dumpRegistered',
  'kmsg.dumpUnregistered',
  'kmsg.failed',
  'console.registered',
  'console.unregistered',
  'console.failed',
  'frontend.registered',
  'frontend.unregistered',
  'frontend.failed',
  'backend.records',
  'backend.written',
  'backend.erased',
  'backend.failed'
] as const satisfies readonly PeerReply['type'][];

const error = (code: string, errno: number, message: string): PstoreFsErrorData => ({
  code,
  errno,
  message
});

const notBooted = error('EINVAL', 22, 'pstore-fs is not booted');

/** A refused request's answer: kmsg's dumper protocol answers a dump with its error. */
const refusal = (
  event: JobRequest | Extract<PstoreFsInput, { type: (typeof served)[number] }>,
  e: PstoreFsErrorData
): PstoreFsOutput =>
  event.type === 'dumper.dump'
    ? { type: 'dumper.dumped', req: event.req, result: { error: e } }
    : { type: 'pstore-fs.failed', req: event.req, cause: event.type, error: e };

/** The job a request needs. @throws what the request's own checks throw (ENOENT, …). */
function jobFor(side: PstoreSide, event: JobRequest): Job {
  switch (event.type) {
    case 'pstore-fs.register':
      return registerJob(side, event);
    case 'pstore-fs.unlink':
      return unlinkJob(side, event);
    case 'pstore-fs.advance':
      return advanceJob(side, event);
    case 'pstore-fs.reconnect':
      return reconnectJob(side, event);
    case 'dumper.dump':
      return dumpJob(side, event);
  }
}

export const pstoreFsMachine = setup({
  types: {
    context: {} as PstoreFsContext,
    events: {} as PstoreFsInput | JobDone,
    emitted: {} as PstoreFsOutput
  },
  guards: {
    /** The boot's kernel and parameters build the pstore core. */
    bootable: ({ event }) => event.type === 'pstore-fs.boot' && 'side' in bootAttempt(event),
    /** The answer to the step the job is waiting for. */
    answersJob: ({ event, context }) =>
      'req' in event && event.req !== undefined && event.req === context.job?.token
  },
  actions: {
    boot: enqueueActions(({ enqueue, event }) => {
      assertEvent(event, 'pstore-fs.boot');
      const attempt = takeBootAttempt(event);
      if ('side' in attempt) {
        enqueue.assign({ side: attempt.side });
        enqueue.emit({ type: 'pstore-fs.booted', req: event.req });
      } else {
        const e = attempt.error;
        enqueue.emit({ type: 'pstore-fs.failed', req: event.req, cause: event.type, error: e });
      }
    }),
    alreadyBooted: enqueueActions(({ enqueue, event }) => {
      assertEvent(event, 'pstore-fs.boot');
      const e = error('EBUSY', 16, 'pstore-fs is already booted');
      enqueue.emit({ type: 'pstore-fs.failed', req: event.req, cause: event.type, error: e });
    }),
    notBooted: enqueueActions(({ enqueue, event }) => {
      assertEvent(event, [...jobRequests, ...served]);
      enqueue.emit(refusal(event, notBooted));
    }),
    busy: enqueueActions(({ enqueue, event }) => {
      assertEvent(event, jobRequests);
      enqueue.emit(refusal(event, error('EBUSY', 16, `${event.type}: another request is running`)));
    }),
    alreadyRegistered: enqueueActions(({ enqueue, event }) => {
      assertEvent(event, 'pstore-fs.register');
      enqueue.emit(refusal(event, error('EBUSY', 16, 'a backend is already registered')));
    }),
    /** Starts the job a request needs; its end (at once, or refused) raises `self.job.done`. */
    startJob: enqueueActions(({ enqueue, event, context }) => {
      assertEvent(event, jobRequests);
      const side = context.side!;
      let job: Job;
      try {
        job = jobFor(side, event);
      } catch (e) {
        side.out.splice(0);
        enqueue.emit(refusal(event, pstoreFsErrorData(e)));
        return enqueue.raise({ type: 'self.job.done' });
      }
      const p = pump(side, job, context.nextToken);
      for (const m of p.emits) enqueue.emit(m);
      enqueue.assign({ job: p.job, nextToken: p.nextToken });
      if (!p.job) enqueue.raise({ type: 'self.job.done' });
    }),
    /** An answer from a peer: the job's step, a relayed write, or an unsolicited failure. */
    settle: enqueueActions(({ enqueue, event, context }) => {
      assertEvent(event, replies);
      const side = context.side!;
      const { job } = context;
      if (job && event.req !== undefined && event.req === job.token) {
        const p = answer(side, job, event, context.nextToken);
        for (const m of p.emits) enqueue.emit(m);
        enqueue.assign({ job: p.job, nextToken: p.nextToken });
        if (!p.job) enqueue.raise({ type: 'self.job.done' });
        return;
      }
      if (event.req !== undefined && event.req in context.relays) {
        const { [event.req]: req, ...relays } = context.relays;
        enqueue.assign({ relays });
        if (event.type === 'backend.written') {
          return enqueue.emit({ type: 'pstore-fs.wroteUser', req, results: event.results });
        }
        if ('error' in event) {
          enqueue.emit({
            type: 'pstore-fs.failed',
            req,
            cause: 'pstore-fs.writeUser',
            error: event.error
          });
        }
        return;
      }
      if (event.type === 'backend.failed') {
        enqueue.emit({ type: 'pstore-fs.failed', cause: event.cause, error: event.error });
      }
    }),
    /** Work that needs no answer: console output, pmsg writes, frontends' log lines, queries. */
    serve: enqueueActions(({ enqueue, event, context }) => {
      assertEvent(event, [...served, 'console.printed']);
      const side = context.side!;
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
        }
      } catch (e) {
        side.out.splice(0);
        const err = pstoreFsErrorData(e);
        return enqueue.emit({
          type: 'pstore-fs.failed',
          req: 'req' in event ? event.req : undefined,
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
  initial: 'off',
  states: {
    /** No pstore module yet: requests are refused with EINVAL, peers' messages dropped. */
    off: {
      on: {
        'pstore-fs.boot': [
          { guard: 'bootable', target: 'booted', actions: 'boot' },
          { actions: 'boot' }
        ],
        ...each([...jobRequests, ...served], { actions: 'notBooted' })
      }
    },
    /** The core runs and the filesystem is mounted (empty until a backend registers). */
    booted: {
      initial: 'unregistered',
      states: {
        unregistered: {
          initial: 'idle',
          states: {
            idle: {
              on: {
                'pstore-fs.register': {
                  target: '#pstore-fs.booted.registering',
                  actions: 'startJob'
                },
                ...each(otherJobs, { target: 'busy', actions: 'startJob' })
              }
            },
            busy: {
              on: {
                'self.job.done': { target: 'idle' },
                ...each(jobRequests, { actions: 'busy' })
              }
            }
          }
        },
        /**
         * pstore_register() waits for backend.read. Once the records came the
         * backend is psinfo, even if its frontends then fail to register.
         */
        registering: {
          on: {
            'backend.records': {
              guard: 'answersJob',
              target: '#pstore-fs.booted.registered.busy',
              actions: 'settle'
            },
            'self.job.done': { target: 'unregistered' },
            ...each(jobRequests, { actions: 'busy' })
          }
        },
        registered: {
          initial: 'idle',
          states: {
            idle: {
              on: {
                'pstore-fs.register': { actions: 'alreadyRegistered' },
                ...each(otherJobs, { target: 'busy', actions: 'startJob' })
              }
            },
            busy: {
              on: {
                'self.job.done': { target: 'idle' },
                ...each(jobRequests, { actions: 'busy' })
              }
            }
          }
        }
      },
      on: {
        'pstore-fs.boot': { actions: 'alreadyBooted' },
        ...each([...served, 'console.printed'], { actions: 'serve' }),
        ...each(replies, { actions: 'settle' })
      }
    }
  }
});
