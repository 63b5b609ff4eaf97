/**
 * The console actor: prints each batch of kmsg's records to every registered
 * driver and sends each driver's output on in one `console.printed`. Lines
 * the console layer logs go to kmsg first; a request that logged is answered
 * once kmsg has stored them, so the log order is the same in every
 * placement.
 * Kernel counterpart: kernel/printk/printk.c register_console(),
 * unregister_console(), console_unlock(), console_flush_on_panic();
 * lib/bust_spinlocks.c.
 *
 * States: `off` until `console.boot` built the registry (the console layer
 * refuses driver commands with EINVAL and ignores records), then `booted`
 * (a second boot: EBUSY). Which drivers are registered is the registry's
 * data, not a state: each driver comes and goes on its own.
 */
import { errnoData } from '@pstore/actor';
import type { KmsgCommand, KmsgEvent } from '@pstore/kmsg';
import { assertEvent, enqueueActions, setup } from 'xstate';
import type { ConsoleCommand, ConsoleErrorData, ConsoleEvent } from './protocol.ts';
import {
  bootAttempt,
  consoleErrorData,
  takeBootAttempt,
  type RemoteConsoles
} from './remote-consoles.ts';

type KmsgReply = Extract<KmsgEvent, { type: 'kmsg.records' | 'kmsg.printed' | 'kmsg.failed' }>;
type KmsgPrintk = Extract<KmsgCommand, { type: 'kmsg.printk' }>;

export type ConsoleInput = ConsoleCommand | KmsgReply;
export type ConsoleOutput = ConsoleEvent | KmsgPrintk;

/** A driver command: register, unregister, bust_spinlocks, flush on panic. */
type DriverCommand = Exclude<ConsoleCommand, { type: 'console.boot' | 'console.flush' }>;
const driverCommands = [
  'console.register',
  'console.unregister',
  'console.bustSpinlocks',
  'console.flushOnPanic'
] as const satisfies readonly DriverCommand['type'][];

export interface ConsoleContext {
  /** The registry of the boot: set in `booted`. */
  readonly consoles: RemoteConsoles | null;
  /** Replies held until kmsg acknowledged the lines logged while handling their command. */
  readonly pending: Readonly<Record<number, ConsoleEvent | null>>;
  readonly nextToken: number;
}

const notBooted: ConsoleErrorData = errnoData(
  'EINVAL',
  'console is not booted: send console.boot first'
);

/** What handling one message produced: messages to send and the context to keep. */
interface Outcome {
  readonly emits: ConsoleOutput[];
  readonly context?: Partial<ConsoleContext>;
}

/** What the drivers printed, then the logged lines, then (after kmsg's ack) the reply. */
function finish(
  context: ConsoleContext,
  consoles: RemoteConsoles,
  reply: ConsoleEvent | null
): Outcome {
  const emits: ConsoleOutput[] = consoles.takePrinted();
  const lines = consoles.takeLogged();
  if (!lines.length) return { emits: reply ? [...emits, reply] : emits };
  const token = context.nextToken;
  emits.push({ type: 'kmsg.printk', req: token, lines } satisfies KmsgPrintk);
  return {
    emits,
    context: { nextToken: token + 1, pending: { ...context.pending, [token]: reply } }
  };
}

/** Runs a driver command on the consoles of the boot. */
function driverCommand(
  context: ConsoleContext,
  consoles: RemoteConsoles,
  event: DriverCommand
): Outcome {
  let reply: ConsoleEvent;
  try {
    switch (event.type) {
      case 'console.register':
        consoles.register(event.name, event.index, event.flags);
        reply = {
          type: 'console.registered',
          req: event.req,
          name: event.name,
          index: event.index
        };
        break;
      case 'console.unregister':
        consoles.unregister(event.name, event.index);
        reply = {
          type: 'console.unregistered',
          req: event.req,
          name: event.name,
          index: event.index
        };
        break;
      case 'console.bustSpinlocks':
        consoles.registry.bustSpinlocks(event.on);
        reply = {
          type: 'console.done',
          req: event.req,
          oopsInProgress: consoles.registry.oopsInProgress
        };
        break;
      case 'console.flushOnPanic':
        consoles.registry.consoleFlushOnPanic(event.mode);
        reply = {
          type: 'console.done',
          req: event.req,
          oopsInProgress: consoles.registry.oopsInProgress
        };
        break;
    }
  } catch (e) {
    const error = consoleErrorData(e);
    const out = finish(context, consoles, null);
    return {
      ...out,
      emits: [{ type: 'console.failed', req: event.req, cause: event.type, error }, ...out.emits]
    };
  }
  return finish(context, consoles, event.req === undefined ? null : reply);
}

