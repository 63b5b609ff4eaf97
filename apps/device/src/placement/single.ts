/**
 * The single placement: one kernel worker (dist/kernel-worker.js) hosts all
 * six components and links them with in-thread MessageChannels; the board
 * holds one control port per component.
 * Kernel counterpart: a monolithic kernel image on one CPU.
 */
import type { ActorErrorData } from '@pstore/kmsg';
import { COMPONENTS, LINKS, type Component } from '../components.ts';
import type { ComponentLink } from './component-link.ts';
import type { KernelWorkers } from './kernel-workers.ts';
import { controlChannel, kernelWorkerPath, linkFor, spawnWorker } from './spawn.ts';

const OWNER = 1;

export function spawnSingle(): KernelWorkers {
  const channels = COMPONENTS.map((c) => [c, controlChannel()] as const);
  const controls = Object.fromEntries(channels.map(([c, ch]) => [c, ch.worker]));
  const w = spawnWorker(
    kernelWorkerPath(),
    { controls, links: LINKS },
    channels.map(([, ch]) => ch.worker)
  );
  const links = new Map<Component, ComponentLink>(
    channels.map(([c, ch]) => [c, linkFor(c, ch.board, w.gone)])
  );
  let listener: ((dead: Component[], why: ActorErrorData) => void) | null = null;
  void w.gone.then((why) => {
    for (const [, ch] of channels) ch.board.close();
    if (!w.terminating) listener?.([...COMPONENTS], why);
  });
  const terminateAll = async () => {
    w.terminating = true;
    await w.worker.terminate();
  };
  return {
    placement: 'single',
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
