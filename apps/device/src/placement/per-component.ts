/**
 * The per-component placement: one worker per component (each package's
 * dist/worker.js), linked by MessageChannels the board creates and whose
 * ends it transfers to the two workers. A restarted component gets a new
 * worker and new links; its peers drop the dead link when the new one says
 * hello.
 * Kernel counterpart: a microkernel's servers.
 */
import type { ActorErrorData } from '@pstore/actor';
import { transfer } from 'comlink';
import { MessageChannel } from 'node:worker_threads';
import { kernelOf, type Component } from '../components.ts';
import type { DeviceBackend } from '../device-config.ts';
import type { ComponentLink } from './component-link.ts';
import type { KernelWorkers } from './kernel-workers.ts';
import { controlChannel, linkFor, spawnWorker, workerPath, type SpawnedWorker } from './spawn.ts';

interface Hosted {
  readonly spawned: SpawnedWorker;
  readonly link: ComponentLink;
  readonly owner: number;
}

/** Links c to a peer; both ends wait for the other's hello. */
async function wire(a: ComponentLink, b: ComponentLink, downstream: boolean): Promise<void> {
  const { port1, port2 } = new MessageChannel();
  const [ra, rb] = await Promise.all([
    a.remote.connect(transfer(port1, [port1]), downstream),
    b.remote.connect(transfer(port2, [port2]), false)
  ]);
  for (const r of [ra, rb]) {
    if ('code' in r) throw new Error(`linking ${a.component} and ${b.component}: ${r.message}`);
  }
}

export async function spawnPerComponent(backend: DeviceBackend): Promise<KernelWorkers> {
  const { components: COMPONENTS, links: LINKS } = kernelOf(backend);
  const hosted = new Map<Component, Hosted>();
  let nextOwner = 1;
  let listener: ((dead: Component[], why: ActorErrorData) => void) | null = null;

  const start = (c: Component) => {
    const ch = controlChannel();
    const spawned = spawnWorker(workerPath(c), { control: ch.worker }, [ch.worker]);
    const h: Hosted = { spawned, link: linkFor(c, ch.board, spawned.gone), owner: nextOwner++ };
    hosted.set(c, h);
    void spawned.gone.then((why) => {
      ch.board.close();
      if (!spawned.terminating) listener?.([c], why);
    });
    return h;
  };
  const connectAll = (only: Component | null) =>
    Promise.all(
      LINKS.filter(([a, b]) => only === null || a === only || b === only).map(([a, b, down]) =>
        wire(hosted.get(a)!.link, hosted.get(b)!.link, down)
      )
    );
  const stop = async (c: Component) => {
    const h = hosted.get(c);
    if (!h) return;
    h.spawned.terminating = true;
    await h.spawned.worker.terminate();
  };

  for (const c of COMPONENTS) start(c);
  await connectAll(null);
  const terminateAll = async () => {
    await Promise.all(COMPONENTS.map(stop));
  };
  return {
    placement: 'per-component',
    // Each package's dist/worker.js, as tsc built it: no bundle, no cache.
    image: Promise.resolve({ bundled: false, cached: false, rejected: false }),
    codeCache: () => Promise.resolve(null),
    link: (c) => hosted.get(c)!.link,
    workerMates: (c) => [c],
    ownerOf: (c) => hosted.get(c)!.owner,
    owners: () => [...hosted.values()].map((h) => h.owner),
    async terminate(c) {
      await stop(c);
      return [c];
    },
    terminateAll,
    // Each component's worker is its package's bundle, run by Node's ES
    // module loader: there is no loader here to run the image again.
    async reset() {
      await terminateAll();
      return null;
    },
    async restart(c) {
      await stop(c);
      start(c);
      await connectAll(c);
    },
    onUnexpectedExit(l) {
      listener = l;
    }
  };
}
