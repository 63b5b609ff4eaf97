/**
 * pstore's console: a console driver that stores every printed line as a
 * CONSOLE record (ramoops: console-ramoops-0 on the next boot). Registered
 * with CON_PRINTBUFFER, so the log printed before registration is replayed
 * into it first.
 * Kernel counterpart: fs/pstore/platform.c pstore_console_write(),
 * pstore_register_console(), pstore_unregister_console().
 */
import { CON_ANYTIME, CON_ENABLED, CON_PRINTBUFFER, type Console } from '@pstore/console';
import type { PstoreInfo } from '../backend/pstore-info.ts';
import { PSTORE_TYPE, type PstoreRecord, type Timespec } from '../backend/record.ts';
import type { PstoreBufLock } from './dump.ts';
import type { PstoreCoreEra } from './pstore-era.ts';

/** What the console frontend needs from the core. */
export interface PstoreConsoleHost {
  readonly era: PstoreCoreEra;
  readonly psi: PstoreInfo;
  readonly bufLock: PstoreBufLock;
  /** The wall clock pstore_record_init() stamps records with. */
  now(): Timespec;
}

const NO_BYTES = new Uint8Array(0);

/**
 * The record pstore_console_write() keeps on its stack: one per console,
 * filled afresh at every write, as pstore_record_init() clears the kernel's
 * (the backend gets it lent for the call only: see PstoreInfo.write()).
 * Its time is read from the clock when the backend first asks for it in
 * the call rather than just before: the same instant to the backend, but
 * ramoops and pstore/blk never ask for a console record's time, and a
 * clock read costs ~40 ns here, near a tenth of a printed line's cost.
 * `time` is an own enumerable accessor, so a backend's `{ ...record }`
 * copy gets the value. Returns pstore_record_init() of a write of `buf`.
 */
function consoleRecord(now: () => Timespec): (buf: Uint8Array) => PstoreRecord {
  /** The time of the write in progress; undefined until asked for. */
  let time: Timespec | null | undefined;
  // A literal with the accessor in it: defineProperty() on a made record
  // would turn it into a dictionary (measured: the line got slower).
  const r: PstoreRecord = {
    type: PSTORE_TYPE.CONSOLE,
    id: 0,
    get time(): Timespec | null {
      return time === undefined ? (time = now()) : time;
    },
    set time(v: Timespec | null) {
      time = v;
    },
    buf: NO_BYTES,
    size: 0,
    eccNoticeSize: 0,
    count: 0,
    reason: 0,
    part: 0,
    compressed: false
  };
  // pstore_record_init() for a console write of `buf`.
  return (buf) => {
    time = undefined;
    r.type = PSTORE_TYPE.CONSOLE;
    r.id = 0;
    r.buf = buf;
    r.size = buf.length;
    r.eccNoticeSize = 0;
    r.count = 0;
    r.reason = 0;
    r.part = 0;
    r.compressed = false;
    if (r.cpu !== undefined) r.cpu = undefined;
    return r;
  };
}

/** struct console's name is char[16]: strscpy() keeps at most 15 bytes. */
function consoleName(name: string): string {
  const bytes = new TextEncoder().encode(name);
  return bytes.length <= 15 ? name : new TextDecoder().decode(bytes.subarray(0, 15));
}

/**
 * The console pstore registers: named "pstore" (before 5.8) or after the
 * backend, index −1 (shown as "ramoops-1"), flags CON_PRINTBUFFER |
 * CON_ENABLED | CON_ANYTIME (set afresh at every registration, as 5.8+ does).
 */
export function createPstoreConsole(host: PstoreConsoleHost): Console {
  const { era, psi } = host;
  const recordInit = consoleRecord(() => host.now());
  const store = (text: Uint8Array): void => {
    // The console path ignores the backend's answer, as the kernel does.
    psi.write(recordInit(text));
  };
  return {
    name: consoleName(era.consoleNamedAfterBackend ? psi.name : 'pstore'),
    index: -1,
    flags: CON_PRINTBUFFER | CON_ENABLED | CON_ANYTIME,
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
}
