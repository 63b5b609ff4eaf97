/**
 * The reference for the printk ring's storage: records as objects in an
 * array, exactly the accounting of printk-ringbuffer.ts (it was that file
 * before the storage moved into typed arrays). The property test in
 * ringbuffer-reference.test.ts drives both with the same calls and compares
 * every answer; keep the two in step when the accounting changes.
 */
import { checkInt, KmsgError } from '../src/errors.ts';
import type { DevPrintkInfo, PrintkRecord } from '../src/record.ts';

/** Size of a data block's id word on a 64-bit kernel; also the block alignment. */
const PRB_ID_BYTES = 8;
/** log2 of the average record size the descriptor count is sized for (PRB_AVGBITS). */
const PRB_AVGBITS = 5;

/** Data-ring bytes a reservation of `reserveSize` text bytes takes (to_blk_size()). */
function textBlockSize(reserveSize: number): number {
  if (reserveSize === 0) return 0;
  return Math.ceil((reserveSize + PRB_ID_BYTES) / PRB_ID_BYTES) * PRB_ID_BYTES;
}

/** Metadata of a new record, fixed at reservation. */
export interface PrbRecordInfo {
  readonly tsNsec: bigint;
  readonly facility: number;
  readonly level: number;
  readonly callerId: number;
  readonly devInfo: DevPrintkInfo | null;
}

interface PrbEntry {
  readonly seq: number;
  readonly info: PrbRecordInfo;
  text: Uint8Array;
  flags: number;
  /** Logical data-ring positions [blkBegin, blkNext) of the text block; −1, −1 if none. */
  blkBegin: number;
  blkNext: number;
  /** The reader-visible snapshot, set when the record is finalized. */
  record: PrintkRecord | null;
}

/** Descriptor slots allocated at first; doubled as records arrive, up to descCount. */
const FIRST_SLOTS = 256;

/** The record storage behind PrintkRing. */
export class ReferencePrintkRingbuffer {
  readonly logBufLen: number;
  readonly descCount: number;
  // The descriptor ring: record seq lives in slot seq & (slots.length − 1),
  // for seq in [#firstSeq, #nextSeq). The slots grow (by doubling, to at
  // most descCount) instead of being allocated whole: log_buf_len may be
  // 2 GiB, 64 M descriptors. Records leave by advancing #firstSeq: no array
  // is shifted or compacted per printk.
  #slots: (PrbEntry | null)[] = [];
  #firstSeq = 0;
  #nextSeq = 0;
  #headLpos = 0;
  #tailLpos = 0;

  /** @param logBufLen data ring size in bytes: a power of two, 4 KiB (LOG_BUF_SHIFT 12) .. 2 GiB. */
  constructor(logBufLen: number) {
    checkInt('log_buf_len', logBufLen, 4096, 2 ** 31);
    if ((logBufLen & (logBufLen - 1)) !== 0) {
      throw new KmsgError('EINVAL', `log_buf_len ${logBufLen} is not a power of two`);
    }
    this.logBufLen = logBufLen;
    this.descCount = logBufLen >> PRB_AVGBITS;
    this.#slots = new Array<PrbEntry | null>(Math.min(FIRST_SLOTS, this.descCount)).fill(null);
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
    const last = this.#last();
    return last && last.record === null ? last.seq : this.#nextSeq;
  }

  /** Data-ring bytes in use, from the oldest block to the head. */
  get dataBytes(): number {
    return this.#headLpos - this.#tailLpos;
  }

  /** Number of stored records (including an open one). */
  get count(): number {
    return this.#nextSeq - this.#firstSeq;
  }