export const consoleMachine = setup({
  types: {
    context: {} as ConsoleContext,
    events: {} as ConsoleInput,
    emitted: {} as ConsoleOutput
  },
  guards: {
    /** The boot's ring and registry options build the console layer. */
    bootable: ({ event }) => event.type === 'console.boot' && 'consoles' in bootAttempt(event)
  },
  actions: {
    boot: enqueueActions(({ enqueue, event }) => {
      assertEvent(event, 'console.boot');
      const attempt = takeBootAttempt(event);
      if ('consoles' in attempt) {
        enqueue.assign({ consoles: attempt.consoles });
        enqueue.emit({ type: 'console.booted', req: event.req });
      } else {
        const error = attempt.error;
        enqueue.emit({ type: 'console.failed', req: event.req, cause: event.type, error });
      }
    }),
    alreadyBooted: enqueueActions(({ enqueue, event }) => {
      assertEvent(event, 'console.boot');
      const error = errnoData('EBUSY', 'console is already booted');
      enqueue.emit({ type: 'console.failed', req: event.req, cause: event.type, error });
    }),
    refuse: enqueueActions(({ enqueue, event }) => {
      assertEvent(event, driverCommands);
      enqueue.emit({ type: 'console.failed', req: event.req, cause: event.type, error: notBooted });
    }),
    driver: enqueueActions(({ enqueue, event, context }) => {
      assertEvent(event, driverCommands);
      const o = driverCommand(context, context.consoles!, event);
      for (const m of o.emits) enqueue.emit(m);
      if (o.context) enqueue.assign(o.context);
    }),
    records: enqueueActions(({ enqueue, event, context }) => {
      assertEvent(event, 'kmsg.records');
      const consoles = context.consoles!;
      consoles.replay(event.batch);
      const o = finish(context, consoles, null);
      for (const m of o.emits) enqueue.emit(m);
      if (o.context) enqueue.assign(o.context);
    }),
    settle: enqueueActions(({ enqueue, event, context }) => {
      assertEvent(event, ['kmsg.printed', 'kmsg.failed']);
      const reply = event.req === undefined ? undefined : context.pending[event.req];
      if (reply === undefined) return;
      const { [event.req!]: _done, ...pending } = context.pending;
      enqueue.assign({ pending });
      if (!reply) return;
      if (event.type === 'kmsg.printed') enqueue.emit(reply);
      else if ('req' in reply) {
        enqueue.emit({
          type: 'console.failed',
          req: reply.req,
          cause: 'kmsg.printk',
          error: event.error
        });
      }
    })
  }
}).createMachine({
  id: 'console',
  context: { consoles: null, pending: {}, nextToken: 1 },
  initial: 'off',
  states: {
    /** No console layer yet: driver commands are refused, kmsg's records dropped. */
    off: {
      on: {
        'console.boot': [
          { guard: 'bootable', target: 'booted', actions: 'boot' },
          { actions: 'boot' }
        ],
        'console.register': { actions: 'refuse' },
        'console.unregister': { actions: 'refuse' },
        'console.bustSpinlocks': { actions: 'refuse' },
        'console.flushOnPanic': { actions: 'refuse' }
      }
    },
    /** The registry prints every record kmsg finalizes to its usable drivers. */
    booted: {
      on: {
        'console.boot': { actions: 'alreadyBooted' },
        'kmsg.records': { actions: 'records' },
        'console.register': { actions: 'driver' },
        'console.unregister': { actions: 'driver' },
        'console.bustSpinlocks': { actions: 'driver' },
        'console.flushOnPanic': { actions: 'driver' }
      }
    }
  },
  // kmsg's acks: only lines logged while booted are awaited, so any state may settle them.
  on: {
    'kmsg.printed': { actions: 'settle' },
    'kmsg.failed': { actions: 'settle' }
  }
});
