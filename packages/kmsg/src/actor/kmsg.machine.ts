/**
 * The kmsg actor: the printk ring of one boot. printk batches are stored and
 * the records they finalize go out in one `kmsg.records`; kmsg_dump() asks
 * every admitted dumper (in other actors) for its dump and answers only when
 * all of them are done.
 * Kernel counterpart: kernel/printk/printk.c printk(), kmsg_dump(),
 * kmsg_dump_register(), kmsg_dump_unregister().
 *
 * States: `off` until `kmsg.boot` built the printk log; then `booted`, which
 * is `running`, or `dumping` while kmsg_dump() waits for its dumpers. Each
 * state refuses what it cannot do (before boot: EINVAL; a second boot, or a
 * dump during a dump: EBUSY).
 */
import { errnoData, withTransfer } from '@pstore/actor';
import { assertEvent, enqueueActions, setup } from 'xstate';
import { forEachPrintkLine } from './printk-lines.ts';
import { bootAttempt, kmsgErrorData, takeBootAttempt, type PrintkLog } from './printk-log.ts';
import type { KmsgErrorData, KmsgInput, KmsgOutput } from './protocol.ts';
import { batchBuffer } from './record-batch.ts';

/** A dump in progress: who asked, which dumpers have not answered, what they said. */
interface DumpInProgress {
  readonly req: number | undefined;
  readonly reason: number;
  readonly waiting: readonly number[];
  readonly results: readonly unknown[];
}

export interface KmsgContext {
  /** The printk side of the boot: set in every state below `booted`. */
  readonly log: PrintkLog | null;
  /** Set in `dumping` only. */
  readonly dump: DumpInProgress | null;
  /** req of the next `dumper.dump` this actor sends. */
  readonly nextToken: number;
}

const notBooted: KmsgErrorData = errnoData('EINVAL', 'kmsg is not booted: send kmsg.boot first');

