/**
 * The console side of one boot as the console actor holds it: the registry
 * over its window of kmsg's ring, and one stand-in per driver registered from another
 * actor, collecting what the registry printed to it until the actor sends
 * it on as `console.printed`.
 * Kernel counterpart: the console list of kernel/printk/printk.c.
 */
import { ERRNO, messageAttempts, withTransfer } from '@pstore/actor';
import type { PrintkRecordBatch } from '@pstore/kmsg';
import type { Console } from '../console.ts';
import { CONSOLE_ERRNO, ConsoleError } from '../console-error.ts';
import { ConsoleRegistry } from '../console-registry.ts';
import type { ConsoleBoot, ConsoleErrorData, ConsolePrinted } from './protocol.ts';
import { PrintkWindow } from './printk-window.ts';
import { TextRun } from './text-run.ts';

export interface RemoteConsoles {
  readonly registry: ConsoleRegistry;
  /** Prints kmsg's records (in seq order) to every usable console. */
  replay(batch: PrintkRecordBatch): void;
  register(name: string, index: number, flags: number): void;
  unregister(name: string, index: number): void;
  /** What each driver received since the last take, one message per run of writes. */
  takePrinted(): ConsolePrinted[];
  /** Lines the console layer logged since the last take (for kmsg). */
  takeLogged(): string[];
}

function createRemoteConsoles(boot: ConsoleBoot): RemoteConsoles {
  const logged: string[] = [];
  const ring = new PrintkWindow(boot.ring, (line) => void logged.push(line));
  const registry = new ConsoleRegistry(ring, boot.options);
  const drivers = new Map<string, Console>();
  let printed: { name: string; index: number; texts: TextRun; oopsInProgress: boolean }[] = [];
  /** Runs taken and empty again: their buffers, grown to a message's size, are reused. */
  const free: TextRun[] = [];
  const key = (name: string, index: number) => `${name}\u0000${index}`;
  return {
    registry,
    replay(batch) {
      ring.append(batch);
    },
    register(name, index, flags) {
      if (drivers.has(key(name, index))) {
        throw new ConsoleError('EBUSY', `console '${name}${index}' already registered`);
      }
      const con: Console = {
        name,
        index,
        flags,
        write(text, ctx) {
          const last = printed.at(-1);
          const run =
            last && last.name === con.name && last.index === con.index
              ? last
              : {
                  name: con.name,
                  index: con.index,
                  texts: free.pop() ?? new TextRun(),
                  oopsInProgress: false
                };
          if (run !== last) printed.push(run);
          run.texts.append(text);
          run.oopsInProgress ||= ctx.oopsInProgress;
        }
      };
      registry.registerConsole(con);
      drivers.set(key(name, index), con);
    },
    unregister(name, index) {
      const con = drivers.get(key(name, index));
      if (!con) throw new ConsoleError('ENODEV', `console '${name}${index}' is not registered`);
      registry.unregisterConsole(con);
      drivers.delete(key(name, index));
    },
    takePrinted() {
      const out = printed.map((p): ConsolePrinted => {
        const { text, ends } = p.texts.take();
        // The texts are this message's alone: their buffer goes with it, uncopied.
        return withTransfer(
          {
            type: 'console.printed',
            name: p.name,
            index: p.index,
            text,
            ends,
            oopsInProgress: p.oopsInProgress
          },
          [text.buffer as ArrayBuffer]
        );
      });
      for (const p of printed) free.push(p.texts);
      printed = [];
      return out;
    },
    takeLogged: () => logged.splice(0)
  };
}

/** What a boot message builds: the consoles of the boot, or why there are none. */
type BootAttempt = { readonly consoles: RemoteConsoles } | { readonly error: ConsoleErrorData };

/**
 * createRemoteConsoles() of one boot message, built once for the machine's guard (does
 * this boot succeed?) and its action (keep the consoles, or say why not), so the
 * state is chosen before the action runs.
 */
const attempts = messageAttempts((boot: ConsoleBoot): BootAttempt => {
  try {
    return { consoles: createRemoteConsoles(boot) };
  } catch (e) {
    return { error: consoleErrorData(e) };
  }
});

export const bootAttempt = attempts.peek;

/** The attempt the action keeps: forgotten, so a message sent again boots afresh. */
export const takeBootAttempt = attempts.take;

/** A failure as data; the ConsoleError code when it was one. */
export function consoleErrorData(e: unknown): ConsoleErrorData {
  const err = e as { code?: unknown; message?: unknown };
  const code =
    typeof err.code === 'string' && err.code in CONSOLE_ERRNO
      ? (err.code as keyof typeof CONSOLE_ERRNO)
      : null;
  return {
    code: code ?? 'EIO',
    errno: code ? CONSOLE_ERRNO[code] : ERRNO.EIO,
    message: typeof err.message === 'string' ? err.message : String(e)
  };
}
