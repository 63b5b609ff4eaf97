/**
 * Worker entry of the pstore-blk component: its actor host, exposed to the
 * board through comlink on the control port the board sent (or on
 * parentPort) by @pstore/actor/worker.
 * Kernel counterpart: none (transport).
 */
import { createWorkerEntry } from '@pstore/actor/worker';
import { createPstoreBlkHost } from './actor/host.ts';

createWorkerEntry('pstore-blk', createPstoreBlkHost);
