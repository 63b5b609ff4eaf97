/**
 * The worker entry: outside a worker thread it fails naming the component
 * (before starting the actor); on a control port it exposes the host so
 * that the board's comlink calls reach it.
 */
import { wrap } from 'comlink';
import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import type { ActorHost } from '../src/index.ts';
import { createWorkerEntry } from '../src/worker-entry.ts';
import { createEchoHost } from './toy-components.ts';

describe('createWorkerEntry', () => {
  it('fails with a clear message when not in a worker thread', () => {
    let created = 0;
    const entry = () =>
      createWorkerEntry(
        'kmsg',
        () => {
          created++;
          return createEchoHost();
        },
        { workerData: null, parentPort: null }
      );
    expect(entry).toThrow(new Error('kmsg worker: not running in a worker thread'));
    expect(created).toBe(0);
  });

  it('exposes the host on workerData.control for the board’s comlink calls', async () => {
    const { port1, port2 } = new MessageChannel();
    createWorkerEntry('echo', () => createEchoHost(), {
      workerData: { control: port2 },
      parentPort: null
    });
    const board = wrap<ActorHost>(port1);
    expect(await board.hello()).toMatchObject({ type: 'echo.hello', component: 'echo' });
    expect(await board.request({ type: 'echo.ping', n: 1 })).toMatchObject({ n: 2 });
    port1.close();
    port2.close();
  });

  it('falls back on parentPort when the board sent no control port', async () => {
    const { port1, port2 } = new MessageChannel();
    createWorkerEntry('echo', () => createEchoHost(), { workerData: {}, parentPort: port2 });
    expect(await wrap<ActorHost>(port1).hello()).toMatchObject({ component: 'echo' });
    port1.close();
    port2.close();
  });
});
