/**
 * The single placement: one kernel worker hosts every component and
 * links them with in-thread MessageChannels; the board holds one control
 * port per component. The worker runs the bundled image through its loader
 * (with the process's V8 code cache) when the build made one, else
 * dist/kernel-worker.js as tsc built it. Through the loader, a reboot can
 * run a fresh kernel in the same worker (a warm reset).
 * Kernel counterpart: a monolithic kernel image on one CPU.
 */
import type { ActorErrorData } from '@pstore/actor';
import type { MessagePort } from 'node:worker_threads';
import { kernelOf, type Component } from '../components.ts';
import type { DeviceBackend } from '../device-config.ts';
import { kernelCodeCache, NOT_BUNDLED, WARM_RESET, type KernelImageLoad } from './code-cache.ts';
import type { ComponentLink } from './component-link.ts';
import { askCodeCache, resetImage, retirement, spawnLoaded } from './image-loader.ts';
import type { KernelWorkers } from './kernel-workers.ts';
import {
  controlChannel,
  kernelBundle,
  kernelWorkerPath,
  linkFor,
  spawnWorker,
  type SpawnedWorker
} from './spawn.ts';

const OWNER = 1;

/** One kernel's control ports: the board's ends, and the ends its worker takes. */
function controlPorts(components: readonly Component[]) {
  const channels = components.map((c) => [c, controlChannel()] as const);
  return {
    board: channels.map(([c, ch]) => [c, ch.board] as const),
    worker: Object.fromEntries(channels.map(([c, ch]) => [c, ch.worker])) as Record<
      Component,
      MessagePort
    >
  };
}

export function spawnSingle(backend: DeviceBackend): KernelWorkers {
  const { components, links } = kernelOf(backend);
  const ports = controlPorts(components);
  const bundled = kernelBundle();
  if (bundled) {
    const w = spawnLoaded(bundled, { controls: ports.worker, links }, kernelCodeCache());
    return kernelOn(w.spawned, w.port, backend, ports.board, w.image);
  }
  const spawned = spawnWorker(
    kernelWorkerPath(),
    { controls: ports.worker, links },
    Object.values(ports.worker)
  );
  return kernelOn(spawned, null, backend, ports.board, Promise.resolve(NOT_BUNDLED));
}

/** The kernel running in `spawned` on `control`: the workers a boot is given. */
function kernelOn(
  spawned: SpawnedWorker,
  loaderPort: MessagePort | null,
  backend: DeviceBackend,
  control: readonly (readonly [Component, MessagePort])[],
  image: Promise<KernelImageLoad>
): KernelWorkers {
  const { components, links: linkSpecs } = kernelOf(backend);
  // This kernel is gone when its worker is, or when a warm reset replaced it.
  const { retired, retire } = retirement();
  const gone = Promise.race([spawned.gone, retired]);
  const links = new Map<Component, ComponentLink>(
    control.map(([c, port]) => [c, linkFor(c, port, gone)])
  );
  let current = true;
  let listener: ((dead: Component[], why: ActorErrorData) => void) | null = null;
  void spawned.gone.then((why) => {
    for (const [, port] of control) port.close();
    if (current && !spawned.terminating) listener?.([...components], why);
  });
  const terminateAll = async () => {
    spawned.terminating = true;
    await spawned.worker.terminate();
  };
  return {
    placement: 'single',
    image,
    codeCache: (timeoutMs) => askCodeCache(loaderPort, gone, timeoutMs),
    link: (c) => links.get(c)!,
    workerMates: () => [...components],
    ownerOf: () => OWNER,
    owners: () => [OWNER],
    async terminate() {
      await terminateAll();
      return [...components];
    },
    terminateAll,
    async reset(timeoutMs) {
      if (!current) throw new Error('this kernel was reset already');
      current = false;
      const ports = controlPorts(components);
      const next = { controls: ports.worker, links: linkSpecs };
      const ok = loaderPort !== null && (await resetImage(loaderPort, gone, timeoutMs, next));
      for (const [, port] of control) port.close();
      retire();
      if (!ok) {
        for (const [, port] of ports.board) port.close();
        await terminateAll();
        return null;
      }
      return kernelOn(spawned, loaderPort, backend, ports.board, Promise.resolve(WARM_RESET));
    },
    restart() {
      return Promise.reject(new Error('the single placement cannot restart one component'));
    },
    onUnexpectedExit(l) {
      listener = l;
    }
  };
}
