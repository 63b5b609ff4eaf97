/**
 * The lines of a `kmsg.printk` message: a list of strings, or (for bulk
 * traffic) one string with the end of each line. The joined form crosses a
 * port as one string instead of thousands, and the kmsg worker hands it to
 * the ring whole (PrintkRing.printkLines()), which encodes many lines at
 * once: no string per line is cloned, cut or kept alive while the batch is
 * stored (measured on the board's path of 4096 lines a message: 3–11 %
 * faster than a list, 7 of 8 paired runs; the ring's joined encoding a
 * further 4 %, 992 → 1035 k lines/s, 7 of 8 paired runs).
 * Kernel counterpart: none (the printk() calls of a batch, in order).
 */
import { KmsgError } from '../errors.ts';

/** Lines joined: line i is text.slice(ends[i − 1], ends[i]) (from 0 for i = 0). */
export interface PrintkLines {
  readonly text: string;
  /** Where each line ends in `text`, in UTF-16 code units (a string index), ascending. */
  readonly ends: Uint32Array;
}

/** Where a message's lines are printk()ed: the ring (PrintkRing has both). */
export interface PrintkLineSink {
  printk(line: string): unknown;
  /** printk() of each line of `text`, as joinPrintkLines() joined them. */
  printkLines(text: string, ends: Uint32Array): unknown;
}

/** The joined form of `lines`, for a `kmsg.printk` that carries many. */
export function joinPrintkLines(lines: readonly string[]): PrintkLines {
  const ends = new Uint32Array(lines.length);
  let at = 0;
  for (let i = 0; i < lines.length; i++) {
    at += lines[i]!.length;
    ends[i] = at;
  }
  return { text: lines.join(''), ends };
}

/**
 * printk()s each line of a message into `sink`, in order: its `lines`, or
 * the lines its `text` and `ends` hold.
 * @throws KmsgError EINVAL for a message of neither form, and for ends that
 *   go back, pass the text or leave some of it in no line, before the first
 *   line (nothing is printed from a malformed message).
 */
export function forEachPrintkLine(
  message: { readonly lines: readonly string[] } | PrintkLines,
  sink: PrintkLineSink
): void {
  if ('lines' in message && Array.isArray(message.lines)) {
    for (const line of message.lines as readonly string[]) sink.printk(line);
    return;
  }
  const { text, ends } = message as Partial<PrintkLines>;
  // A message from another worker is data: say what is wrong with its shape.
  if (typeof text !== 'string' || !(ends instanceof Uint32Array)) {
    throw new KmsgError(
      'EINVAL',
      'kmsg.printk carries neither lines[] nor a text and its ends (a Uint32Array)'
    );
  }
  let last = 0;
  for (let i = 0; i < ends.length; i++) {
    const end = ends[i]!;
    if (end < last || end > text.length) {
      throw new KmsgError(
        'EINVAL',
        `kmsg.printk: line ${i} ends at ${end}, ${end < last ? `before the previous line's end ${last}` : `past the text's ${text.length} characters`}`
      );
    }
    last = end;
  }
  if (last !== text.length) {
    throw new KmsgError(
      'EINVAL',
      `kmsg.printk: ${text.length - last} of the text's ${text.length} characters are in no line (the last ends at ${last})`
    );
  }
  sink.printkLines(text, ends);
}
