/**
 * Worker entry of the kmsg component: exposes its actor host through comlink
 * on the control port the board sent (or on parentPort).
 * The only file of the package that touches worker_threads and comlink.
 */
import { expose } from 'comlink';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { createKmsgHost } from './actor/host.ts';

const control = (workerData as { control?: MessagePort } | null)?.control ?? parentPort;
if (!control) throw new Error('kmsg worker: not running in a worker thread');
expose(createKmsgHost(), control);
