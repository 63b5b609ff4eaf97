/**
 * pstore's console: a console driver that stores every printed line as a
 * CONSOLE record (ramoops: console-ramoops-0 on the next boot). Registered
 * with CON_PRINTBUFFER, so the log printed before registration is replayed
 * into it first.
 * Kernel counterpart: fs/pstore/platform.c pstore_console_write(),
 * pstore_register_console(), pstore_unregister_console().
 */
import {
  CON_ANYTIME,
  CON_ENABLED,
  CON_PRINTBUFFER,
  type Console,
  type ConsoleWriteContext
} from '@pstore/console';
import type { PstoreInfo } from '../backend/pstore-info.ts';
import { PSTORE_TYPE, type PstoreRecord, type PstoreTypeId } from '../backend/record.ts';
import type { PstoreBufLock } from './dump.ts';
import type { PstoreCoreEra } from './pstore-era.ts';

/** What the console frontend needs from the core. */
export interface PstoreConsoleHost {
  readonly era: PstoreCoreEra;
  readonly psi: PstoreInfo;
  readonly bufLock: PstoreBufLock;
  recordInit(type: PstoreTypeId): PstoreRecord;
}

/** struct console's name is char[16]: strscpy() keeps at most 15 bytes. */
function consoleName(name: string): string {
  const bytes = new TextEncoder().encode(name);
  return bytes.length <= 15 ? name : new TextDecoder().decode(bytes.subarray(0, 15));
}

/**
 * pstore's console, which also takes the lines a console actor printed for
 * it as one run (`writeLines`): what `write` of each line stores.
 */
export interface PstoreConsole extends Console {
  /** Lines of `text` (line i ends at ends[i]), as `write` of each in turn stores them. */
  writeLines(text: Uint8Array, ends: Uint32Array): void;
}

export const isPstoreConsole = (con: Console): con is PstoreConsole =>
  typeof (con as Partial<PstoreConsole>).writeLines === 'function';

/** `con.write()` of each line of `text` in turn (line i ends at ends[i]). */
export function writeEachLine(
  con: Console,
  text: Uint8Array,
  ends: Uint32Array,
  ctx: ConsoleWriteContext
): void {
  let at = 0;
  for (const end of ends) {
    // A view made by the constructor: subarray() costs more (it looks up the species).
    con.write(new Uint8Array(text.buffer, text.byteOffset + at, end - at), ctx);
    at = end;
  }
}

/**
 * The console pstore registers: named "pstore" (before 5.8) or after the
 * backend, index −1 (shown as "ramoops-1"), flags CON_PRINTBUFFER |
 * CON_ENABLED | CON_ANYTIME (set afresh at every registration, as 5.8+ does).
 */
export function createPstoreConsole(host: PstoreConsoleHost): PstoreConsole {
  const { era, psi } = host;
  const store = (text: Uint8Array): void => {
    const record = host.recordInit(PSTORE_TYPE.CONSOLE);
    record.buf = text;
    record.size = text.length;
    // The console path ignores the backend's answer, as the kernel does.
    psi.write(record);
  };
  const con: PstoreConsole = {
    name: consoleName(era.consoleNamedAfterBackend ? psi.name : 'pstore'),
    index: -1,
    flags: CON_PRINTBUFFER | CON_ENABLED | CON_ANYTIME,
    writeLines(text, ends): void {
      if (!ends.length) return;
      // 5.1+ writes each line whole: a backend that stores runs takes them
      // at once (one clock reading for the run's records).
      if (!era.consoleChunked && psi.writeConsoleLines) {
        psi.writeConsoleLines(
          text,
          ends,
          0,
          ends.length,
          host.recordInit(PSTORE_TYPE.CONSOLE).time
        );
        return;
      }
      // pstore's write() takes no notice of the context.
      writeEachLine(con, text, ends, { oopsInProgress: false });
    },
    write(text): void {
      if (text.length === 0) return;
      if (!era.consoleChunked) {
        store(text);
        return;
      }
      // Before 5.1: chunks of at most bufsize bytes, each under the dump
      // buffer lock; during an oops the lock is only tried and the rest of the
      // line is dropped if it is busy. With one thread the lock can only be
      // held by a dump in progress, so a waiting path drops the line as well
      // instead of spinning forever.
      for (let s = 0; s < text.length;) {
        const c = Math.min(text.length - s, psi.bufsize);
        if (host.bufLock.held) break;
        host.bufLock.held = true;
        try {
          store(text.subarray(s, s + c));
        } finally {
          host.bufLock.held = false;
        }
        s += c;
      }
    }
  };
  return con;
}
