/**
 * Where the components run: `single` puts all of them in one kernel worker,
 * linked by MessageChannels inside that thread; `per-component` gives each
 * its own worker, linked by MessagePorts the board transfers to both ends.
 * The components and their messages are the same either way.
 * Kernel counterpart: none (a microkernel's servers, or one monolithic image).
 */
import type { ActorErrorData } from '@pstore/actor';
import type { Component } from '../components.ts';
import type { KernelImageLoad } from './code-cache.ts';
import type { ComponentLink } from './component-link.ts';

export type Placement = 'single' | 'per-component';

export interface KernelWorkers {
  readonly placement: Placement;
  link(c: Component): ComponentLink;
  /** The components that share c's worker (c included). */
  workerMates(c: Component): Component[];
  /** Lock owner id of the worker hosting c (unique per worker, non-zero). */
  ownerOf(c: Component): number;
  /** Every owner id in use. */
  owners(): number[];
  /** Terminates c's worker abruptly; returns the components that died with it. */
  terminate(c: Component): Promise<Component[]>;
  /** Terminates every kernel worker abruptly (a crash, a reset). */
  terminateAll(): Promise<void>;
  /**
   * A warm reset: the same workers run a fresh copy of the kernel image
   * (every module evaluated anew, on new ports), as a reboot resets the
   * CPUs rather than replacing them. Resolves with the new kernel's
   * workers; this one is gone from then on (its links fail, its `gone`
   * settles). Null, with every worker terminated, when a worker cannot be
   * reset: dead, not loaded through the loader, or leaving something of
   * the old kernel that could still run.
   */
  reset(timeoutMs: number): Promise<KernelWorkers | null>;
  /** Starts c again in a new worker and links it to its peers (per-component only). */
  restart(c: Component): Promise<void>;
  /** How the kernel image was loaded (bundle, V8 code cache, warm reset), once it has been. */
  readonly image: Promise<KernelImageLoad>;
  /**
   * The V8 code cache of the running kernel worker (single placement with a
   * bundle), or null: not bundled, gone, or no answer within `timeoutMs`.
   */
  codeCache(timeoutMs: number): Promise<Uint8Array | null>;
  /** Called when a worker dies that the board did not terminate. */
  onUnexpectedExit(listener: (dead: Component[], why: ActorErrorData) => void): void;
}
