/**
 * Storage of printk records with the kernel's space accounting: a text data
 * ring of log_buf_len bytes plus log_buf_len/32 descriptors. Records are
 * dropped oldest first when either runs out. Only the newest record can still
 * be open (committed but not finalized) and grow by continuation.
 *
 * Accounting, as in the lockless ring buffer (5.10+), for a 64-bit kernel:
 * - a record reserves `reserveSize` bytes of text (the formatted length + 1,
 *   capped by the caller) and takes a data block of ALIGN(reserveSize + 8, 8)
 *   bytes (an 8-byte block id precedes the text); empty text takes no block;
 * - blocks never straddle the end of the ring: a block that would is placed at
 *   the start of the next wrap, and the skipped tail bytes count as its own;
 * - a continuation regrows the newest block in place (same begin position).
 * Deviation: the kernel can invalidate a data block without retiring its
 * descriptor (a readable gap); here records always leave in sequence order.
 *
 * Storage, as the kernel's: the texts live in a data ring of log_buf_len
 * bytes, each after its block's 8-byte id (a block that would straddle the
 * end sits at the ring's start), and the descriptors in columns of typed
 * arrays indexed by seq. Nothing per record outlives its printk call on the
 * JavaScript heap: readers get a fresh PrintkRecord with a copy of the text,
 * or (line()) the printed line made from the ring in place.
 * (Records as objects, thousands alive at a time, made a third of the
 * printk path's time garbage collection.)
 *
 * Kernel counterpart: kernel/printk/printk_ringbuffer.c (prb_reserve(),
 * prb_reserve_in_last(), prb_final_commit(), data_alloc(), data_realloc(),
 * get_next_lpos(), data_push_tail(), desc_push_tail(), prb_read_valid()).
 */
import { checkInt, KmsgError } from './errors.ts';
import { linePrefixLength, printLine, putLinePrefix } from './print-line-bytes.ts';
import type { PrintTextOptions } from './record-print-text.ts';
import { CALLER, Descriptors, FIRST_SLOTS, FLAGS } from './prb-descriptors.ts';
import type { DevPrintkInfo, PrintkRecord } from './record.ts';

/** Size of a data block's id word on a 64-bit kernel; also the block alignment. */
const PRB_ID_BYTES = 8;
/** log2 of the average record size the descriptor count is sized for (PRB_AVGBITS). */
const PRB_AVGBITS = 5;

/** Data-ring bytes a reservation of `reserveSize` text bytes takes (to_blk_size()). */
function textBlockSize(reserveSize: number): number {
  if (reserveSize === 0) return 0;
  return Math.ceil((reserveSize + PRB_ID_BYTES) / PRB_ID_BYTES) * PRB_ID_BYTES;
}

/** What copyRecord() hands a record to. */
export interface PrintkRecordSink {
  record(
    seq: number,
    tsNsec: number | bigint,
    facility: number,
    level: number,
    flags: number,
    callerId: number,
    devInfo: DevPrintkInfo | null,
    data: Uint8Array,
    at: number,
    len: number,
    /** The text holds a newline (found when it was stored). */
    multiline: boolean
  ): void;
}

/** Metadata of a new record, fixed at reservation. */
export interface PrbRecordInfo {
  /** A number when below 2^53 ns (104 days), else a bigint. */
  readonly tsNsec: number | bigint;
  readonly facility: number;
  readonly level: number;
  readonly callerId: number;
  readonly devInfo: DevPrintkInfo | null;
}

/** @throws KmsgError EINVAL unless `logBufLen` is a power of two in 4 KiB .. 2 GiB. */
export function checkLogBufLen(logBufLen: number): void {
  checkInt('log_buf_len', logBufLen, 4096, 2 ** 31);
  if ((logBufLen & (logBufLen - 1)) !== 0) {
    throw new KmsgError('EINVAL', `log_buf_len ${logBufLen} is not a power of two`);
  }
}

