/**
 * The kernel worker of the single placement: every component of the kernel
 * (ramoops' six, or pstore/blk's five) in one thread, linked by in-thread MessageChannels, each exposed to the board on
 * its own control port.
 * Kernel counterpart: a monolithic kernel image.
 */
import { expose } from 'comlink';
import { MessageChannel, workerData, type MessagePort } from 'node:worker_threads';
import type { ActorHost } from '@pstore/actor';
import { createConsoleHost } from '@pstore/console';
import { createKmsgHost } from '@pstore/kmsg';
import { createPmsgHost } from '@pstore/pmsg-chardev';
import { createPstoreFsHost } from '@pstore/pstore-fs';
import { createRamCoreHost } from '@pstore/ram-core';
import { createPstoreBlkHost } from '@pstore/pstore-zone';
import { createRamoopsHost } from '@pstore/ramoops';
import type { Component, LinkSpec } from './components.ts';

const { controls, links } = workerData as {
  controls: Record<Component, MessagePort>;
  links: readonly LinkSpec[];
};
const create: Record<Component, () => ActorHost> = {
  'ram-core': createRamCoreHost,
  ramoops: createRamoopsHost,
  'pstore-blk': createPstoreBlkHost,
  kmsg: createKmsgHost,
  console: createConsoleHost,
  'pstore-fs': createPstoreFsHost,
  pmsg: createPmsgHost
};
// Only the components the board sent a control port for: this kernel's.
const hosts = Object.fromEntries(
  Object.keys(controls).map((c) => [c, create[c as Component]()])
) as Record<Component, ActorHost>;
for (const [a, b, downstream] of links) {
  const { port1, port2 } = new MessageChannel();
  void hosts[a].connect(port1, downstream);
  void hosts[b].connect(port2, false);
}
for (const [c, port] of Object.entries(controls)) expose(hosts[c as Component], port);
