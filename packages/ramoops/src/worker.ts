/**
 * Worker entry of the ramoops component: exposes its actor host through
 * comlink on the control port the board sent (or on parentPort).
 * The only file of the package that touches worker_threads and comlink.
 */
import { expose } from 'comlink';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { createRamoopsHost } from './actor/host.ts';

const control = (workerData as { control?: MessagePort } | null)?.control ?? parentPort;
if (!control) throw new Error('ramoops worker: not running in a worker thread');
expose(createRamoopsHost(), control);
