/**
 * The common console and dump line — one line of text, "<N>" and/or
 * "[%5lu.%06lu] " before it, no caller id — written straight into its bytes:
 * digits by arithmetic, no prefix string, one allocation. Every printk line
 * of every console, and every line of every dump, is one of these; the
 * string formatting of record-print-text.ts stays the reference (and handles
 * the rest: several lines, caller ids, times past 2^53 ns).
 * Kernel counterpart: kernel/printk/printk.c info_print_prefix() and
 * record_print_text() for a record without newlines.
 */
import type { PrintTextOptions } from './record-print-text.ts';
import type { PrintkRecord } from './record.ts';

/** Times below this many ns are exact in a double. */
export const MAX_EXACT_NSEC = BigInt(Number.MAX_SAFE_INTEGER);
const SPACE = 0x20;
const ZERO = 0x30;

function decimalDigits(v: number): number {
  let n = 1;
  while (v >= 10) {
    v = Math.floor(v / 10);
    n++;
  }
  return n;
}

/** "000" … "999": three digits at 3v. */
const THOUSANDS = Uint8Array.from({ length: 3000 }, (_, i) => {
  const v = Math.floor(i / 3);
  return (
    ZERO + (i % 3 === 0 ? Math.floor(v / 100) : i % 3 === 1 ? Math.floor(v / 10) % 10 : v % 10)
  );
});

/** Writes `v` (0..999) as three digits; returns the next position. */
function putThousands(out: Uint8Array, at: number, v: number): number {
  out[at] = THOUSANDS[3 * v]!;
  out[at + 1] = THOUSANDS[3 * v + 1]!;
  out[at + 2] = THOUSANDS[3 * v + 2]!;
  return at + 3;
}

/** Writes `v` in decimal, left-padded with `pad` to `width`; returns the next position. */
function putDecimal(out: Uint8Array, at: number, v: number, width: number, pad: number): number {
  const digits = decimalDigits(v);
  for (let i = digits; i < width; i++) out[at++] = pad;
  for (let i = at + digits - 1; i >= at; i--) {
    const q = Math.floor(v / 10);
    out[i] = ZERO + v - q * 10;
    v = q;
  }
  return at + digits;
}

/** The fields of a record a line is made of: its text is `data[at, at + len)`. */
export interface LineSource {
  readonly facility: number;
  readonly level: number;
  /** local_clock() in ns, as a number: exact below 2^53 (callers give larger times to recordPrintText). */
  readonly tsNsec: number;
  readonly data: Uint8Array;
  readonly at: number;
  readonly len: number;
  /** The text has a newline (then it is not a one-line record); undefined: look. */
  readonly multiline?: boolean;
}

/**
 * The formatted line, or null when the record is not the common kind (a
 * newline in its text, a caller id to print, a time of 2^53 ns or more) or
 * does not fit `bufSize` with its newline and NUL.
 */
export function printOneLine(
  rec: PrintkRecord,
  opts: PrintTextOptions,
  bufSize: number
): Uint8Array | null {
  if (rec.tsNsec > MAX_EXACT_NSEC) return null;
  const text = rec.text;
  return printLine(
    {
      facility: rec.facility,
      level: rec.level,
      tsNsec: Number(rec.tsNsec),
      data: text,
      at: 0,
      len: text.length
    },
    opts,
    bufSize
  );
}

/**
 * The length of the prefix printLine() puts before a text ("<N>" and/or
 * "[%5lu.%06lu] "), or −1 when the record is not of the kind it prints
 * (a caller id to print, a time of 2^53 ns or more).
 */
export function linePrefixLength(
  facility: number,
  level: number,
  tsNsec: number,
  opts: PrintTextOptions
): number {
  if (opts.caller || !(tsNsec <= Number.MAX_SAFE_INTEGER)) return -1;
  let n = opts.syslog ? 2 + decimalDigits((facility << 3) | level) : 0;
  // "[" sec "." usec "]" " ": sec takes at least 5 columns.
  if (opts.time) n += Math.max(5, decimalDigits(Math.floor(tsNsec / 1e9))) + 10;
  return n;
}

