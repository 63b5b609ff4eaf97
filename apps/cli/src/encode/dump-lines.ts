/**
 * Which lines of a dump text the kernel keeps: the text's lines are handed
 * to the kmsg package's model of kmsg_dump_get_buffer() as printk records,
 * one record a line, printed without a prefix (each line already carries the
 * "<N>[time]" prefix the kernel printed). kmsg_dump_get_buffer() returns the
 * NEWEST whole records whose text fits the buffer less one byte for the NUL,
 * never a part of a record; pstore_dump() asks it for (dump buffer − header
 * line) bytes. The "− 1" holds on every supported kernel: before "printk: Do
 * not lose last line in kmsg buffer dump" (5.3, sent to the stable trees back
 * to 3.5) a text of exactly that size lost its newest line instead.
 * Kernel counterpart: kernel/printk/printk.c kmsg_dump_get_buffer(),
 * find_first_fitting_seq().
 */
import { KmsgDumpIter, type PrintkReader, type PrintkRecord } from '@pstore/kmsg';

/** Newlines in `bytes`: lines, for the notes on what was left out. */
export function countNewlines(bytes: Uint8Array): number {
  let n = 0;
  for (let i = bytes.indexOf(0x0a); i >= 0; i = bytes.indexOf(0x0a, i + 1)) n++;
  return n;
}

/** The whole lines of a window onto the end of a text. */
export interface TextLines {
  readonly bytes: Uint8Array;
  /** Offset in `bytes` of each whole line, oldest first. */
  readonly starts: readonly number[];
}

/**
 * The whole lines in `tail`, the last bytes of a text. Its first line counts
 * only when `tail` is the whole text: otherwise it may have begun earlier.
 */
export function textLines(tail: Uint8Array, isWholeText: boolean): TextLines {
  const starts: number[] = [];
  if (isWholeText && tail.length > 0) starts.push(0);
  for (let nl = tail.indexOf(0x0a); nl >= 0 && nl + 1 < tail.length;) {
    starts.push(nl + 1);
    nl = tail.indexOf(0x0a, nl + 1);
  }
  return { bytes: tail, starts };
}

/** Line `i` without its newline: the text of the printk record it stands for. */
function lineText(lines: TextLines, i: number): Uint8Array {
  const from = lines.starts[i]!;
  const to = lines.starts[i + 1] ?? lines.bytes.length;
  const end = to > from && lines.bytes[to - 1] === 0x0a ? to - 1 : to;
  return lines.bytes.subarray(from, end);
}

/** The lines as a printk ring that a dump iterator can read: records 0..n−1. */
function linesAsRing(lines: TextLines): PrintkReader {
  const n = lines.starts.length;
  return {
    printkTime: false,
    printkCaller: false,
    clearSeq: 0,
    firstSeq: 0,
    nextSeq: n,
    read(seq: number): PrintkRecord | null {
      if (seq < 0 || seq >= n) return null;
      return {
        seq,
        tsNsec: 0n,
        facility: 0,
        level: 0,
        flags: 0,
        callerId: 0,
        text: lineText(lines, seq),
        devInfo: null
      };
    }
  };
}

/** What kmsg_dump_get_buffer(…, size) returns for these lines. */
export type FittingLines =
  /** No line at all: the kernel's false (pstore_dump() stores nothing). */
  | { readonly kind: 'empty' }
  /** Not even the newest line fits: the kernel's true with length 0. */
  | { readonly kind: 'none-fit'; readonly newestLine: number }
  /** Lines `first`… fit; `first` is an index into TextLines.starts. */
  | { readonly kind: 'fit'; readonly first: number };

/**
 * kmsg_dump_get_buffer(syslog=true) into a buffer of `size` bytes. A last
 * line without a newline is counted with one, as the kernel prints every
 * record with one.
 */
export function newestLinesThatFit(lines: TextLines, size: number): FittingLines {
  if (lines.starts.length === 0) return { kind: 'empty' };
  const iter = new KmsgDumpIter(linesAsRing(lines));
  // syslog=false only because the "<N>" prefix is already part of each line.
  const text = iter.getBuffer(size, false);
  if (text === null) return { kind: 'empty' };
  if (text.length === 0) {
    const last = lines.starts[lines.starts.length - 1]!;
    return { kind: 'none-fit', newestLine: lines.bytes.length - last };
  }
  return { kind: 'fit', first: iter.nextSeq };
}
