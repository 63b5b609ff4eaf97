/**
 * What a link runs over: the part of a MessagePort the host uses, so that
 * Node's worker_threads ports and the browser's MessageChannel ports both
 * fit and the bus itself imports neither.
 * Kernel counterpart: none.
 */

/** The part of a MessagePort a link needs (Node's and the browser's both fit). */
export interface PortLike {
  /** `transfer`: buffers given away with the message (see transfer.ts). */
  postMessage(message: unknown, transfer?: ArrayBuffer[]): void;
  addEventListener(type: 'message', listener: (event: Event) => void): void;
  start?(): void;
  close(): void;
}
