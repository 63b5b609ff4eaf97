/**
 * A console driver as printk sees it: a name and index ("ttyS0",
 * "ramoops-1"), CON_* flags, and a write callback that receives each printed
 * record already formatted.
 * Kernel counterpart: struct console and the CON_* flags in include/linux/console.h.
 */
import { ConsoleError } from './console-error.ts';

/** Replay the log buffer to this console when it registers. */
export const CON_PRINTBUFFER = 1;
/** The preferred console (last "console=" on the command line). */
export const CON_CONSDEV = 2;
/** Printing to this console is on (console_start()/console_stop()). */
export const CON_ENABLED = 4;
/** An early boot console (not modelled beyond the "boot" message prefix). */
export const CON_BOOT = 8;
/** Safe to call while the CPU is offline. */
export const CON_ANYTIME = 16;
/** A braille console (not modelled). */
export const CON_BRL = 32;
/** Receives the /dev/kmsg record format instead of the console format. */
export const CON_EXTENDED = 64;

/** What a driver's write() may consult, like the kernel globals it reads. */
export interface ConsoleWriteContext {
  /** oops_in_progress: drivers take their own locks with trylock and must not sleep. */
  readonly oopsInProgress: boolean;
}

/**
 * A console driver. `index` and `flags` are updated by the registry as the
 * kernel updates struct console (CON_ENABLED on stop/start/unregister).
 */
export interface Console {
  /** Driver name, at most 15 bytes (char name[16]). */
  readonly name: string;
  /** Device index; −1 means "any" and is shown as "-1" (e.g. "ramoops-1"). */
  index: number;
  /** CON_* bits. */
  flags: number;
  /**
   * Prints one formatted record (or a "** N printk messages dropped **"
   * notice). `text` is lent for the call only, as the kernel's console
   * output buffer is: the registry prints the next record into the same
   * memory, so a driver copies what it keeps.
   */
  write(text: Uint8Array, ctx: ConsoleWriteContext): void;
  /** Optional: restore a blanked screen (console_unblank()). */
  unblank?(): void;
}

/**
 * Throws EINVAL unless `con` fits struct console: a 1..15-byte name, an index
 * in −1..32767 (a short), flags in 0..0x7fff and a write callback.
 */
export function checkConsole(con: Console): void {
  const nameBytes = new TextEncoder().encode(con.name).length;
  if (nameBytes < 1 || nameBytes > 15) {
    throw new ConsoleError('EINVAL', `console name '${con.name}' is ${nameBytes} bytes, not 1..15`);
  }
  if (!Number.isInteger(con.index) || con.index < -1 || con.index > 32767) {
    throw new ConsoleError('EINVAL', `console index ${String(con.index)} is not in -1..32767`);
  }
  if (!Number.isInteger(con.flags) || con.flags < 0 || con.flags > 0x7fff) {
    throw new ConsoleError('EINVAL', `console flags ${String(con.flags)} are not in 0..0x7fff`);
  }
  if (typeof con.write !== 'function') {
    throw new ConsoleError('EINVAL', `console '${con.name}' has no write callback`);
  }
}
