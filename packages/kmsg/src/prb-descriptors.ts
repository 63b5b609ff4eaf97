/**
 * The printk ring's descriptors, as columns of typed arrays indexed by
 * seq & (length − 1): each record's time, facility, level, flags, caller,
 * text length and data-block positions, with no object per record.
 * Kernel counterpart: kernel/printk/printk_ringbuffer.h struct prb_desc and
 * struct printk_info.
 */
import type { DevPrintkInfo } from './record.ts';

/** Descriptor slots allocated at first; doubled as records arrive, up to descCount. */
export const FIRST_SLOTS = 256;

/** The descriptor ring's columns; record seq is at index seq & (length − 1). */
export class Descriptors {
  /**
   * local_clock() of each record: in tsNum when below 2^53 ns (exact there,
   * and read with no BigInt made: the console prints from it), else NaN
   * there and the value in tsBig.
   */
  readonly tsNum: Float64Array;
  readonly tsBig: BigUint64Array;
  /** facility, level, flags, callerId of a slot at [4i, 4i + 4). */
  readonly meta: Uint32Array;
  readonly textLen: Uint32Array;
  /** 1 when the text holds a newline (found as it is stored, so printing need not look). */
  readonly multiline: Uint8Array;
  /** Logical data-ring positions [blkBegin, blkNext) of the text block; −1, −1 if none. */
  readonly blkBegin: Float64Array;
  readonly blkNext: Float64Array;
  /** dev_printk() dictionaries (almost always null). */
  readonly devInfo: (DevPrintkInfo | null)[];

  constructor(readonly length: number) {
    this.tsNum = new Float64Array(length);
    this.tsBig = new BigUint64Array(length);
    this.meta = new Uint32Array(4 * length);
    this.textLen = new Uint32Array(length);
    this.multiline = new Uint8Array(length);
    this.blkBegin = new Float64Array(length).fill(-1);
    this.blkNext = new Float64Array(length).fill(-1);
    this.devInfo = new Array<DevPrintkInfo | null>(length).fill(null);
  }

  /** Copies slot `from` of `src` into slot `to` of this one. */
  copySlot(src: Descriptors, from: number, to: number): void {
    this.tsNum[to] = src.tsNum[from]!;
    this.tsBig[to] = src.tsBig[from]!;
    this.meta.set(src.meta.subarray(4 * from, 4 * from + 4), 4 * to);
    this.textLen[to] = src.textLen[from]!;
    this.multiline[to] = src.multiline[from]!;
    this.blkBegin[to] = src.blkBegin[from]!;
    this.blkNext[to] = src.blkNext[from]!;
    this.devInfo[to] = src.devInfo[from]!;
  }
}

/** Where a slot's flags and caller id sit among its four meta words. */
export const FLAGS = 2;
export const CALLER = 3;
