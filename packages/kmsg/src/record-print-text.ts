/**
 * The text formats of printk records used by dumps, consoles and syslog():
 * per line an optional "<N>" (syslog), "[%5lu.%06lu]" (printk.time),
 * "[%6s]" (CONFIG_PRINTK_CALLER), one space if time or caller was printed,
 * then the line and "\n". Inner newlines repeat the prefix.
 * Kernel counterpart: kernel/printk/printk.c print_syslog(), print_time(),
 * print_caller(), info_print_prefix(), record_print_text(),
 * get_record_print_text_size().
 */
import { formatCallerId } from './caller-id.ts';
import { MAX_EXACT_NSEC, printOneLine } from './print-line-bytes.ts';
import { countLines, type PrintkRecord } from './record.ts';

/** Which prefix fields to print. */
export interface PrintTextOptions {
  /** "<N>" with N = facility·8 + level (dumps, syslog(); consoles with console_msg_format=syslog). */
  readonly syslog: boolean;
  /** printk.time. */
  readonly time: boolean;
  /** CONFIG_PRINTK_CALLER. */
  readonly caller: boolean;
}

/** The record fields the prefix is made of. */
export type PrefixInfo = Pick<PrintkRecord, 'facility' | 'level' | 'tsNsec' | 'callerId'>;

const NSEC_PER_SEC = 1_000_000_000n;

/** "[%5lu.%06lu]": seconds right-aligned in 5 columns, microseconds (truncated) zero-padded to 6. */
export function printTime(tsNsec: bigint): string {
  let sec: number | bigint;
  let usec: number | bigint;
  if (tsNsec <= MAX_EXACT_NSEC) {
    // In doubles (a dump sizes every record with this; BigInt division costs
    // more than the rest of the line), exact as in print-line-bytes.ts.
    const ns = Number(tsNsec);
    sec = Math.floor(ns / 1e9);
    usec = Math.floor((ns - sec * 1e9) / 1000);
  } else {
    sec = tsNsec / NSEC_PER_SEC;
    usec = (tsNsec % NSEC_PER_SEC) / 1000n;
  }
  return `[${String(sec).padStart(5, ' ')}.${String(usec).padStart(6, '0')}]`;
}

/** "[%6s]" of "T<pid>"/"C<cpu>". */
function printCaller(callerId: number): string {
  return `[${formatCallerId(callerId).padStart(6, ' ')}]`;
}

/**
 * The per-line prefix. The separating space is printed only when time or
 * caller was (with neither, "<6>text" has no space).
 */
export function infoPrintPrefix(info: PrefixInfo, opts: PrintTextOptions): string {
  let s = opts.syslog ? `<${(info.facility << 3) | info.level}>` : '';
  if (opts.time) s += printTime(info.tsNsec);
  if (opts.caller) s += printCaller(info.callerId);
  if (opts.caller || opts.time) s += ' ';
  return s;
}

/** Formatted length of a record, excluding the NUL (get_record_print_text_size()). */
export function recordPrintTextSize(rec: PrintkRecord, opts: PrintTextOptions): number {
  return infoPrintPrefix(rec, opts).length * countLines(rec.text) + rec.text.length + 1;
}

/**
 * Formats a record, one prefixed line per text line, each ending in "\n".
 *
 * With `bufSize` (the reader's buffer, which also needs room for a NUL) the
 * kernel's truncation applies: only bufSize bytes of text are read, and from
 * the first line that does not fit (with its prefix, newline and the NUL)
 * every further line is dropped; lines are never cut short. The result is
 * then at most bufSize − 1 bytes, possibly empty.
 * @see kernel/printk/printk.c record_print_text()
 */
export function recordPrintText(
  rec: PrintkRecord,
  opts: PrintTextOptions,
  bufSize: number = Number.POSITIVE_INFINITY
): Uint8Array {
  const line = printOneLine(rec, opts, bufSize);
  if (line) return line;
  const prefix = infoPrintPrefix(rec, opts);
  const prefixLen = prefix.length;
  const text = rec.text;
  // The common record: one line that fits. One allocation, no parts list
  // (every console line and every dump line comes through here).
  if (text.indexOf(0x0a) < 0 && prefixLen + text.length + 2 <= bufSize) {
    const out = new Uint8Array(prefixLen + text.length + 1);
    for (let i = 0; i < prefixLen; i++) out[i] = prefix.charCodeAt(i);
    out.set(text, prefixLen);
    out[out.length - 1] = 0x0a;
    return out;
  }
  let textLen = Math.min(text.length, bufSize);
  let truncated = false;
  let pos = 0;
  let len = 0;
  const parts: Uint8Array[] = [];
  // The prefix is ASCII (digits, brackets, spaces, "<>", "T"/"C").
  const prefixBytes = new Uint8Array(prefixLen);
  for (let i = 0; i < prefixLen; i++) prefixBytes[i] = prefix.charCodeAt(i);

  for (;;) {
    const nl = text.subarray(pos, pos + textLen).indexOf(0x0a);
    let lineLen: number;
    if (nl >= 0) {
      lineLen = nl;
    } else {
      if (truncated) break; // the rest was cut by the size limit: drop it
      lineLen = textLen;
    }
    // Room for the prefix, the rest of the text, a newline and the NUL?
    if (len + prefixLen + textLen + 2 > bufSize) {
      if (len + prefixLen + lineLen + 2 > bufSize) break;
      textLen = bufSize - len - prefixLen - 2;
      truncated = true;
    }
    parts.push(prefixBytes, text.subarray(pos, pos + lineLen), NEWLINE);
    len += prefixLen + lineLen + 1;
    if (textLen === lineLen) break;
    pos += lineLen + 1;
    textLen -= lineLen + 1;
  }

  const out = new Uint8Array(len);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

const NEWLINE = Uint8Array.of(0x0a);