  /** The newest stored entry, if any. */
  #last(): PrbEntry | null {
    return this.#nextSeq > this.#firstSeq ? this.#slot(this.#nextSeq - 1) : null;
  }

  #slot(seq: number): PrbEntry | null {
    return this.#slots[seq & (this.#slots.length - 1)]!;
  }

  /** Doubles the slots (at most descCount), keeping every stored record at its new slot. */
  #grow(): void {
    const slots = new Array<PrbEntry | null>(this.#slots.length * 2).fill(null);
    for (let seq = this.#firstSeq; seq < this.#nextSeq; seq++) {
      slots[seq & (slots.length - 1)] = this.#slot(seq);
    }
    this.#slots = slots;
  }

  /**
   * The record at `seq`, or the oldest one after it if `seq` was overwritten;
   * null if no finalized record is at or after `seq` (prb_read_valid()).
   */
  read(seq: number): PrintkRecord | null {
    const s = Math.max(seq, this.#firstSeq);
    return s < this.#nextSeq ? this.#slot(s)!.record : null;
  }

  /** The open (not yet finalized) newest record's caller id, or null if there is none. */
  openCallerId(): number | null {
    const last = this.#last();
    return last && last.record === null ? last.info.callerId : null;
  }

  /**
   * Reserves a new record with `text` (already stripped) and finalizes the
   * previous one if it was open. Returns the records finalized by this call,
   * in sequence order.
   */
  reserve(
    info: PrbRecordInfo,
    text: Uint8Array,
    flags: number,
    reserveSize: number,
    final: boolean
  ): PrintkRecord[] {
    const done: PrintkRecord[] = [];
    const prev = this.#last();
    if (prev && prev.record === null) done.push(this.#finalize(prev));
    while (this.count >= this.descCount) this.#dropOldest();
    if (this.count === this.#slots.length) this.#grow();
    const e: PrbEntry = {
      seq: this.#nextSeq,
      info,
      text,
      flags,
      blkBegin: -1,
      blkNext: -1,
      record: null
    };
    const size = textBlockSize(reserveSize);
    if (size > 0) this.#allocBlock(this.#headLpos, size, e);
    this.#slots[this.#nextSeq++ & (this.#slots.length - 1)] = e;
    if (final) done.push(this.#finalize(e));
    return done;
  }

  /**
   * Appends `text` to the open newest record if it belongs to `callerId` and
   * the grown reservation (old text + `reserveSize`) stays within `maxSize`.
   * `addFlags` are OR-ed into the record's flags. Returns null if the record
   * cannot be extended, else the records finalized (the extended one when `final`).
   */
  extendLast(
    callerId: number,
    text: Uint8Array,
    reserveSize: number,
    maxSize: number,
    addFlags: number,
    final: boolean
  ): PrintkRecord[] | null {
    const e = this.#last();
    if (!e || e.record !== null || e.info.callerId !== callerId) return null;
    const grown = e.text.length + reserveSize;
    if (grown > maxSize) return null;
    const size = textBlockSize(grown);
    if (e.blkBegin < 0) {
      this.#allocBlock(this.#headLpos, size, e);
    } else {
      const want = this.#nextLpos(e.blkBegin, size);
      if (want > e.blkNext) {
        this.#pushTail(want, e);
        e.blkNext = want;
        this.#headLpos = want;
      }
    }
    const joined = new Uint8Array(e.text.length + text.length);
    joined.set(e.text);
    joined.set(text, e.text.length);
    e.text = joined;
    e.flags |= addFlags;
    return final ? [this.#finalize(e)] : [];
  }

  #finalize(e: PrbEntry): PrintkRecord {
    // Readers share this object; PrintkRecord's fields are readonly. Not
    // Object.freeze(): on a record per line, V8 sometimes gave the frozen
    // objects slow maps, and the direct printk path ran at half speed
    // (#finalize 10× slower, twice the garbage collection) in such runs.
    const rec: PrintkRecord = {
      seq: e.seq,
      tsNsec: e.info.tsNsec,
      facility: e.info.facility,
      level: e.info.level,
      flags: e.flags,
      callerId: e.info.callerId,
      text: e.text,
      devInfo: e.info.devInfo
    };
    e.record = rec;
    return rec;
  }

  /** End position of a block of `size` bytes starting at `lpos` (get_next_lpos()). */
  #nextLpos(lpos: number, size: number): number {
    const n = this.logBufLen;
    const next = lpos + size;
    if (Math.floor(lpos / n) === Math.floor((next - 1) / n)) return next;
    // Would straddle the end: the block moves to the start of the next wrap.
    return Math.floor(next / n) * n + size;
  }

  /** Gives `owner` the block of `size` bytes at `begin` (data_alloc()). */
  #allocBlock(begin: number, size: number, owner: PrbEntry): void {
    const next = this.#nextLpos(begin, size);
    this.#pushTail(next, owner);
    this.#headLpos = next;
    owner.blkBegin = begin;
    owner.blkNext = next;
  }

  /** Drops the oldest records until a block ending at `next` fits (data_push_tail()). */
  #pushTail(next: number, keep: PrbEntry): void {
    while (next - this.#tailLpos > this.logBufLen) {
      const oldest = this.count > 0 ? this.#slot(this.#firstSeq) : null;
      if (oldest === null || oldest === keep) {
        // PrintkRing caps records at a quarter of the ring, so this is a bug.
        throw new Error(`BUG: printk block needs ${next - this.#tailLpos} bytes of the ring`);
      }
      this.#dropOldest();
    }
  }

  #dropOldest(): void {
    if (this.count === 0) return;
    const i = this.#firstSeq++ & (this.#slots.length - 1);
    const e = this.#slots[i]!;
    this.#slots[i] = null;
    if (e.blkNext >= 0) this.#tailLpos = e.blkNext;
    if (this.count === 0) this.#tailLpos = this.#headLpos;
  }
}
