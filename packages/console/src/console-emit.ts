/**
 * Printing of one record to one console: per-console sequence number,
 * "** N printk messages dropped **" when the console fell behind records the
 * ring overwrote, console_loglevel filtering, console or extended format.
 * Kernel counterpart: console_emit_next_record(), call_console_driver(),
 * suppress_message_printing() and console_is_usable() in kernel/printk/printk.c (6.1).
 */
import {
  formatDevkmsgRecord,
  recordPrintText,
  type PrintkLineReader,
  type PrintTextOptions
} from '@pstore/kmsg';
import { CON_ANYTIME, CON_ENABLED, CON_EXTENDED, type Console } from './console.ts';

/** What the registry keeps per registered console. */
export interface ConsoleState {
  readonly con: Console;
  /** Next record to print to this console. */
  seq: number;
  /** Records lost to ring overwrites since the last notice. */
  dropped: number;
}

/** The printing settings in force (kernel globals). */
export interface EmitSettings {
  readonly consoleLoglevel: number;
  readonly ignoreLoglevel: boolean;
  readonly msgFormat: 'default' | 'syslog';
  readonly consoleLogMax: number;
  readonly oopsInProgress: boolean;
  readonly cpuOnline: boolean;
}

const encoder = new TextEncoder();

/** A record at `level` is not printed when level >= console_loglevel, unless ignore_loglevel. */
function suppressMessagePrinting(level: number, s: EmitSettings): boolean {
  return level >= s.consoleLoglevel && !s.ignoreLoglevel;
}

/** Enabled, and either the CPU is online or the console copes (CON_ANYTIME). */
export function consoleIsUsable(con: Console, s: EmitSettings): boolean {
  if ((con.flags & CON_ENABLED) === 0) return false;
  return s.cpuOnline || (con.flags & CON_ANYTIME) !== 0;
}

/** The eight PrintTextOptions, made once: one per record costs the print path an object. */
const OPTIONS: readonly PrintTextOptions[] = Array.from({ length: 8 }, (_, k) =>
  Object.freeze({ syslog: (k & 4) !== 0, time: (k & 2) !== 0, caller: (k & 1) !== 0 })
);

function printTextOptions(syslog: boolean, time: boolean, caller: boolean): PrintTextOptions {
  return OPTIONS[(syslog ? 4 : 0) | (time ? 2 : 0) | (caller ? 1 : 0)]!;
}

/** The write contexts (struct console's view of oops_in_progress), made once. */
const CTX_QUIET = Object.freeze({ oopsInProgress: false });
const CTX_OOPS = Object.freeze({ oopsInProgress: true });

/**
 * The bytes a console gets for record `seq`: the common one-line record is
 * printed straight from the ring (no record object, no copy of its text);
 * the rest, and extended consoles, from a record read().
 */
function formatFor(
  st: ConsoleState,
  seq: number,
  ring: PrintkLineReader,
  s: EmitSettings
): Uint8Array {
  if (st.con.flags & CON_EXTENDED) {
    return encoder.encode(formatDevkmsgRecord(ring.read(seq)!, ring.printkCaller));
  }
  const opts = printTextOptions(s.msgFormat === 'syslog', ring.printkTime, ring.printkCaller);
  return (
    ring.line(seq, opts, s.consoleLogMax) ?? recordPrintText(ring.read(seq)!, opts, s.consoleLogMax)
  );
}

/**
 * Handles the next record for one console. Returns false when the console is
 * up to date. The sequence number advances before write() is called, so a
 * driver that printk()s or throws never gets the same record twice.
 */
export function consoleEmitNextRecord(
  st: ConsoleState,
  ring: PrintkLineReader,
  s: EmitSettings
): boolean {
  const seq = ring.validSeq(st.seq);
  if (seq < 0) return false;
  if (seq !== st.seq) st.dropped += seq - st.seq;
  st.seq = seq + 1;
  if (suppressMessagePrinting(ring.levelAt(seq), s)) return true;

  const text = formatFor(st, seq, ring, s);
  const ctx = s.oopsInProgress ? CTX_OOPS : CTX_QUIET;
  // 6.1 tells plain consoles about lost records in a separate write; extended
  // consoles see the gap in the sequence numbers instead.
  if (st.dropped > 0 && (st.con.flags & CON_EXTENDED) === 0) {
    const notice = encoder.encode(`** ${st.dropped} printk messages dropped **\n`);
    st.dropped = 0;
    st.con.write(notice, ctx);
  }
  st.con.write(text, ctx);
  return true;
}
