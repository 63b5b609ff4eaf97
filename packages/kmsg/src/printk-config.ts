/**
 * Configuration and read-side types of the printk ring: the kernel's size
 * constants, the options a PrintkRing is built with (the CONFIG_* and boot
 * parameters printk honours), and the reader interface dumps and consoles use.
 * Kernel counterpart: the CONFIG_LOG_BUF_SHIFT/PRINTK_TIME/PRINTK_CALLER
 * settings and the CONSOLE_LOG_MAX/PREFIX_MAX/LOG_LINE_MAX macros of
 * kernel/printk/printk.c (6.1).
 */
import type { DevPrintkInfo, PrintkRecord } from './record.ts';
import type { PrintTextOptions } from './record-print-text.ts';

/** CONSOLE_LOG_MAX: the largest formatted record (prefixes included) in 6.1. */
export const CONSOLE_LOG_MAX = 1024;
/** PREFIX_MAX without / with CONFIG_PRINTK_CALLER. */
export const PREFIX_MAX = 32;
export const PREFIX_MAX_CALLER = 48;
/** Default ring size: CONFIG_LOG_BUF_SHIFT=17 (128 KiB). */
export const LOG_BUF_LEN_DEFAULT = 1 << 17;

/** Options of a {@link PrintkRing}; every field has the kernel's default. */
export interface PrintkRingOptions {
  /** local_clock(): ns since boot. Default: a monotonic clock starting at 0 now. */
  readonly clock?: () => bigint | number;
  /** Data ring bytes (log_buf_len): power of two, 4 KiB..2 GiB. Default 128 KiB. */
  readonly logBufLen?: number;
  /** printk.time: print "[    s.us]" in front of lines. Default true. */
  readonly printkTime?: boolean;
  /** CONFIG_PRINTK_CALLER: print "[  T123]" and "caller=" fields. Default false. */
  readonly printkCaller?: boolean;
  /** default_message_loglevel. Default 4. */
  readonly defaultMessageLoglevel?: number;
  /**
   * LOG_LINE_MAX: the most bytes one printk() may reserve, NUL included.
   * Default CONSOLE_LOG_MAX − PREFIX_MAX (992, or 976 with the caller), as in
   * 6.1; 6.2+ kernels use 1024 (PRINTKRB_RECORD_MAX).
   */
  readonly recordMax?: number;
  /** Caller id of printk calls that name none. Default 0 ("T0", the boot task). */
  readonly callerId?: number;
}

/** Per-call options of printk()-like calls. */
export interface PrintkOptions {
  /** The calling task/CPU (see caller-id.ts); default: the ring's callerId. */
  readonly callerId?: number;
  /** dev_printk() dictionary; forces the record to be complete. */
  readonly devInfo?: DevPrintkInfo;
}

/** Called once per record when it becomes visible to readers (finalized), in seq order. */
export type PrintkListener = (record: PrintkRecord) => void;

/** The read side other modules (dump iterator, consoles) need. */
export interface PrintkReader {
  readonly printkTime: boolean;
  readonly printkCaller: boolean;
  readonly clearSeq: number;
  readonly firstSeq: number;
  readonly nextSeq: number;
  read(seq: number): PrintkRecord | null;
}

/** What the console layer reads the ring through: records in place, no copies. */
export interface PrintkLineReader extends PrintkReader {
  /** The seq read(seq) would return a record of, or −1 (no record made). */
  validSeq(seq: number): number;
  /** The level of the stored record `seq` (a seq validSeq() gave). */
  levelAt(seq: number): number;
  /**
   * The stored record `seq` printed as one line straight from the ring, or
   * null when recordPrintText() of read(seq) must print it. The line may be
   * a view of a buffer the next call reuses: copy what you keep.
   */
  line(seq: number, opts: PrintTextOptions, bufSize: number): Uint8Array | null;
}
