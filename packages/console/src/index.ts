/**
 * @pstore/console: console drivers fed by printk. Knows nothing about pstore;
 * pstore's console frontend is just one registered console.
 * Exports what README.md documents; everything else stays inside the package.
 * Kernel counterpart: the console half of kernel/printk/printk.c and include/linux/console.h.
 */
export { ConsoleError, type ConsoleErrnoCode } from './console-error.ts';
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
export {
  ConsoleRegistry,
  type ConsoleFlushMode,
  type ConsoleLogSource,
  type ConsoleRegistryOptions
} from './console-registry.ts';
export { consoleMachine } from './actor/console.machine.ts';
export { createConsoleHost } from './actor/host.ts';
export {
  PROTOCOL_VERSION as CONSOLE_PROTOCOL_VERSION,
  type ConsoleCommand,
  type ConsoleErrorData,
  type ConsoleEvent,
  type ConsolePrinted
} from './actor/protocol.ts';
