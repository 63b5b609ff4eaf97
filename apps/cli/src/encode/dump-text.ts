/**
 * A --dmesg FILE as pstore_dump() would have produced it: the
 * "<Reason>#<count> Part<n>" line it writes first, then kernel log lines.
 * Only the newest log lines can end up in a dump (kmsg_dump_get_buffer()
 * fills the dump buffer from the newest end), so the file is read once,
 * keeping its first line and a window of its last bytes as large as the
 * dump buffer, and counting its lines; the rest is never held in memory.
 * Kernel counterpart: fs/pstore/platform.c pstore_dump() (the header line
 * "%s#%d Part%u\n") and kmsg_dump_reason_str().
 */
import { kmsgDumpReasons, type KernelVersion, type KmsgDumpReasonInfo } from '@pstore/kmsg';
import { countNewlines } from './dump-lines.ts';
import { InputFile, TailWindow } from './input-file.ts';

/** Longest header line pstore_dump() can print: "Emergency#2147483647 Part4294967295\n". */
const HEADER_MAX = 40;

export interface DumpText {
  readonly path: string;
  /** Bytes in the file. */
  readonly length: number;
  /** The file's first byte, or null for an empty file. */
  readonly first: number | null;
  /** The header line pstore_dump() writes before the log ("Panic#1 Part1\n"), or empty. */
  readonly header: Uint8Array;
  /** The reason whose string starts the first line ("Panic#…"), or null. */
  readonly headerReason: KmsgDumpReasonInfo | null;
  /** The log after the header line: its length. */
  readonly bodyLength: number;
  /** The last bytes of the log (at most the window asked for). */
  readonly tail: Uint8Array;
  /** Newlines in the whole log (for counting the lines left out). */
  readonly bodyNewlines: number;
  /** Length of the log's last line (with its newline, if it has one). */
  readonly newestLine: number;
}

/** Counts the lines of a stream and measures its last one. */
class LineCounter {
  newlines = 0;
  /** Bytes after the last newline seen. */
  #open = 0;
  /** Length of the line the last newline ended. */
  #closed = 0;

  push(bytes: Uint8Array): void {
    const last = bytes.lastIndexOf(0x0a);
    if (last < 0) {
      this.#open += bytes.length;
      return;
    }
    this.newlines += countNewlines(bytes);
    const before = bytes.lastIndexOf(0x0a, last - 1);
    this.#closed = before < 0 ? this.#open + last + 1 : last - before;
    this.#open = bytes.length - last - 1;
  }

  get newestLine(): number {
    return this.#open > 0 ? this.#open : this.#closed;
  }
}

const decoder = new TextDecoder('latin1');

/** "Panic#1 Part1\n" with a reason string of `version`'s era, as a byte length, or 0. */
function headerLength(head: Uint8Array, reasons: readonly KmsgDumpReasonInfo[]): number {
  const m = /^([A-Za-z]+)#\d{1,10} Part\d{1,10}\n/.exec(decoder.decode(head));
  return m && reasons.some((r) => r.str === m[1]) ? m[0].length : 0;
}

/**
 * Reads `path`. `windowFor(headerLength)` says how many of the log's last
 * bytes could possibly be kept (it depends on the header, which takes room
 * in the dump buffer).
 * @throws CliError when the file cannot be read.
 */
export function readDumpText(
  path: string,
  version: KernelVersion,
  windowFor: (headerLength: number) => number
): DumpText {
  const reasons = kmsgDumpReasons(version);
  const file = InputFile.open(path, '--dmesg file');
  try {
    // Collect the first bytes (a pipe may deliver them in small reads).
    let head = new Uint8Array(0);
    let chunk = file.read();
    while (chunk && head.length < HEADER_MAX) {
      const next = new Uint8Array(head.length + chunk.length);
      next.set(head, 0);
      next.set(chunk, head.length);
      head = next;
      chunk = head.length < HEADER_MAX ? file.read() : null;
    }
    const hlen = headerLength(head.subarray(0, HEADER_MAX), reasons);
    const firstLine = decoder.decode(head.subarray(0, HEADER_MAX));
    const headerReason = reasons.find((r) => firstLine.startsWith(`${r.str}#`)) ?? null;
    const window = new TailWindow(Math.max(0, windowFor(hlen)));
    const lines = new LineCounter();
    const body = head.subarray(hlen);
    window.push(body);
    lines.push(body);
    for (let c = file.read(); c; c = file.read()) {
      window.push(c);
      lines.push(c);
    }
    return {
      path,
      length: hlen + window.total,
      first: head.length ? head[0]! : null,
      header: head.slice(0, hlen),
      headerReason,
      bodyLength: window.total,
      tail: window.bytes().slice(),
      bodyNewlines: lines.newlines,
      newestLine: lines.newestLine
    };
  } finally {
    file.close();
  }
}
