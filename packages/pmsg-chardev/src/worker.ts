/**
 * Worker entry of the pmsg component: its actor host, exposed to the board
 * through comlink on the control port the board sent (or on parentPort) by
 * @pstore/actor/worker.
 * Kernel counterpart: none (transport).
 */
import { createWorkerEntry } from '@pstore/actor/worker';
import { createPmsgHost } from './actor/host.ts';

createWorkerEntry('pmsg', createPmsgHost);
