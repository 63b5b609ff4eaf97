/**
 * Spawning kernel workers from built JavaScript (Node 20 cannot run .ts in
 * workers): for the per-component placement each component's bundled image
 * (dist/workers/<component>.cjs) through the loader, else its package's
 * dist/worker.js; for the
 * single-worker placement the board's bundled kernel image through its
 * loader (dist/kernel-worker-loader.cjs), else dist/kernel-worker.js. Workers get
 * `execArgv: []` so that a board running under vitest (`--conditions
 * development`) does not make them load sources.
 * Kernel counterpart: none (the CPUs the kernel runs on).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { errnoData, type ActorErrorData, type ActorHost } from '@pstore/actor';
import { wrap } from 'comlink';
import { PACKAGE_OF, type Component } from '../components.ts';
import { DeviceError } from '../hardware/ram.ts';
import { distFile } from './app-files.ts';
import { ComponentLink } from './component-link.ts';

const require = createRequire(import.meta.url);

/**
 * A component's worker as tsc built it: the dist/worker.js of its package
 * (used when the build made no bundle).
 */
export function workerPath(c: Component): string {
  return join(dirname(require.resolve(`${PACKAGE_OF[c]}/package.json`)), 'dist', 'worker.js');
}

/**
 * The bundled image of a component (scripts/bundle.mjs) and the loader that
 * runs it, or null when the build made no bundle.
 */
export function componentBundle(
  c: Component
): { readonly loader: string; readonly bundle: string } | null {
  const bundle = distFile(`workers/${c}.cjs`);
  const loader = distFile('kernel-worker-loader.cjs');
  return existsSync(bundle) && existsSync(loader) ? { loader, bundle } : null;
}

/** The board's worker that hosts every component (single placement), as tsc built it. */
export function kernelWorkerPath(): string {
  return distFile('kernel-worker.js');
}

/**
 * The bundled kernel worker (scripts/bundle.mjs: one file, so a worker
 * starts several times faster than when it loads ~150 modules) and its
 * loader, or null when the build made no bundle.
 */
export function kernelBundle(): { readonly loader: string; readonly bundle: string } | null {
  const bundle = distFile('kernel-worker.bundle.cjs');
  const loader = distFile('kernel-worker-loader.cjs');
  return existsSync(bundle) && existsSync(loader) ? { loader, bundle } : null;
}

function mustExist(path: string): string {
  if (!existsSync(path)) {
    throw new DeviceError(
      `${path} is missing: the kernel workers run built JavaScript, run pnpm build`
    );
  }
  return path;
}

/** A running worker and what its exit means. */
export interface SpawnedWorker {
  readonly worker: Worker;
  /** Settles when the worker is gone, with why. */
  readonly gone: Promise<ActorErrorData>;
  /** True once the board terminated it on purpose. */
  terminating: boolean;
}

export function spawnWorker(
  path: string,
  workerData: object,
  transfer: MessagePort[]
): SpawnedWorker {
  const worker = new Worker(mustExist(path), {
    workerData,
    transferList: transfer,
    execArgv: []
  });
  const gone = new Promise<ActorErrorData>((resolve) => {
    let why = '';
    worker.on('error', (e) => (why = e.message));
    worker.once('exit', (code) =>
      resolve(errnoData('ESHUTDOWN', `worker exited (code ${code}${why ? `: ${why}` : ''})`))
    );
  });
  return { worker, gone, terminating: false };
}

/** A control channel: the board keeps one end, the worker exposes a host on the other. */
export function controlChannel(): { board: MessagePort; worker: MessagePort } {
  const { port1, port2 } = new MessageChannel();
  return { board: port1, worker: port2 };
}

export function linkFor(
  c: Component,
  board: MessagePort,
  gone: Promise<ActorErrorData>
): ComponentLink {
  return new ComponentLink(c, wrap<ActorHost>(board), gone);
}
