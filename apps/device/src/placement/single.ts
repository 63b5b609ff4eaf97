/**
 * The single placement: one kernel worker hosts every component and
 * links them with in-thread MessageChannels; the board holds one control
 * port per component. The worker runs the bundled image through its loader
 * (with the process's V8 code cache) when the build made one, else
 * dist/kernel-worker.js as tsc built it. Through the loader, a reboot can
 * run a fresh kernel in the same worker (a warm reset).
 * Kernel counterpart: a monolithic kernel image on one CPU.
 */
import { errnoData, type ActorErrorData } from '@pstore/actor';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { kernelOf, type Component } from '../components.ts';
import type { DeviceBackend } from '../device-config.ts';
import {
  kernelCodeCache,
  type KernelImageLoad,
  type LoaderReport,
  type LoaderRequest,
  type LoaderSpec
} from './code-cache.ts';
import type { ComponentLink } from './component-link.ts';
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
    >,
    transfer: channels.map(([, ch]) => ch.worker)
  };
}

export function spawnSingle(backend: DeviceBackend): KernelWorkers {
  const { components, links } = kernelOf(backend);
  const ports = controlPorts(components);
  const bundled = kernelBundle();
  let loaderPort: MessagePort | null = null;
  let spawned: SpawnedWorker;
  if (bundled) {
    const { port1, port2 } = new MessageChannel();
    loaderPort = port1;
    // The board does not wait on this port: it must not keep the process alive.
    loaderPort.unref();
    const loader: LoaderSpec = { bundle: bundled.bundle, cache: kernelCodeCache(), port: port2 };
    spawned = spawnWorker(bundled.loader, { controls: ports.worker, links, loader }, [
      ...ports.transfer,
      port2
    ]);
  } else {
    spawned = spawnWorker(kernelWorkerPath(), { controls: ports.worker, links }, ports.transfer);
  }
  void spawned.gone.then(() => loaderPort?.close());
  return kernelOn(spawned, loaderPort, backend, ports.board, loaderImage(loaderPort));
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
  let retire!: (why: ActorErrorData) => void;
  const retired = new Promise<ActorErrorData>((resolve) => (retire = resolve));
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
    codeCache: (timeoutMs) => askLoader(loaderPort, gone, timeoutMs, { type: 'code-cache' }),
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
      const request: LoaderRequest = { type: 'reset', controls: ports.worker, links: linkSpecs };
      const answer = await askLoader(loaderPort, gone, timeoutMs, request, ports.transfer);
      for (const [, port] of control) port.close();
      retire(errnoData('ESHUTDOWN', 'the kernel was reset (a warm reboot)'));
      if (answer === null || answer.length) {
        for (const [, port] of ports.board) port.close();
        await terminateAll();
        return null;
      }
      return kernelOn(
        spawned,
        loaderPort,
        backend,
        ports.board,
        Promise.resolve({ bundled: true, cached: false, rejected: false, warm: true })
      );
    },
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
    port.unref();
  });
}

/** What the loader answers `request` with; null without a loader, once gone, or after `timeoutMs`. */
function askLoader(
  port: MessagePort | null,
  gone: Promise<unknown>,
  timeoutMs: number,
  request: { type: 'code-cache' }
): Promise<Uint8Array | null>;
function askLoader(
  port: MessagePort | null,
  gone: Promise<unknown>,
  timeoutMs: number,
  request: LoaderRequest & { type: 'reset' },
  transfer: MessagePort[]
): Promise<readonly string[] | null>;
function askLoader(
  port: MessagePort | null,
  gone: Promise<unknown>,
  timeoutMs: number,
  request: LoaderRequest,
  transfer: MessagePort[] = []
): Promise<Uint8Array | readonly string[] | null> {
  if (!port) return Promise.resolve(null);
  return new Promise((resolve) => {
    const done = (answer: Uint8Array | readonly string[] | null) => {
      clearTimeout(timer);
      port.off('message', on);
      resolve(answer);
    };
    const on = (m: LoaderReport) => {
      if (m.type === 'code-cache' && request.type === 'code-cache') done(m.data);
      if (m.type === 'reset' && request.type === 'reset') done(m.leftovers);
    };
    const timer = setTimeout(() => done(null), timeoutMs);
    void gone.then(() => done(null));
    port.on('message', on);
    port.unref();
    port.postMessage(request, transfer);
  });
}
