/**
 * Two toy components for the host's tests, small enough to read beside
 * them: `echo` answers pings, states facts, crashes on demand and asks
 * `store` to keep things; `store` keeps them and answers.
 */
import { enqueueActions, setup } from 'xstate';
import { createActorHost, type ActorHost } from '../src/index.ts';
import type { ActorErrorData } from '../src/index.ts';

type EchoEvent =
  | { type: 'echo.ping'; req?: number; n: number }
  | { type: 'echo.tell'; req?: number; text: string }
  | { type: 'echo.crash'; req?: number }
  | { type: 'echo.ask'; req?: number; key: string }
  | { type: 'store.stored'; req?: number; key: string }
  | { type: 'store.failed'; req?: number; cause: string; error: ActorErrorData };

type EchoOut =
  | { type: 'echo.pong'; req?: number; n: number }
  | { type: 'echo.told'; text: string }
  | { type: 'echo.asked'; req?: number; key: string }
  | { type: 'echo.failed'; req?: number; cause: string; error: ActorErrorData }
  | { type: 'store.put'; req?: number; key: string };

const echoMachine = setup({
  types: {
    context: {} as { nextToken: number; asking: Record<number, number | undefined> },
    events: {} as EchoEvent,
    emitted: {} as EchoOut
  }
}).createMachine({
  context: { nextToken: 1, asking: {} },
  on: {
    'echo.ping': {
      actions: enqueueActions(({ enqueue, event }) =>
        enqueue.emit({ type: 'echo.pong', req: event.req, n: event.n + 1 })
      )
    },
    'echo.tell': {
      actions: enqueueActions(({ enqueue, event }) =>
        enqueue.emit({ type: 'echo.told', text: event.text })
      )
    },
    'echo.crash': {
      actions: () => {
        throw new Error('echo fell over');
      }
    },
    'echo.ask': {
      actions: enqueueActions(({ enqueue, event, context }) => {
        const token = context.nextToken;
        enqueue.emit({ type: 'store.put', req: token, key: event.key });
        enqueue.assign({
          nextToken: token + 1,
          asking: { ...context.asking, [token]: event.req }
        });
      })
    },
    'store.stored': {
      actions: enqueueActions(({ enqueue, event, context }) => {
        const req = context.asking[event.req ?? 0];
        enqueue.emit({ type: 'echo.asked', req, key: event.key });
      })
    },
    'store.failed': {
      actions: enqueueActions(({ enqueue, event, context }) => {
        const req = context.asking[event.req ?? 0];
        enqueue.emit({ type: 'echo.failed', req, cause: event.cause, error: event.error });
      })
    }
  }
});

type StoreEvent =
  { type: 'store.put'; req?: number; key: string } | { type: 'store.list'; req?: number };
type StoreOut =
  | { type: 'store.stored'; req?: number; key: string }
  | { type: 'store.listing'; req?: number; keys: string[] };

const storeMachine = setup({
  types: { context: {} as { keys: string[] }, events: {} as StoreEvent, emitted: {} as StoreOut }
}).createMachine({
  context: { keys: [] },
  on: {
    'store.put': {
      actions: enqueueActions(({ enqueue, event, context }) => {
        enqueue.assign({ keys: [...context.keys, event.key] });
        enqueue.emit({ type: 'store.stored', req: event.req, key: event.key });
      })
    },
    'store.list': {
      actions: enqueueActions(({ enqueue, event, context }) =>
        enqueue.emit({ type: 'store.listing', req: event.req, keys: context.keys })
      )
    }
  }
});

export function createEchoHost(wants: readonly string[] = []): ActorHost {
  return createActorHost({
    component: 'echo',
    logic: echoMachine,
    protocols: { echo: 1 },
    expects: { store: 1 },
    wants
  });
}

export function createStoreHost(version = 1, wants: readonly string[] = []): ActorHost {
  return createActorHost({
    component: 'store',
    logic: storeMachine,
    protocols: { store: version },
    expects: {},
    wants
  });
}
