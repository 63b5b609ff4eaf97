/**
 * A component's worker entry (`@pstore/actor/worker`): finds the control
 * port the board sent (workerData.control, else parentPort) and exposes the
 * component's actor host on it through comlink. Kept off the main entry so
 * that the bus itself never imports node:worker_threads and runs in a
 * browser too.
 * Kernel counterpart: none (the CPU a kernel thread is scheduled on).
 */
import { expose, releaseProxy } from 'comlink';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { ActorHost } from './actor-host.ts';

/** Where a worker finds its control port (node:worker_threads' own, unless a test passes another). */
export interface WorkerThread {
  readonly workerData: unknown;
  readonly parentPort: MessagePort | null;
}

/**
 * Creates the host of `component` and exposes it to the board; throws,
 * naming the component, outside a worker thread (before the actor starts).
 */
export function createWorkerEntry(
  component: string,
  createHost: () => ActorHost,
  thread: WorkerThread = { workerData, parentPort }
): ActorHost {
  const data = thread.workerData as { control?: MessagePort } | null | undefined;
  const control = data?.control ?? thread.parentPort;
  if (!control) throw new Error(`${component} worker: not running in a worker thread`);
  const host = createHost();
  exposeHost(host, control);
  return host;
}

/**
 * Exposes `host` to the board on `control` through comlink; what it returns
 * takes it all down for good: the actor stops, its links and the control
 * port close, and the board's listener is let go (comlink holds it on a
 * port of its own). Nothing of the host can run or be reached after.
 */
export function exposeHost(host: ActorHost, control: MessagePort): () => void {
  const listeners: { [releaseProxy]?: () => void }[] = [];
  const exposed: ActorHost = {
    ...host,
    subscribe(listener, types) {
      listeners.push(listener as { [releaseProxy]?: () => void });
      host.subscribe(listener, types);
    }
  };
  expose(exposed, control);
  return () => {
    host.stop();
    control.close();
    for (const l of listeners.splice(0)) l[releaseProxy]?.();
  };
}
