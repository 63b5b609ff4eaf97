/**
 * @pstore/actor — the bus of the microkernel layout: the actor host that
 * runs a component's xstate logic and links it to its peers, the message
 * envelope and hello handshake every protocol shares, and the one errno
 * table. The worker entry is on its own subpath, `@pstore/actor/worker`.
 * Kernel counterpart: none (the kernel calls functions directly).
 */
export { createActorHost, type ActorHost, type ActorHostConfig } from './actor-host.ts';
export { prefixOf, type ActorCommand, type ActorMessage } from './message.ts';
export { errnoData, type ActorErrorData } from './error-data.ts';
export {
  crashedMessage,
  failedMessage,
  flushedMessage,
  flushMessage,
  type CrashedMessage,
  type EnvelopeMessage,
  type FailedMessage,
  type FlushedMessage,
  type FlushMessage
} from './envelope.ts';
export { helloOf, helloRefusal, type HostHello } from './hello.ts';
export type { PortLike } from './port.ts';
export { packColumns, transferList, withTransfer, type Column } from './transfer.ts';
export {
  ERRNO,
  errnoName,
  errnoTable,
  isErrnoName,
  type ErrnoName,
  type ErrnoTable
} from './errno.ts';
export { ErrnoError, type ErrnoErrorJSON } from './errno-error.ts';
export { mermaidStateDiagram, stateDiagram } from './state-diagram.ts';
export { messageAttempts, type MessageAttempts } from './message-attempts.ts';