/** The record storage behind PrintkRing. */
export class PrintkRingbuffer {
  readonly logBufLen: number;
  /**
   * 1 / logBufLen, exact (a power of two): which wrap a logical position is
   * in is a multiplication, not a division (two to four a printk).
   */
  readonly #perLen: number;
  readonly descCount: number;
  readonly #data: Uint8Array;
  /**
   * Where a writer formats a text before storing it: the bytes after the
   * data ring in the same buffer, so that storing it is one copyWithin()
   * (~14 ns for a line) and no view of it is made (a subarray() and set()
   * cost ~55 ns).
   */
  readonly scratch: Uint8Array;
  /**
   * Where a writer encodes many texts at once (PrintkRing.printkLines()),
   * after the line area: each is then stored as one from the scratch area.
   */
  readonly joined: Uint8Array;
  /** The data ring and the areas after it: the view copyWithin() moves text in. */
  readonly #all: Uint8Array;
  /** Where line() prints, after the scratch area. */
  readonly #lineAt: number;
  /** Views of the line area by length, made as lines of each length are printed. */
  readonly #lineViews: (Uint8Array | undefined)[] = [];
  #desc: Descriptors;
  /** Records in [#firstSeq, #nextSeq) are stored; the newest is open while #open. */
  #firstSeq = 0;
  #nextSeq = 0;
  #open = false;
  #headLpos = 0;
  #tailLpos = 0;

  /**
   * @param logBufLen data ring size in bytes: a power of two, 4 KiB (LOG_BUF_SHIFT 12) .. 2 GiB.
   * @param scratchBytes size of {@link scratch}.
   * @param lineBytes size of the area line() prints in (a longer line gets a buffer of its own).
   * @param joinedBytes size of {@link joined}.
   */
  constructor(logBufLen: number, scratchBytes = 0, lineBytes = 0, joinedBytes = 0) {
    checkLogBufLen(logBufLen);
    this.logBufLen = logBufLen;
    this.#perLen = 1 / logBufLen;
    this.descCount = logBufLen >> PRB_AVGBITS;
    checkInt('scratchBytes', scratchBytes, 0, logBufLen);
    checkInt('lineBytes', lineBytes, 0, logBufLen);
    checkInt('joinedBytes', joinedBytes, 0, 1 << 20);
    const joinedAt = logBufLen + scratchBytes + lineBytes;
    this.#all = new Uint8Array(joinedAt + joinedBytes);
    this.#data = this.#all.subarray(0, logBufLen);
    this.#lineAt = logBufLen + scratchBytes;
    this.scratch = this.#all.subarray(logBufLen, this.#lineAt);
    this.joined = this.#all.subarray(joinedAt);
    this.#desc = new Descriptors(Math.min(FIRST_SLOTS, this.descCount));
  }

  /** Seq of the oldest record still stored (finalized or not), or nextReserveSeq if empty. */
  get firstSeq(): number {
    return this.#firstSeq;
  }

  /** Seq the next reserved record will get. */
  get nextReserveSeq(): number {
    return this.#nextSeq;
  }

  /** Seq after the newest finalized record (prb_next_seq()). */
  get nextSeq(): number {
    return this.#open ? this.#nextSeq - 1 : this.#nextSeq;
  }

  /** Data-ring bytes in use, from the oldest block to the head. */
  get dataBytes(): number {
    return this.#headLpos - this.#tailLpos;
  }

  /** Number of stored records (including an open one). */
  get count(): number {
    return this.#nextSeq - this.#firstSeq;
  }

  #slot(seq: number): number {
    return seq & (this.#desc.length - 1);
  }

