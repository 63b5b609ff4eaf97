/**
 * The single placement: one kernel worker hosts every component and
 * links them with in-thread MessageChannels; the board holds one control
 * port per component. The worker runs the bundled image through its loader
 * (with the process's V8 code cache) when the build made one, else
 * dist/kernel-worker.js as tsc built it.
 * Kernel counterpart: a monolithic kernel image on one CPU.
 */
import type { ActorErrorData } from '@pstore/actor';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { kernelOf, type Component } from '../components.ts';
import type { DeviceBackend } from '../device-config.ts';
import {
  kernelCodeCache,
  type KernelImageLoad,
  type LoaderReport,
  type LoaderSpec
} from './code-cache.ts';
import type { ComponentLink } from './component-link.ts';
import type { KernelWorkers } from './kernel-workers.ts';
import { controlChannel, kernelBundle, kernelWorkerPath, linkFor, spawnWorker } from './spawn.ts';

const OWNER = 1;

export function spawnSingle(backend: DeviceBackend): KernelWorkers {
  const { components: COMPONENTS, links: LINKS } = kernelOf(backend);
  const channels = COMPONENTS.map((c) => [c, controlChannel()] as const);
  const controls = Object.fromEntries(channels.map(([c, ch]) => [c, ch.worker]));
  const ports = channels.map(([, ch]) => ch.worker);
  const bundled = kernelBundle();
  let loaderPort: MessagePort | null = null;
  let w;
  if (bundled) {
    const { port1, port2 } = new MessageChannel();
    loaderPort = port1;
    const loader: LoaderSpec = { bundle: bundled.bundle, cache: kernelCodeCache(), port: port2 };
    w = spawnWorker(bundled.loader, { controls, links: LINKS, loader }, [...ports, port2]);
  } else {
    w = spawnWorker(kernelWorkerPath(), { controls, links: LINKS }, ports);
  }
  const spawned = w;
  const links = new Map<Component, ComponentLink>(
    channels.map(([c, ch]) => [c, linkFor(c, ch.board, spawned.gone)])
  );
  let listener: ((dead: Component[], why: ActorErrorData) => void) | null = null;
  void spawned.gone.then((why) => {
    for (const [, ch] of channels) ch.board.close();
    loaderPort?.close();
    if (!spawned.terminating) listener?.([...COMPONENTS], why);
  });
  const terminateAll = async () => {
    spawned.terminating = true;
    await spawned.worker.terminate();
  };
  return {
    placement: 'single',
    image: loaderImage(loaderPort),
    codeCache: (timeoutMs) => askCodeCache(loaderPort, spawned.gone, timeoutMs),
    link: (c) => links.get(c)!,
    workerMates: () => [...COMPONENTS],
    ownerOf: () => OWNER,
    owners: () => [OWNER],
    async terminate() {
      await terminateAll();
      return [...COMPONENTS];
    },
    terminateAll,
    restart() {
      return Promise.reject(new Error('the single placement cannot restart one component'));
    },
    onUnexpectedExit(l) {
      listener = l;
    }
  };
}

/** The loader's first report (a worker without a loader: not bundled). */
function loaderImage(port: MessagePort | null): Promise<KernelImageLoad> {
  if (!port) return Promise.resolve({ bundled: false, cached: false, rejected: false });
  return new Promise((resolve) => {
    const on = (m: LoaderReport) => {
      if (m.type !== 'loaded') return;
      port.off('message', on);
      resolve({ bundled: true, cached: m.cached, rejected: m.rejected });
    };
    port.on('message', on);
    // The board does not wait on this port: it must not keep the process alive.
    port.unref();
  });
}

function askCodeCache(
  port: MessagePort | null,
  gone: Promise<unknown>,
  timeoutMs: number
): Promise<Uint8Array | null> {
  if (!port) return Promise.resolve(null);
  return new Promise((resolve) => {
    const done = (data: Uint8Array | null) => {
      clearTimeout(timer);
      port.off('message', on);
      resolve(data);
    };
    const on = (m: LoaderReport) => {
      if (m.type === 'code-cache') done(m.data);
    };
    const timer = setTimeout(() => done(null), timeoutMs);
    void gone.then(() => done(null));
    port.on('message', on);
    port.unref();
    port.postMessage({ type: 'code-cache' });
  });
}