export const kmsgMachine = setup({
  types: {
    context: {} as KmsgContext,
    events: {} as KmsgInput,
    emitted: {} as KmsgOutput
  },
  guards: {
    /** The boot's ring options build a printk log. */
    bootable: ({ event }) => event.type === 'kmsg.boot' && 'log' in bootAttempt(event),
    /** kmsg_dump() will call at least one dumper, so it waits for answers. */
    asksDumpers: ({ event, context }) =>
      event.type === 'kmsg.dump' && context.log!.asks(event.reason),
    /** The answer of the last dumper kmsg_dump() waits for. */
    lastAnswer: ({ event, context }) =>
      context.dump?.waiting.length === 1 && context.dump.waiting[0] === event.req
  },
  actions: {
    refuse: enqueueActions(({ enqueue, event }) => {
      assertEvent(event, [
        'kmsg.printk',
        'kmsg.dumpRegister',
        'kmsg.dumpUnregister',
        'kmsg.dump',
        'kmsg.advance'
      ]);
      enqueue.emit({ type: 'kmsg.failed', req: event.req, cause: event.type, error: notBooted });
    }),
    boot: enqueueActions(({ enqueue, event }) => {
      assertEvent(event, 'kmsg.boot');
      const attempt = takeBootAttempt(event);
      if ('log' in attempt) {
        enqueue.assign({ log: attempt.log });
        enqueue.emit({ type: 'kmsg.booted', req: event.req });
      } else {
        enqueue.emit({
          type: 'kmsg.failed',
          req: event.req,
          cause: event.type,
          error: attempt.error
        });
      }
    }),
    alreadyBooted: enqueueActions(({ enqueue, event }) => {
      assertEvent(event, 'kmsg.boot');
      const error = errnoData('EBUSY', 'kmsg.boot refused: already booted');
      enqueue.emit({ type: 'kmsg.failed', req: event.req, cause: event.type, error });
    }),
    printk: enqueueActions(({ enqueue, event, context }) => {
      assertEvent(event, 'kmsg.printk');
      const log = context.log!;
      let error: KmsgErrorData | null = null;
      try {
        forEachPrintkLine(event, log.ring);
      } catch (e) {
        error = kmsgErrorData(e);
      }
      const batch = log.takeRecords();
      // The batch is this message's alone: its buffer goes with it, uncopied.
      if (batch) {
        enqueue.emit(withTransfer({ type: 'kmsg.records', batch }, [batchBuffer(batch)]));
      }
      if (error) enqueue.emit({ type: 'kmsg.failed', req: event.req, cause: event.type, error });
      else if (event.req !== undefined) {
        enqueue.emit({ type: 'kmsg.printed', req: event.req, nextSeq: log.ring.nextSeq });
      }
    }),
    register: enqueueActions(({ enqueue, event, context }) => {
      assertEvent(event, ['kmsg.dumpRegister', 'kmsg.dumpUnregister']);
      const log = context.log!;
      try {
        if (event.type === 'kmsg.dumpRegister') {
          const id = log.registerDumper(event.maxReason);
          enqueue.emit({ type: 'kmsg.dumpRegistered', req: event.req, id });
        } else {
          log.unregisterDumper(event.id);
          enqueue.emit({ type: 'kmsg.dumpUnregistered', req: event.req, id: event.id });
        }
      } catch (e) {
        enqueue.emit({
          type: 'kmsg.failed',
          req: event.req,
          cause: event.type,
          error: kmsgErrorData(e)
        });
      }
    }),
    advance: enqueueActions(({ enqueue, event, context }) => {
      assertEvent(event, 'kmsg.advance');
      context.log!.advance(event.ms);
      enqueue.emit({ type: 'kmsg.advanced', req: event.req, ms: event.ms });
    }),
    dump: enqueueActions(({ enqueue, event, context }) => {
      assertEvent(event, 'kmsg.dump');
      let requested;
      try {
        requested = context.log!.dump(event.reason, event.description);
      } catch (e) {
        enqueue.emit({
          type: 'kmsg.failed',
          req: event.req,
          cause: event.type,
          error: kmsgErrorData(e)
        });
        return;
      }
      if (!requested.length) {
        enqueue.emit({ type: 'kmsg.dumped', req: event.req, reason: event.reason, results: [] });
        return;
      }
      const waiting = requested.map((_, i) => context.nextToken + i);
      for (const [i, r] of requested.entries()) {
        enqueue.emit({
          type: 'dumper.dump',
          req: waiting[i],
          id: r.id,
          reason: event.reason,
          description: event.description,
          log: r.log
        });
      }
      enqueue.assign({
        nextToken: context.nextToken + requested.length,
        dump: { req: event.req, reason: event.reason, waiting, results: [] }
      });
    }),
    dumpInProgress: enqueueActions(({ enqueue, event }) => {
      assertEvent(event, 'kmsg.dump');
      const error = errnoData('EBUSY', 'kmsg.dump refused: a dump is in progress');
      enqueue.emit({ type: 'kmsg.failed', req: event.req, cause: event.type, error });
    }),
    dumperDone: enqueueActions(({ enqueue, event, context }) => {
      assertEvent(event, ['dumper.dumped', 'dumper.failed']);
      const d = context.dump!;
      if (event.req === undefined || !d.waiting.includes(event.req)) return;
      const waiting = d.waiting.filter((t) => t !== event.req);
      // A dumper whose worker died answers with the error, as a failed dump does.
      const result = event.type === 'dumper.dumped' ? event.result : { error: event.error };
      const results = [...d.results, result];
      if (waiting.length) {
        enqueue.assign({ dump: { ...d, waiting, results } });
        return;
      }
      enqueue.assign({ dump: null });
      enqueue.emit({ type: 'kmsg.dumped', req: d.req, reason: d.reason, results });
    })
  }
}).createMachine({
  id: 'kmsg',
  context: { log: null, dump: null, nextToken: 1 },
  initial: 'off',
  states: {
    /** No printk ring yet: only `kmsg.boot` is accepted. */
    off: {
      on: {
        'kmsg.boot': [
          { guard: 'bootable', target: 'booted', actions: 'boot' },
          { actions: 'boot' }
        ],
        'kmsg.printk': { actions: 'refuse' },
        'kmsg.dumpRegister': { actions: 'refuse' },
        'kmsg.dumpUnregister': { actions: 'refuse' },
        'kmsg.dump': { actions: 'refuse' },
        'kmsg.advance': { actions: 'refuse' }
      }
    },
    /** The ring exists: printk() and the dumper registry work in both substates. */
    booted: {
      initial: 'running',
      states: {
        running: {
          on: {
            'kmsg.dump': [
              { guard: 'asksDumpers', target: 'dumping', actions: 'dump' },
              { actions: 'dump' }
            ]
          }
        },
        /** kmsg_dump() returns once every dumper it called returned. */
        dumping: {
          on: {
            'kmsg.dump': { actions: 'dumpInProgress' },
            'dumper.dumped': [
              { guard: 'lastAnswer', target: 'running', actions: 'dumperDone' },
              { actions: 'dumperDone' }
            ],
            'dumper.failed': [
              { guard: 'lastAnswer', target: 'running', actions: 'dumperDone' },
              { actions: 'dumperDone' }
            ]
          }
        }
      },
      on: {
        'kmsg.boot': { actions: 'alreadyBooted' },
        'kmsg.printk': { actions: 'printk' },
        'kmsg.dumpRegister': { actions: 'register' },
        'kmsg.dumpUnregister': { actions: 'register' },
        'kmsg.advance': { actions: 'advance' }
      }
    }
  }
});