  /** Doubles the descriptor columns (at most descCount), every stored record at its new slot. */
  #grow(): void {
    const old = this.#desc;
    const desc = new Descriptors(old.length * 2);
    for (let seq = this.#firstSeq; seq < this.#nextSeq; seq++) {
      desc.copySlot(old, seq & (old.length - 1), seq & (desc.length - 1));
    }
    this.#desc = desc;
  }

  /** Where slot i's text starts in the data ring: after the block's id word. */
  #textAt(i: number): number {
    const begin = this.#desc.blkBegin[i]!;
    const next = this.#desc.blkNext[i]!;
    const wrap = Math.floor(begin * this.#perLen);
    // A block that would have straddled the end was placed at the ring's start.
    const moved = wrap !== Math.floor((next - 1) * this.#perLen);
    return (moved ? 0 : begin - wrap * this.logBufLen) + PRB_ID_BYTES;
  }

  /** A reader's copy of the stored record at `seq`. */
  /** Slot i's time: a number below 2^53 ns, else the bigint beside it. */
  #tsAt(i: number): number | bigint {
    const ts = this.#desc.tsNum[i]!;
    return Number.isNaN(ts) ? this.#desc.tsBig[i]! : ts;
  }

  #record(seq: number): PrintkRecord {
    const i = this.#slot(seq);
    const d = this.#desc;
    const len = d.textLen[i]!;
    const at = len ? this.#textAt(i) : 0;
    const ts = this.#tsAt(i);
    return {
      seq,
      tsNsec: typeof ts === 'number' ? BigInt(ts) : ts,
      facility: d.meta[4 * i]!,
      level: d.meta[4 * i + 1]!,
      flags: d.meta[4 * i + FLAGS]!,
      callerId: d.meta[4 * i + CALLER]!,
      text: this.#data.slice(at, at + len),
      devInfo: d.devInfo[i]!
    };
  }

  /**
   * The record at `seq`, or the oldest one after it if `seq` was overwritten;
   * null if no finalized record is at or after `seq` (prb_read_valid()).
   */
  read(seq: number): PrintkRecord | null {
    const s = this.validSeq(seq);
    return s < 0 ? null : this.#record(s);
  }

  /** The seq read(seq) would return a record of (seq, or the oldest after it), or −1. */
  validSeq(seq: number): number {
    const s = Math.max(seq, this.#firstSeq);
    return s < this.nextSeq ? s : -1;
  }

  /**
   * Hands the stored record `seq` to `sink` with its text in place
   * (`data[at, at + len)`): nothing is made for it. Its time is a number
   * below 2^53 ns, else a bigint.
   */
  copyRecord(seq: number, sink: PrintkRecordSink): void {
    const i = this.#slot(seq);
    const d = this.#desc;
    const len = d.textLen[i]!;
    sink.record(
      seq,
      this.#tsAt(i),
      d.meta[4 * i]!,
      d.meta[4 * i + 1]!,
      d.meta[4 * i + FLAGS]!,
      d.meta[4 * i + CALLER]!,
      d.devInfo[i]!,
      this.#data,
      len ? this.#textAt(i) : 0,
      len,
      d.multiline[i] === 1
    );
  }

  /** The stored record `seq`'s level (a seq validSeq() gave). */
  levelAt(seq: number): number {
    return this.#desc.meta[4 * this.#slot(seq) + 1]!;
  }

  /**
   * The stored record `seq` as printOneLine() prints it, made in the line
   * area after the scratch area, as the kernel's console prints into one
   * static buffer: the prefix written there and the text moved in by
   * copyWithin() (no record, no new buffer, no view of the text). The view
   * returned holds the line until the next call. Null when the record is
   * not the common one-line kind or does not fit `bufSize` with its newline
   * and NUL (read() it and use recordPrintText).
   */
  line(seq: number, opts: PrintTextOptions, bufSize: number): Uint8Array | null {
    const i = this.#slot(seq);
    const d = this.#desc;
    const len = d.textLen[i]!;
    const facility = d.meta[4 * i]!;
    const level = d.meta[4 * i + 1]!;
    const ts = d.tsNum[i]!;
    const prefixLen = linePrefixLength(facility, level, ts, opts);
    if (prefixLen < 0 || d.multiline[i] === 1 || prefixLen + len + 2 > bufSize) return null;
    const base = this.#lineAt;
    const all = this.#all;
    if (base + prefixLen + len + 1 > all.length) {
      // A line longer than the area (a ring made without one): a buffer of its own.
      const at = len ? this.#textAt(i) : 0;
      const src = { facility, level, tsNsec: ts, data: this.#data, at, len, multiline: false };
      return printLine(src, opts, bufSize);
    }
    const o = putLinePrefix(all, base, facility, level, ts, opts);
    if (len) all.copyWithin(o, this.#textAt(i), this.#textAt(i) + len);
    all[o + len] = 0x0a;
    return this.#lineView(o + len + 1 - base);
  }

  /**
   * The line area's first `n` bytes. A line always starts at the area's
   * start, so the view of each length is made once and kept (making one
   * cost every printed line ~27 ns); the caller already gets bytes that
   * the next line() overwrites.
   */
  #lineView(n: number): Uint8Array {
    let v = this.#lineViews[n];
    if (v === undefined) {
      const all = this.#all;
      v = this.#lineViews[n] = new Uint8Array(all.buffer, all.byteOffset + this.#lineAt, n);
    }
    return v;
  }

  /** The open (not yet finalized) newest record's caller id, or null if there is none. */
  openCallerId(): number | null {
    return this.#open ? this.#desc.meta[4 * this.#slot(this.#nextSeq - 1) + CALLER]! : null;
  }

  /**
   * Reserves a new record with text `src[from, to)` (already stripped) and
   * finalizes the previous one if it was open. Returns how many records this
   * call finalized: they are the last ones before nextSeq (at most this one
   * and the one before), so no list of them is made. `newline` false: the
   * caller knows the text holds no newline (else the bytes are looked at).
   */
  reserve(
    info: PrbRecordInfo,
    src: Uint8Array,
    from: number,
    to: number,
    flags: number,
    reserveSize: number,
    final: boolean,
    newline: false | null = null
  ): number {
    let done = 0;
    if (this.#open) {
      this.#open = false;
      done++;
    }
    while (this.count >= this.descCount) this.#dropOldest();
    if (this.count === this.#desc.length) this.#grow();
    const seq = this.#nextSeq;
    const i = this.#slot(seq);
    const d = this.#desc;
    const ts = info.tsNsec;
    if (typeof ts === 'number') {
      d.tsNum[i] = ts;
    } else {
      d.tsNum[i] = NaN;
      d.tsBig[i] = ts;
    }
    d.meta[4 * i] = info.facility;
    d.meta[4 * i + 1] = info.level;
    d.meta[4 * i + FLAGS] = flags;
    d.meta[4 * i + CALLER] = info.callerId;
    d.devInfo[i] = info.devInfo;
    d.blkBegin[i] = -1;
    d.blkNext[i] = -1;
    d.textLen[i] = 0;
    d.multiline[i] = 0;
    // The slot is not counted as stored until its block is taken: taking it
    // may push out every older record (never this one, which is not yet in).
    const size = textBlockSize(reserveSize);
    if (size > 0) this.#allocBlock(this.#headLpos, size, seq);
    this.#nextSeq++;
    this.#storeText(i, 0, src, from, to, size, newline);
    this.#open = !final;
    return final ? done + 1 : done;
  }

  /**
   * Appends `src[from, to)` to the open newest record if it belongs to
   * `callerId` and the grown reservation (old text + `reserveSize`) stays
   * within `maxSize`. `addFlags` are OR-ed into the record's flags. Returns
   * −1 if the record cannot be extended; else how many records were
   * finalized (1 when `final`: this one, the last before nextSeq).
   */
  extendLast(
    callerId: number,
    src: Uint8Array,
    from: number,
    to: number,
    reserveSize: number,
    maxSize: number,
    addFlags: number,
    final: boolean,
    newline: false | null = null
  ): number {
    if (this.openCallerId() !== callerId) return -1;
    const seq = this.#nextSeq - 1;
    const i = this.#slot(seq);
    const d = this.#desc;
    const oldLen = d.textLen[i]!;
    const grown = oldLen + reserveSize;
    if (grown > maxSize) return -1;
    const size = textBlockSize(grown);
    const was = oldLen ? this.#textAt(i) : 0;
    if (d.blkBegin[i]! < 0) {
      this.#allocBlock(this.#headLpos, size, seq);
    } else {
      const want = this.#nextLpos(d.blkBegin[i]!, size);
      if (want > d.blkNext[i]!) {
        this.#pushTail(want, seq);
        d.blkNext[i] = want;
        this.#headLpos = want;
      }
    }
    // data_realloc(): a block that now straddles the end moved to the ring's start.
    const now = this.#textAt(i);
    if (oldLen && now !== was) this.#data.copyWithin(now, was, was + oldLen);
    this.#storeText(i, oldLen, src, from, to, size, newline);
    d.meta[4 * i + FLAGS]! |= addFlags;
    if (!final) return 0;
    this.#open = false;
    return 1;
  }

  /**
   * Appends `src[from, to)` to slot i's text (at `oldLen`) inside its block
   * of `size` bytes; marks the slot multiline if the text holds a newline
   * (not looked for when `newline` is false).
   */
  #storeText(
    i: number,
    oldLen: number,
    src: Uint8Array,
    from: number,
    to: number,
    size: number,
    newline: false | null
  ): void {
    const n = to - from;
    if (n <= 0) return;
    if (oldLen + n > size - PRB_ID_BYTES) {
      // PrintkRing reserves at least the text's length + 1, so this is a bug.
      throw new Error(`BUG: printk text of ${oldLen + n} bytes in a block of ${size}`);
    }
    const at = this.#textAt(i) + oldLen;
    if (src === this.scratch || src === this.joined) {
      // An area of this buffer (the ring's own views start at offset 0).
      const base = src.byteOffset - this.#all.byteOffset;
      this.#all.copyWithin(at, base + from, base + to);
    } else {
      const whole = from === 0 && to === src.length;
      this.#data.set(whole ? src : new Uint8Array(src.buffer, src.byteOffset + from, n), at);
    }
    this.#desc.textLen[i] = oldLen + n;
    if (newline === false) return;
    // A loop: indexOf() on a typed array costs more for a line's bytes.
    const data = this.#data;
    const end = at + n;
    let k = at;
    while (k < end && data[k] !== 0x0a) k++;
    if (k < end) this.#desc.multiline[i] = 1;
  }

  /** End position of a block of `size` bytes starting at `lpos` (get_next_lpos()). */
  #nextLpos(lpos: number, size: number): number {
    const per = this.#perLen;
    const next = lpos + size;
    if (Math.floor(lpos * per) === Math.floor((next - 1) * per)) return next;
    // Would straddle the end: the block moves to the start of the next wrap.
    return Math.floor(next * per) * this.logBufLen + size;
  }

  /** Gives record `seq` the block of `size` bytes at `begin` (data_alloc()). */
  #allocBlock(begin: number, size: number, seq: number): void {
    const next = this.#nextLpos(begin, size);
    this.#pushTail(next, seq);
    this.#headLpos = next;
    const i = this.#slot(seq);
    this.#desc.blkBegin[i] = begin;
    this.#desc.blkNext[i] = next;
  }

  /** Drops the oldest records until a block ending at `next` fits (data_push_tail()). */
  #pushTail(next: number, keep: number): void {
    while (next - this.#tailLpos > this.logBufLen) {
      if (this.count === 0 || this.#firstSeq === keep) {
        // PrintkRing caps records at a quarter of the ring, so this is a bug.
        throw new Error(`BUG: printk block needs ${next - this.#tailLpos} bytes of the ring`);
      }
      this.#dropOldest();
    }
  }

  #dropOldest(): void {
    if (this.count === 0) return;
    const i = this.#slot(this.#firstSeq++);
    const d = this.#desc;
    if (d.blkNext[i]! >= 0) this.#tailLpos = d.blkNext[i]!;
    d.devInfo[i] = null;
    if (this.count === 0) {
      this.#tailLpos = this.#headLpos;
      this.#open = false;
    }
  }
}
