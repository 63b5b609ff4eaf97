/**
 * @pstore/console: console drivers fed by printk. Knows nothing about pstore;
 * pstore's console frontend is just one registered console.
 * Kernel counterpart: the console half of kernel/printk/printk.c and include/linux/console.h.
 */
export { CONSOLE_ERRNO, ConsoleError, type ConsoleErrnoCode } from './console-error.ts';
export {
  CON_PRINTBUFFER,
  CON_CONSDEV,
  CON_ENABLED,
  CON_BOOT,
  CON_ANYTIME,
  CON_BRL,
  CON_EXTENDED,
  checkConsole,
  type Console,
  type ConsoleWriteContext
} from './console.ts';
export { ConsoleSem } from './console-sem.ts';
export {
  suppressMessagePrinting,
  consoleIsUsable,
  consoleEmitNextRecord,
  type ConsoleState,
  type EmitSettings
} from './console-emit.ts';
export {
  CONSOLE_LOGLEVEL_DEFAULT,
  CONSOLE_LOGLEVEL_QUIET,
  ConsoleRegistry,
  type ConsoleRegistryOptions,
  type ConsoleFlushMode
} from './console-registry.ts';
export {
  consoleMachine,
  type ConsoleContext,
  type ConsoleInput,
  type ConsoleOutput
} from './actor/console.machine.ts';
export { createConsoleHost } from './actor/host.ts';
export { ReplicaRing } from './actor/replica-ring.ts';
export {
  createRemoteConsoles,
  consoleErrorData,
  type RemoteConsoles
} from './actor/remote-consoles.ts';
export {
  PROTOCOL_VERSION as CONSOLE_PROTOCOL_VERSION,
  type ConsoleCommand,
  type ConsoleErrorData,
  type ConsoleEvent,
  type ConsoleHello,
  type ConsolePrinted
} from './actor/protocol.ts';