/** Writes the prefix linePrefixLength() measured at out[o]; returns the next position. */
export function putLinePrefix(
  out: Uint8Array,
  o: number,
  facility: number,
  level: number,
  tsNsec: number,
  opts: PrintTextOptions
): number {
  if (opts.syslog) {
    out[o++] = 0x3c; // <
    o = putDecimal(out, o, (facility << 3) | level, 0, ZERO);
    out[o++] = 0x3e; // >
  }
  if (opts.time) {
    // Exact below 2^53 ns: sec < 2^24, where the quotient's ulp is under
    // 1e-9, so ns / 1e9 never rounds up to the next second.
    const sec = Math.floor(tsNsec / 1e9);
    const usec = Math.floor((tsNsec - sec * 1e9) / 1000);
    out[o++] = 0x5b; // [
    o = putDecimal(out, o, sec, 5, SPACE);
    out[o++] = 0x2e; // .
    o = putThousands(out, putThousands(out, o, Math.floor(usec / 1000)), usec % 1000);
    out[o++] = 0x5d; // ]
    out[o++] = SPACE;
  }
  return o;
}

/**
 * The length of `src`'s line with its newline, or −1 when printLine() does
 * not print it: not the common kind (a caller id, a time of 2^53 ns or
 * more, a newline in the text) or too long for `bufSize` with its NUL.
 */
function lineLength(src: LineSource, opts: PrintTextOptions, bufSize: number): number {
  const { data, at, len } = src;
  const prefixLen = linePrefixLength(src.facility, src.level, src.tsNsec, opts);
  if (prefixLen < 0 || prefixLen + len + 2 > bufSize) return -1;
  if (src.multiline ?? new Uint8Array(data.buffer, data.byteOffset + at, len).includes(0x0a)) {
    return -1;
  }
  return prefixLen + len + 1;
}

/** Writes `src`'s line (lineLength() bytes) at out[0]. */
function putLine(out: Uint8Array, src: LineSource, opts: PrintTextOptions): void {
  const { data, at, len } = src;
  const o = putLinePrefix(out, 0, src.facility, src.level, src.tsNsec, opts);
  // Short texts byte by byte; else set() of a view made by the constructor
  // (~39 ns: subarray() looks up the species, set() of one ~57).
  if (len <= 32) for (let k = 0; k < len; k++) out[o + k] = data[at + k]!;
  else out.set(new Uint8Array(data.buffer, data.byteOffset + at, len), o);
  out[o + len] = 0x0a;
}

/**
 * printOneLine() of a record read in place (the printk ring's data ring):
 * the same bytes, with no copy of the text before the line is made.
 */
export function printLine(
  src: LineSource,
  opts: PrintTextOptions,
  bufSize: number
): Uint8Array | null {
  const n = lineLength(src, opts, bufSize);
  if (n < 0) return null;
  const out = new Uint8Array(n);
  putLine(out, src, opts);
  return out;
}

/**
 * Prints the common one-line record into one buffer it keeps, as the
 * kernel's console prints every record into one static buffer: for a reader
 * whose texts are not in a printk ring (the console actor's window of
 * kmsg's batches). The view print() returns holds the line until the next
 * call; views are made once per line length. Null where printLine() gives
 * null (then print recordPrintText() of the record).
 */
export class LinePrinter {
  /** Grown to the longest line printed so far (views of the old one are dropped). */
  #area = new Uint8Array(0);
  #views: (Uint8Array | undefined)[] = [];

  print(src: LineSource, opts: PrintTextOptions, bufSize: number): Uint8Array | null {
    const n = lineLength(src, opts, bufSize);
    if (n < 0) return null;
    if (n > this.#area.length) {
      this.#area = new Uint8Array(Math.max(n, 2 * this.#area.length));
      this.#views = [];
    }
    putLine(this.#area, src, opts);
    let v = this.#views[n];
    if (v === undefined) v = this.#views[n] = this.#area.subarray(0, n);
    return v;
  }
}
