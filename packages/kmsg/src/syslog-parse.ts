/**
 * Parser of the syslog text format that kmsg dumps and syslog(2) produce,
 * "<N>[%5lu.%06lu][%6s] text\n", and its exact inverse. Useful for tools that
 * read pstore dmesg files. The padding rules are checked exactly, so every
 * parsed line formats back to the same bytes.
 *
 * A record with inner newlines was printed as several lines with the same
 * prefix; this parser cannot tell them from separate records and returns one
 * entry per line (formatting them back gives the same bytes either way).
 * Kernel counterpart: the inverse of record_print_text(…, syslog=true, …)
 * in kernel/printk/printk.c.
 */
import { parseCallerId } from './caller-id.ts';
import { KmsgError } from './errors.ts';
import { infoPrintPrefix } from './record-print-text.ts';

/** One parsed line. */
export interface SyslogLine {
  readonly facility: number;
  readonly level: number;
  /** ns since boot (microsecond precision), or null when the line had no time. */
  readonly tsNsec: bigint | null;
  /** Caller id, or null when the line had no caller field. */
  readonly callerId: number | null;
  /** The line's text without the prefix and the newline. */
  readonly text: Uint8Array;
}

/** Which fields to expect; undefined means detect per line. */
export interface SyslogParseOptions {
  readonly time?: boolean;
  readonly caller?: boolean;
}

const encoder = new TextEncoder();
// "%u" prints no leading zeros, so "<06>" is not kernel output.
const PRI = /^<(0|[1-9]\d{0,3})>/;
// %5lu right-aligns the seconds in five columns: "    0", "   12", "123456".
const TIME = /^\[( {4}\d| {3}[1-9]\d| {2}[1-9]\d{2}| [1-9]\d{3}|[1-9]\d{4,})\.(\d{6})\]/;
// %6s right-aligns "T123"/"C0" in six columns.
const CALLER =
  /^\[( {4}[TC]\d| {3}[TC][1-9]\d| {2}[TC][1-9]\d{2}| [TC][1-9]\d{3}|[TC][1-9]\d{4,9})\]/;

function latin1(bytes: Uint8Array, max: number): string {
  let s = '';
  for (let i = 0; i < Math.min(bytes.length, max); i++) s += String.fromCharCode(bytes[i]!);
  return s;
}

/** Tries one prefix shape at `rest`; returns [consumed, ts, caller] or null. */
function tryShape(
  rest: string,
  time: boolean,
  caller: boolean
): [number, bigint | null, number | null] | null {
  let used = 0;
  let ts: bigint | null = null;
  let callerId: number | null = null;
  if (time) {
    const m = TIME.exec(rest);
    if (!m) return null;
    ts = BigInt(m[1]!.trim()) * 1_000_000_000n + BigInt(m[2]!) * 1000n;
    used += m[0].length;
  }
  if (caller) {
    const m = CALLER.exec(rest.slice(used));
    const id = m ? parseCallerId(m[1]!.trim()) : null;
    if (!m || id === null) return null;
    callerId = id;
    used += m[0].length;
  }
  if (time || caller) {
    if (rest[used] !== ' ') return null;
    used += 1;
  }
  return [used, ts, callerId];
}

/**
 * Parses one line (without its "\n").
 * @throws KmsgError EINVAL if the line does not start with "<N>" or lacks a
 *   field the options require.
 */
export function parseSyslogLine(
  line: Uint8Array | string,
  options: SyslogParseOptions = {}
): SyslogLine {
  const bytes = typeof line === 'string' ? encoder.encode(line) : line;
  const head = latin1(bytes, 64);
  const pri = PRI.exec(head);
  if (!pri) {
    throw new KmsgError('EINVAL', `syslog line does not start with "<N>": ${JSON.stringify(head)}`);
  }
  const n = Number(pri[1]);
  const rest = head.slice(pri[0].length);
  const shapes: [boolean, boolean][] = [];
  for (const time of options.time === undefined ? [true, false] : [options.time]) {
    for (const caller of options.caller === undefined ? [true, false] : [options.caller]) {
      shapes.push([time, caller]);
    }
  }
  for (const [time, caller] of shapes) {
    const got = tryShape(rest, time, caller);
    if (!got) continue;
    const [used, tsNsec, callerId] = got;
    return {
      facility: n >> 3,
      level: n & 7,
      tsNsec,
      callerId,
      text: bytes.slice(pri[0].length + used)
    };
  }
  throw new KmsgError(
    'EINVAL',
    `syslog line lacks the expected time/caller prefix: ${JSON.stringify(head)}`
  );
}

/** Result of {@link parseSyslogText}. */
export interface SyslogText {
  readonly lines: SyslogLine[];
  /** Bytes after the last newline (a line cut off, e.g. at the end of a dump). */
  readonly rest: Uint8Array;
}

/**
 * Parses every complete line of `text`.
 * @throws KmsgError EINVAL naming the 1-based line number of a malformed line.
 */
export function parseSyslogText(
  text: Uint8Array | string,
  options: SyslogParseOptions = {}
): SyslogText {
  const bytes = typeof text === 'string' ? encoder.encode(text) : text;
  const lines: SyslogLine[] = [];
  let start = 0;
  for (let nl = bytes.indexOf(0x0a); nl >= 0; nl = bytes.indexOf(0x0a, start)) {
    try {
      lines.push(parseSyslogLine(bytes.subarray(start, nl), options));
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      throw new KmsgError('EINVAL', `line ${lines.length + 1}: ${msg}`);
    }
    start = nl + 1;
  }
  return { lines, rest: bytes.slice(start) };
}

/** Formats a parsed line back to its bytes, "\n" included. */
export function formatSyslogLine(line: SyslogLine): Uint8Array {
  const prefix = infoPrintPrefix(
    {
      facility: line.facility,
      level: line.level,
      tsNsec: line.tsNsec ?? 0n,
      callerId: line.callerId ?? 0
    },
    { syslog: true, time: line.tsNsec !== null, caller: line.callerId !== null }
  );
  const out = new Uint8Array(prefix.length + line.text.length + 1);
  for (let i = 0; i < prefix.length; i++) out[i] = prefix.charCodeAt(i);
  out.set(line.text, prefix.length);
  out[out.length - 1] = 0x0a;
  return out;
}
