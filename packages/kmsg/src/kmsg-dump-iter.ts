/**
 * The iterator a kmsg dumper reads the log with. rewind() opens the window
 * [clear_seq, newest]; getBuffer() then hands out the NEWEST whole records
 * that fit, oldest first inside the buffer, and shrinks the window so the
 * next call returns the block just before; getLine() walks oldest to newest.
 * Kernel counterpart: struct kmsg_dump_iter (include/linux/kmsg_dump.h),
 * kmsg_dump_rewind(), kmsg_dump_get_buffer(), kmsg_dump_get_line()
 * (kernel/printk/printk.c, 5.13+; the same rules as 5.10's dumper fields).
 */
import { checkInt } from './errors.ts';
import { findFirstFittingSeq } from './find-first-fitting-seq.ts';
import type { PrintkReader } from './printk-config.ts';
import { recordPrintText, type PrintTextOptions } from './record-print-text.ts';

/** A dump iterator over a printk ring. */
export class KmsgDumpIter {
  readonly #ring: PrintkReader;
  #curSeq = 0;
  #nextSeq = 0;

  /** Creates an iterator already rewound. */
  constructor(ring: PrintkReader) {
    this.#ring = ring;
    this.rewind();
  }

  /** Oldest record still to dump. */
  get curSeq(): number {
    return this.#curSeq;
  }

  /** One past the newest record still to dump. */
  get nextSeq(): number {
    return this.#nextSeq;
  }

  /** kmsg_dump_rewind(): window = [clear_seq, seq after the newest finalized record). */
  rewind(): void {
    this.#curSeq = this.#ring.clearSeq;
    this.#nextSeq = this.#ring.nextSeq;
  }

  #opts(syslog: boolean): PrintTextOptions {
    return { syslog, time: this.#ring.printkTime, caller: this.#ring.printkCaller };
  }

  /**
   * kmsg_dump_get_line(): the oldest record not yet read (formatted, cut to a
   * `size`-byte buffer that also holds a NUL), moving towards the newest.
   * Unlike getBuffer() it is not bounded by the window's end.
   * @returns the line (possibly empty if it did not fit), or null when no record is left.
   */
  getLine(size: number, syslog: boolean): Uint8Array | null {
    checkInt('line size', size, 0, Number.MAX_SAFE_INTEGER);
    const min = this.#ring.clearSeq;
    if (this.#curSeq < min) this.#curSeq = min;
    const r = this.#ring.read(this.#curSeq);
    if (!r) return null;
    this.#curSeq = r.seq + 1;
    return recordPrintText(r, this.#opts(syslog), size);
  }

  /**
   * kmsg_dump_get_buffer(): the newest not-yet-returned whole records whose
   * formatted text fits a `size`-byte buffer. The kernel keeps one byte for
   * the NUL that record_print_text() writes, so the text is at most
   * size − 1 bytes. Records are never split.
   *
   * Returns null (the kernel's false) when size is 0 or the window is empty.
   * If even the newest remaining record does not fit, returns an EMPTY array
   * (the kernel's true with length 0) and the window does not move, exactly
   * as printk.c does; callers must not loop on that forever.
   */
  getBuffer(size: number, syslog: boolean): Uint8Array | null {
    checkInt('buffer size', size, 0, Number.MAX_SAFE_INTEGER);
    if (size === 0) return null;
    const min = this.#ring.clearSeq;
    if (this.#curSeq < min) this.#curSeq = min;
    // Records that were overwritten since rewind(): start at the oldest left.
    const first = this.#ring.read(this.#curSeq);
    if (first && first.seq !== this.#curSeq) this.#curSeq = first.seq;
    if (this.#curSeq >= this.#nextSeq) return null;

    const opts = this.#opts(syslog);
    const start = findFirstFittingSeq(this.#ring, this.#curSeq, this.#nextSeq, size - 1, opts);
    const parts: Uint8Array[] = [];
    let len = 0;
    for (
      let r = this.#ring.read(start);
      r && r.seq < this.#nextSeq;
      r = this.#ring.read(r.seq + 1)
    ) {
      const text = recordPrintText(r, opts, size - len);
      parts.push(text);
      len += text.length;
    }
    this.#nextSeq = start;

    const out = new Uint8Array(len);
    let o = 0;
    for (const p of parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  }
}
