/**
 * The V8 code cache of the bundled kernel worker, kept by the board for the
 * whole process: the bytecode a kernel worker compiled while it booted (and,
 * later, while it dumped), handed to every kernel worker started after it
 * so that a reboot compiles nothing (kernel-worker-loader.ts).
 *
 * When: a cache is taken from the running kernel after the first boot of
 * the process (the boot path) and once more after its first panic dump,
 * before the crash terminates it (boot and dump paths); then it stays.
 * Taking one costs the kernel worker a few milliseconds, twice per process.
 * Kernel counterpart: none (loading the kernel image).
 */
import type { MessagePort } from 'node:worker_threads';
import type { KernelSpec } from '../kernel-worker.ts';

/** What the board puts in the loader's workerData. */
export interface LoaderSpec {
  /** dist/kernel-worker.bundle.cjs */
  readonly bundle: string;
  /** Bytecode from an earlier kernel worker, or null for a cold start. */
  readonly cache: Uint8Array | null;
  /** The loader's end of its channel to the board. */
  readonly port: MessagePort;
}

export type LoaderRequest =
  | { readonly type: 'code-cache' }
  /** A warm reset: stop the running kernel, start a fresh copy of the image on these ports. */
  | ({ readonly type: 'reset' } & KernelSpec);

export type LoaderReport =
  | {
      readonly type: 'loaded';
      /** A cache was offered to V8. */
      readonly cached: boolean;
      /** V8 refused it (another source, V8 version or flags) and compiled normally. */
      readonly rejected: boolean;
    }
  | { readonly type: 'code-cache'; readonly data: Uint8Array }
  | {
      readonly type: 'reset';
      /**
       * What the stopped kernel left that could still run (Node's active
       * resources: a timer, an open port); empty when the reset is clean.
       * Anything here, and the board terminates the worker instead.
       */
      readonly leftovers: readonly string[];
    };

/** How a kernel worker's image was loaded, for narration and tests. */
export interface KernelImageLoad {
  readonly bundled: boolean;
  /** Run again in a worker that had run the previous kernel (a warm reset). */
  readonly warm?: boolean;
  readonly cached: boolean;
  readonly rejected: boolean;
}

/** A worker that runs its package's dist/worker.js as tsc built it. */
export const NOT_BUNDLED: KernelImageLoad = { bundled: false, cached: false, rejected: false };

/** A bundled image run again in its worker by a warm reset. */
export const WARM_RESET: KernelImageLoad = {
  bundled: true,
  cached: false,
  rejected: false,
  warm: true
};

/** The moments a cache is taken; each at most once per process. */
export type CacheMoment = 'after-boot' | 'after-dump';

let current: Uint8Array | null = null;
const taken = new Set<CacheMoment>();

/** The cache to hand to the next kernel worker (null: none yet). */
export function kernelCodeCache(): Uint8Array | null {
  return current;
}

/** Whether a cache should still be taken at this moment. */
export function wantsCodeCache(moment: CacheMoment): boolean {
  return !taken.has(moment);
}

/**
 * Keeps a cache taken at `moment`. A null one (a worker that is not bundled,
 * or did not answer in time) is ignored, and the moment stays wanted.
 */
export function keepCodeCache(moment: CacheMoment, data: Uint8Array | null): void {
  if (!data || data.length === 0) return;
  taken.add(moment);
  current = data;
}

/** Forgets the cache (tests of a cold start). */
export function resetCodeCache(): void {
  current = null;
  taken.clear();
}
