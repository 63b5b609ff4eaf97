/**
 * The kmsg actor: the printk ring of one boot. printk batches are stored and
 * the records they finalize go out in one `kmsg.records`; kmsg_dump() asks
 * every admitted dumper (in other actors) for its dump and answers only when
 * all of them are done.
 * Kernel counterpart: kernel/printk/printk.c printk(), kmsg_dump(),
 * kmsg_dump_register(), kmsg_dump_unregister().
 */
import { errnoData } from '@pstore/actor';
import { enqueueActions, setup } from 'xstate';
import { createPrintkLog, kmsgErrorData, type PrintkLog } from './printk-log.ts';
import type { KmsgErrorData, KmsgInput, KmsgOutput } from './protocol.ts';

/** A dump in progress: who asked, which dumpers have not answered, what they said. */
interface DumpInProgress {
  readonly req: number | undefined;
  readonly reason: number;
  readonly waiting: readonly number[];
  readonly results: readonly unknown[];
}

export interface KmsgContext {
  readonly log: PrintkLog | null;
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
  actions: {
    refuse: enqueueActions(({ enqueue, event }) => {
      if (event.type.startsWith('dumper.')) return;
      enqueue.emit({ type: 'kmsg.failed', req: event.req, cause: event.type, error: notBooted });
    }),
    boot: enqueueActions(({ enqueue, event }) => {
      if (event.type !== 'kmsg.boot') return;
      try {
        enqueue.assign({ log: createPrintkLog(event) });
        enqueue.emit({ type: 'kmsg.booted', req: event.req });
      } catch (e) {
        enqueue.emit({
          type: 'kmsg.failed',
          req: event.req,
          cause: event.type,
          error: kmsgErrorData(e)
        });
      }
    }),
    printk: enqueueActions(({ enqueue, event, context }) => {
      if (event.type !== 'kmsg.printk' || !context.log) return;
      const { ring } = context.log;
      let error: KmsgErrorData | null = null;
      try {
        for (const line of event.lines) ring.printk(line);
      } catch (e) {
        error = kmsgErrorData(e);
      }
      const batch = context.log.takeRecords();
      if (batch.count) enqueue.emit({ type: 'kmsg.records', batch });
      if (error) enqueue.emit({ type: 'kmsg.failed', req: event.req, cause: event.type, error });
      else if (event.req !== undefined) {
        enqueue.emit({ type: 'kmsg.printed', req: event.req, nextSeq: ring.nextSeq });
      }
    }),
    register: enqueueActions(({ enqueue, event, context }) => {
      if (!context.log) return;
      try {
        if (event.type === 'kmsg.dumpRegister') {
          const id = context.log.registerDumper(event.maxReason);
          enqueue.emit({ type: 'kmsg.dumpRegistered', req: event.req, id });
        } else if (event.type === 'kmsg.dumpUnregister') {
          context.log.unregisterDumper(event.id);
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
      if (event.type !== 'kmsg.advance' || !context.log) return;
      context.log.advance(event.ms);
      enqueue.emit({ type: 'kmsg.advanced', req: event.req, ms: event.ms });
    }),
    dump: enqueueActions(({ enqueue, event, context }) => {
      if (event.type !== 'kmsg.dump' || !context.log) return;
      let requested;
      try {
        requested = context.log.dump(event.reason, event.description);
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
    dumperDone: enqueueActions(({ enqueue, event, context }) => {
      const d = context.dump;
      if (event.type !== 'dumper.dumped' && event.type !== 'dumper.failed') return;
      if (!d || !d.waiting.includes(event.req!)) return;
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
    }),
    busy: enqueueActions(({ enqueue, event }) => {
      if (event.type.startsWith('dumper.')) return;
      const error: KmsgErrorData = errnoData(
        'EBUSY',
        `${event.type} refused: ${event.type === 'kmsg.boot' ? 'already booted' : 'a dump is in progress'}`
      );
      enqueue.emit({ type: 'kmsg.failed', req: event.req, cause: event.type, error });
    })
  }
}).createMachine({
  id: 'kmsg',
  context: { log: null, dump: null, nextToken: 1 },
  initial: 'off',
  states: {
    off: {
      on: {
        'kmsg.boot': { target: 'running', actions: 'boot' },
        'kmsg.printk': { actions: 'refuse' },
        'kmsg.dumpRegister': { actions: 'refuse' },
        'kmsg.dumpUnregister': { actions: 'refuse' },
        'kmsg.dump': { actions: 'refuse' },
        'kmsg.advance': { actions: 'refuse' }
      }
    },
    running: {
      always: { guard: ({ context }) => context.log === null, target: 'off' },
      on: {
        'kmsg.boot': { actions: 'busy' },
        'kmsg.dump': { target: 'dumping', actions: 'dump' }
      }
    },
    dumping: {
      // kmsg_dump() returns once every dumper returned.
      always: { guard: ({ context }) => context.dump === null, target: 'running' },
      on: {
        'kmsg.boot': { actions: 'busy' },
        'kmsg.dump': { actions: 'busy' },
        'dumper.dumped': { actions: 'dumperDone' },
        'dumper.failed': { actions: 'dumperDone' }
      }
    }
  },
  on: {
    'kmsg.printk': { actions: 'printk' },
    'kmsg.dumpRegister': { actions: 'register' },
    'kmsg.dumpUnregister': { actions: 'register' },
    'kmsg.advance': { actions: 'advance' }
  }
});
