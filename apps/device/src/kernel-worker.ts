/**
 * The kernel worker of the single placement: every component of the kernel
 * (ramoops' six, or pstore/blk's five) in one thread, linked by in-thread
 * MessageChannels, each exposed to the board on its own control port.
 *
 * `startKernel()` starts one kernel image; what it returns stops it. Run
 * as built (dist/kernel-worker.js), the worker starts its kernel from
 * workerData. Through the loader (kernel-worker-loader.cts) the loader
 * starts it, and on a warm reset stops it and runs a fresh copy of the
 * image in the same thread (see reset() there).
 * Kernel counterpart: a monolithic kernel image.
 */
import { MessageChannel, workerData, type MessagePort } from 'node:worker_threads';
import type { ActorHost } from '@pstore/actor';
import { exposeHost } from '@pstore/actor/worker';
import { createConsoleHost } from '@pstore/console';
import { createKmsgHost } from '@pstore/kmsg';
import { createPmsgHost } from '@pstore/pmsg-chardev';
import { createPstoreFsHost } from '@pstore/pstore-fs';
import { createRamCoreHost } from '@pstore/ram-core';
import { createPstoreBlkHost } from '@pstore/pstore-zone';
import { createRamoopsHost } from '@pstore/ramoops';
import type { Component, LinkSpec } from './components.ts';

/** What the board hands a kernel: a control port per component, and the links between them. */
export interface KernelSpec {
  readonly controls: Readonly<Partial<Record<Component, MessagePort>>>;
  readonly links: readonly LinkSpec[];
}

/** A started kernel image. */
export interface RunningKernel {
  /**
   * Stops it for good: every actor stops (its timers with it) and every
   * port it holds closes, the board's control ports and the data ports the
   * board linked included, so nothing of it can run again.
   */
  stop(): void;
}

const create: Record<Component, () => ActorHost> = {
  'ram-core': createRamCoreHost,
  ramoops: createRamoopsHost,
  'pstore-blk': createPstoreBlkHost,
  kmsg: createKmsgHost,
  console: createConsoleHost,
  'pstore-fs': createPstoreFsHost,
  pmsg: createPmsgHost
};

export function startKernel(spec: KernelSpec): RunningKernel {
  const controls = Object.entries(spec.controls) as [Component, MessagePort][];
  // Only the components the board sent a control port for: this kernel's.
  const hosts = new Map(controls.map(([c]) => [c, create[c]()]));
  const linkPorts: MessagePort[] = [];
  for (const [a, b, downstream] of spec.links) {
    const { port1, port2 } = new MessageChannel();
    linkPorts.push(port1, port2);
    void hosts.get(a)!.connect(port1, downstream);
    void hosts.get(b)!.connect(port2, false);
  }
  const unexpose = controls.map(([c, port]) => exposeHost(hosts.get(c)!, port));
  return {
    stop() {
      for (const down of unexpose) down();
      for (const p of linkPorts) p.close();
    }
  };
}

// Run as built, without the loader: this file is the worker's entry.
if (!(workerData as { loader?: unknown }).loader) startKernel(workerData as KernelSpec);
