/**
 * The board's side of the loader (kernel-worker-loader.cts) that runs a
 * bundled image in a worker: spawning a worker on an image, how the image
 * was loaded, its V8 code cache, and a warm reset (a fresh copy of the
 * image in the same worker, on new ports). The single placement's kernel
 * and each per-component worker are run this way when the build made
 * bundles.
 * Kernel counterpart: none (loading the kernel image).
 */
import { errnoData, type ActorErrorData } from '@pstore/actor';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import type { KernelSpec } from '../kernel-worker.ts';
import type { KernelImageLoad, LoaderReport, LoaderRequest, LoaderSpec } from './code-cache.ts';
import { spawnWorker, type SpawnedWorker } from './spawn.ts';

/** A worker running an image through the loader, and the board's end of the loader's port. */
export interface LoadedWorker {
  readonly spawned: SpawnedWorker;
  readonly port: MessagePort;
  /** The loader's first report. */
  readonly image: Promise<KernelImageLoad>;
}

/** Spawns the loader on `bundle` with `spec`'s ports (and `cache`, V8 bytecode of an earlier worker). */
export function spawnLoaded(
  paths: { readonly loader: string; readonly bundle: string },
  spec: KernelSpec,
  cache: Uint8Array | null
): LoadedWorker {
  const { port1, port2 } = new MessageChannel();
  // The board does not wait on this port: it must not keep the process alive.
  port1.unref();
  const loader: LoaderSpec = { bundle: paths.bundle, cache, port: port2 };
  const spawned = spawnWorker(paths.loader, { ...spec, loader }, [...portsOf(spec), port2]);
  void spawned.gone.then(() => port1.close());
  return { spawned, port: port1, image: loaderImage(port1) };
}

/** The control ports a kernel spec hands over (transferred to the worker). */
function portsOf(spec: KernelSpec): MessagePort[] {
  return Object.values(spec.controls).filter((p): p is MessagePort => p !== undefined);
}

function loaderImage(port: MessagePort): Promise<KernelImageLoad> {
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

/** The V8 code cache of the image running behind `port`; null once gone or after `timeoutMs`. */
export function askCodeCache(
  port: MessagePort | null,
  gone: Promise<unknown>,
  timeoutMs: number
): Promise<Uint8Array | null> {
  return ask(port, gone, timeoutMs, { type: 'code-cache' }, [], (m) =>
    m.type === 'code-cache' ? m.data : undefined
  );
}

/**
 * A warm reset: the loader stops the running image and starts a fresh one
 * on `next`'s ports. Resolves true once it did; false when it could not (the
 * old image left something running, the worker is gone, or no answer in
 * `timeoutMs`): the worker must then be terminated.
 */
export async function resetImage(
  port: MessagePort,
  gone: Promise<unknown>,
  timeoutMs: number,
  next: KernelSpec
): Promise<boolean> {
  const request: LoaderRequest = { type: 'reset', ...next };
  const leftovers = await ask(port, gone, timeoutMs, request, portsOf(next), (m) =>
    m.type === 'reset' ? m.leftovers : undefined
  );
  return leftovers !== null && leftovers.length === 0;
}

/**
 * A kernel's retirement: `retired` settles (ESHUTDOWN) once retire() is
 * called, when a warm reset has replaced the kernel in its workers; the
 * kernel is gone for the board then, or when its worker is.
 */
export function retirement(): {
  readonly retired: Promise<ActorErrorData>;
  readonly retire: () => void;
} {
  let retire!: () => void;
  const retired = new Promise<ActorErrorData>((resolve) => {
    retire = () => resolve(errnoData('ESHUTDOWN', 'the kernel was reset (a warm reboot)'));
  });
  return { retired, retire };
}

function ask<T>(
  port: MessagePort | null,
  gone: Promise<unknown>,
  timeoutMs: number,
  request: LoaderRequest,
  transfer: MessagePort[],
  answer: (m: LoaderReport) => T | undefined
): Promise<T | null> {
  if (!port) return Promise.resolve(null);
  return new Promise((resolve) => {
    const done = (value: T | null) => {
      clearTimeout(timer);
      port.off('message', on);
      resolve(value);
    };
    const on = (m: LoaderReport) => {
      const value = answer(m);
      if (value !== undefined) done(value);
    };
    const timer = setTimeout(() => done(null), timeoutMs);
    void gone.then(() => done(null));
    port.on('message', on);
    port.unref();
    port.postMessage(request, transfer);
  });
}
