/**
 * The per-component placement: one worker per component (its bundled image
 * through the loader, else its package's dist/worker.js), linked by
 * MessageChannels the board creates and whose ends it transfers to the two
 * workers. A restarted component gets a new worker and new links; its
 * peers drop the dead link when the new one says hello. A warm reset runs
 * a fresh image in every worker and links them anew.
 * Kernel counterpart: a microkernel's servers.
 */
import type { ActorErrorData } from '@pstore/actor';
import { transfer } from 'comlink';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { kernelOf, type Component, type LinkSpec } from '../components.ts';
import type { DeviceBackend } from '../device-config.ts';
import { NOT_BUNDLED, WARM_RESET, type KernelImageLoad } from './code-cache.ts';
import type { ComponentLink } from './component-link.ts';
import { resetImage, retirement, spawnLoaded } from './image-loader.ts';
import type { KernelWorkers } from './kernel-workers.ts';
import {
  componentBundle,
  controlChannel,
  linkFor,
  spawnWorker,
  workerPath,
  type SpawnedWorker
} from './spawn.ts';

/** A component's worker: the loader's port when it runs a bundled image, and its lock owner id. */
interface Hosted {
  readonly spawned: SpawnedWorker;
  readonly loaderPort: MessagePort | null;
  readonly owner: number;
  readonly image: Promise<KernelImageLoad>;
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

let nextOwner = 1;

/** A new worker for `c`, exposing its host on `control` (the worker's end). */
function spawnComponent(c: Component, control: MessagePort): Hosted {
  const bundled = componentBundle(c);
  const owner = nextOwner++;
  if (bundled) {
    const w = spawnLoaded(bundled, { controls: { [c]: control }, links: [] }, null);
    return { spawned: w.spawned, loaderPort: w.port, owner, image: w.image };
  }
  const spawned = spawnWorker(workerPath(c), { control }, [control]);
  return { spawned, loaderPort: null, owner, image: Promise.resolve(NOT_BUNDLED) };
}

export async function spawnPerComponent(backend: DeviceBackend): Promise<KernelWorkers> {
  const { components } = kernelOf(backend);
  const hosted = new Map<Component, Hosted>();
  const control = new Map<Component, MessagePort>();
  for (const c of components) {
    const ch = controlChannel();
    hosted.set(c, spawnComponent(c, ch.worker));
    control.set(c, ch.board);
  }
  const image = hosted.get(components[0]!)!.image;
  return kernelOn(backend, hosted, control, image);
}

/** The kernel running in `hosted`'s workers, reached on `control`: the workers a boot is given. */
async function kernelOn(
  backend: DeviceBackend,
  hosted: Map<Component, Hosted>,
  control: Map<Component, MessagePort>,
  image: Promise<KernelImageLoad>
): Promise<KernelWorkers> {
  const { components, links: LINKS } = kernelOf(backend);
  // This kernel is gone for the board once a warm reset replaced it.
  const { retired, retire } = retirement();
  let current = true;
  let listener: ((dead: Component[], why: ActorErrorData) => void) | null = null;
  const links = new Map<Component, ComponentLink>();

  /** Takes c's worker on: its link for the board, and what its exit means. */
  const adopt = (c: Component) => {
    const h = hosted.get(c)!;
    const port = control.get(c)!;
    const gone = Promise.race([h.spawned.gone, retired]);
    links.set(c, linkFor(c, port, gone));
    void h.spawned.gone.then((why) => {
      port.close();
      if (current && !h.spawned.terminating && hosted.get(c) === h) listener?.([c], why);
    });
  };
  const connectAll = (only: Component | null) =>
    Promise.all(
      LINKS.filter(([a, b]) => only === null || a === only || b === only).map(
        ([a, b, down]: LinkSpec) => wire(links.get(a)!, links.get(b)!, down)
      )
    );
  const stop = async (c: Component) => {
    const h = hosted.get(c);
    if (!h) return;
    h.spawned.terminating = true;
    await h.spawned.worker.terminate();
  };
  const terminateAll = async () => {
    await Promise.all(components.map(stop));
  };

  for (const c of components) adopt(c);
  await connectAll(null);
  return {
    placement: 'per-component',
    image,
    // Each worker compiles its own image: no cache is handed over.
    codeCache: () => Promise.resolve(null),
    link: (c) => links.get(c)!,
    workerMates: (c) => [c],
    ownerOf: (c) => hosted.get(c)!.owner,
    owners: () => [...hosted.values()].map((h) => h.owner),
    async terminate(c) {
      await stop(c);
      return [c];
    },
    terminateAll,
    async reset(timeoutMs) {
      if (!current) throw new Error('this kernel was reset already');
      current = false;
      const next = new Map<Component, MessagePort>();
      const resets = components.map((c) => {
        const h = hosted.get(c)!;
        const ch = controlChannel();
        next.set(c, ch.board);
        const gone = Promise.race([h.spawned.gone, retired]);
        const spec = { controls: { [c]: ch.worker }, links: [] };
        return h.loaderPort
          ? resetImage(h.loaderPort, gone, timeoutMs, spec)
          : Promise.resolve(false);
      });
      const ok = (await Promise.all(resets)).every(Boolean);
      for (const port of control.values()) port.close();
      retire();
      if (!ok) {
        for (const port of next.values()) port.close();
        await terminateAll();
        return null;
      }
      return kernelOn(backend, new Map(hosted), next, Promise.resolve(WARM_RESET));
    },
    async restart(c) {
      await stop(c);
      const ch = controlChannel();
      hosted.set(c, spawnComponent(c, ch.worker));
      control.set(c, ch.board);
      adopt(c);
      await connectAll(c);
    },
    onUnexpectedExit(l) {
      listener = l;
    }
  };
}
