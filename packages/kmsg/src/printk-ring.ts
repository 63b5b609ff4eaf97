/**
 * The printk log: printk()/pr_cont()/vprintk_emit() and /dev/kmsg writes store
 * records here; readers (consoles, kmsg dumpers, syslog, /dev/kmsg) read the
 * finalized ones. Owns the global printk state that readers share: printk.time,
 * CONFIG_PRINTK_CALLER, clear_seq (dmesg -C) and syslog_seq (/proc/kmsg).
 *
 * Kernel counterpart: kernel/printk/printk.c vprintk_emit(), vprintk_store(),
 * printk_sprint(), devkmsg_write(), syslog_clear(), and the readers'
 * prb_read_valid()/prb_first_valid_seq()/prb_next_seq().
 */
import { checkInt, KmsgError } from './errors.ts';
import { cString, cStringLength, mayHoldNewline } from './printk-c-string.ts';
import { parseDevkmsgPrefix } from './devkmsg-write.ts';
import {
  KERN_CONT,
  LOG_CONT,
  LOG_NEWLINE,
  LOGLEVEL_DEFAULT,
  MESSAGE_LOGLEVEL_DEFAULT,
  parsePrefix
} from './kern-levels.ts';
import { MAX_EXACT_NSEC } from './print-line-bytes.ts';
import {
  checkLogBufLen,
  PrintkRingbuffer,
  type PrbRecordInfo,
  type PrintkRecordSink
} from './printk-ringbuffer.ts';
import {
  CONSOLE_LOG_MAX,
  LOG_BUF_LEN_DEFAULT,
  PREFIX_MAX,
  PREFIX_MAX_CALLER,
  type PrintkListener,
  type PrintkOptions,
  type PrintkLineReader,
  type PrintkRingOptions
} from './printk-config.ts';
import type { PrintTextOptions } from './record-print-text.ts';
import type { PrintkRecord } from './record.ts';

const encoder = new TextEncoder();
type Mutable<T> = { -readonly [K in keyof T]: T[K] };
/** KERN_SOH, the byte every KERN_* prefix starts with. */
const SOH = 0x01;
const U64_MAX = (1n << 64n) - 1n;
/**
 * Characters of joined lines printkLines() encodes at once: ~250 lines of
 * the usual length a call (the area's bytes are allocated with every ring).
 */
const JOINED_CHARS = 16384;
/**
 * Listeners replaced, not changed, on (un)subscribe: a delivery in
 * progress keeps the list it started with.
 */
class Listeners<F> {
  list: readonly F[] = [];

  /** Adds `listener` (once); returns the function that removes it. */
  add(listener: F): () => void {
    if (!this.list.includes(listener)) this.list = [...this.list, listener];
    return () => {
      this.list = this.list.filter((l) => l !== listener);
    };
  }
}

/** The printk ring buffer with printk()'s store path and the readers' view. */
export class PrintkRing implements PrintkLineReader {
  /** printk.time; may be changed at run time like /sys/module/printk/parameters/time. */
  printkTime: boolean;
  readonly printkCaller: boolean;
  readonly defaultMessageLoglevel: number;
  readonly recordMax: number;
  readonly callerId: number;
  readonly #prb: PrintkRingbuffer;
  readonly #clock: () => bigint | number;
  readonly #listeners = new Listeners<PrintkListener>();
  readonly #storeListeners = new Listeners<() => void>();
  readonly #finalizeListeners = new Listeners<(seq: number) => void>();
  /**
   * Records finalized and not yet delivered, oldest first, when a record
   * listener wants them (each made as it is finalized, so that later printks
   * from listeners cannot change what it says); else null for each.
   */
  readonly #pending: (PrintkRecord | null)[] = [];
  /**
   * Entries of #pending in use: the list is kept and written over, not
   * made again per printk (a new array per line was a quarter of what the
   * kernel worker allocated, measured with V8's sampling heap profiler).
   */
  #pendingCount = 0;
  #notifying = false;
  /**
   * The metadata handed to the storage: filled per record, never kept by it
   * (reserve() copies the fields into its columns), so one object serves.
   */
  readonly #info: Mutable<PrbRecordInfo> = {
    tsNsec: 0,
    facility: 0,
    level: 0,
    callerId: 0,
    devInfo: null
  };
  #clearSeq = 0;
  #syslogSeq = 0;

  constructor(options: PrintkRingOptions = {}) {
    const logBufLen = options.logBufLen ?? LOG_BUF_LEN_DEFAULT;
    this.printkTime = options.printkTime ?? true;
    this.printkCaller = options.printkCaller ?? false;
    this.defaultMessageLoglevel = options.defaultMessageLoglevel ?? MESSAGE_LOGLEVEL_DEFAULT;
    checkInt('default_message_loglevel', this.defaultMessageLoglevel, 0, 7);
    const prefixMax = this.printkCaller ? PREFIX_MAX_CALLER : PREFIX_MAX;
    this.recordMax = options.recordMax ?? CONSOLE_LOG_MAX - prefixMax;
    checkLogBufLen(logBufLen);
    // A record may not take more than a quarter of the ring (truncate_msg()).
    checkInt('recordMax (LOG_LINE_MAX)', this.recordMax, 2, logBufLen / 4);
    // Texts are encoded into the ring's scratch area: recordMax − 1 bytes
    // are kept, one more is looked at for the newline, and a UTF-8
    // character that does not fit at the end leaves up to 3 bytes unused.
    // line() prints into an area of its own: a one-line record's text takes
    // at most recordMax − 1 bytes, its prefix ("<2047>[9007199.254740] ") 23.
    // printkLines() encodes up to JOINED_CHARS characters of lines at once.
    this.#prb = new PrintkRingbuffer(
      logBufLen,
      this.recordMax + 3,
      this.recordMax + 32,
      JOINED_CHARS
    );
    this.callerId = options.callerId ?? 0;
    checkInt('callerId', this.callerId, 0, 0xffffffff);
    if (options.clock) {
      this.#clock = options.clock;
    } else {
      // Nanoseconds since the ring was made, as a number (a BigInt per
      // printk costs the path an allocation). `performance` is read once:
      // Node's global is a getter, ~8 ns a read.
      const perf = performance;
      const t0 = perf.now();
      this.#clock = () => Math.round((perf.now() - t0) * 1e6);
    }
  }

  /** Data ring size in bytes. */
  get logBufLen(): number {
    return this.#prb.logBufLen;
  }
  /** Number of descriptors (log_buf_len >> 5): the most records the ring holds. */
  get descCount(): number {
    return this.#prb.descCount;
  }
  /** Data-ring bytes the stored records take (see printk-ringbuffer.ts). */
  get dataBytes(): number {
    return this.#prb.dataBytes;
  }
  /** Seq of the oldest record still stored (prb_first_valid_seq()). */
  get firstSeq(): number {
    return this.#prb.firstSeq;
  }
  /** Seq after the newest finalized record (prb_next_seq()). */
  get nextSeq(): number {
    return this.#prb.nextSeq;
  }
  /** First record shown after the last "dmesg -C"/"dmesg -c" (clear_seq). */
  get clearSeq(): number {
    return this.#clearSeq;
  }
  /** Next record for syslog(SYSLOG_ACTION_READ) / /proc/kmsg (syslog_seq). */
  get syslogSeq(): number {
    return this.#syslogSeq;
  }

  /** The finalized record at `seq`, or the oldest one after it if `seq` is gone; else null. */
  read(seq: number): PrintkRecord | null {
    return this.#prb.read(seq);
  }

  /** Finalized records from `from` (default: the oldest) to the newest. */
  *records(from: number = this.firstSeq): Generator<PrintkRecord> {
    for (let r = this.read(from); r; r = this.read(r.seq + 1)) yield r;
  }

  /** SYSLOG_ACTION_CLEAR ("dmesg -C"): later dumps and reads start after today's newest. */
  clear(): void {
    this.#clearSeq = this.nextSeq;
  }

  /** Sets clear_seq (syslog_print_all() with clear does this). */
  setClearSeq(seq: number): void {
    checkInt('clear_seq', seq, 0, Number.MAX_SAFE_INTEGER);
    this.#clearSeq = seq;
  }

  /** Reads the next record for /proc/kmsg (advancing syslog_seq), or null when none is new. */
  syslogReadRecord(): PrintkRecord | null {
    const r = this.read(this.#syslogSeq);
    if (r) this.#syslogSeq = r.seq + 1;
    return r;
  }

  /** Calls `listener` for each record finalized from now on. Returns the unsubscribe function. */
  subscribe(listener: PrintkListener): () => void {
    return this.#listeners.add(listener);
  }

  /**
   * Calls `listener` (with no record) after each record finalized from now
   * on, in the same order and nesting as subscribe()'s listeners: the
   * console layer's wake-up (vprintk_emit() → console_unlock()), which then
   * reads the ring itself. Returns the unsubscribe function.
   */
  subscribeStores(listener: () => void): () => void {
    return this.#storeListeners.add(listener);
  }

  /**
   * Calls `listener` with the seq of each record as it is finalized, before
   * any listener hears of it (so the record is still in the ring, whatever
   * listeners print): a copy is taken then with copyRecord(). A listener
   * must not printk. Returns the unsubscribe function.
   */
  subscribeFinalized(listener: (seq: number) => void): () => void {
    return this.#finalizeListeners.add(listener);
  }

  /** copyRecord() of the ring's storage: the stored record `seq`, its text in place. */
  copyRecord(seq: number, sink: PrintkRecordSink): void {
    this.#prb.copyRecord(seq, sink);
  }

  /** The seq read(seq) would return a record of (seq, or the oldest after it), or −1. */
  validSeq(seq: number): number {
    return this.#prb.validSeq(seq);
  }

  /** The level of the stored record `seq` (a seq validSeq() gave). */
  levelAt(seq: number): number {
    return this.#prb.levelAt(seq);
  }

  /**
   * The stored record `seq` (a seq validSeq() gave) printed as one line, made
   * from the ring in place, in a buffer of the ring's that the next call
   * reuses (copy what you keep); null when recordPrintText() of read(seq)
   * must print it (several lines, a caller id, a time past 2^53 ns, no room).
   */
  line(seq: number, opts: PrintTextOptions, bufSize: number): Uint8Array | null {
    return this.#prb.line(seq, opts, bufSize);
  }

  /**
   * printk(): a kernel message (facility 0) whose level and continuation come
   * from leading KERN_* prefixes. Returns the stored text length.
   * @example ring.printk(KERN_ERR + 'disk on fire\n')
   */
  printk(text: string | Uint8Array, options?: PrintkOptions): number {
    return this.vprintkEmit(0, LOGLEVEL_DEFAULT, text, options);
  }

  /** pr_cont(): continues the caller's open record (or starts a LOG_CONT one). */
  prCont(text: string, options?: PrintkOptions): number {
    return this.printk(KERN_CONT + text, options);
  }

  /**
   * vprintk_emit()/vprintk_store(): stores one message. A trailing newline is
   * stripped and completes the record; without it the record stays open for
   * KERN_CONT fragments of the same caller until another record is stored.
   * Text is cut at the first NUL and at recordMax − 1 bytes, as printk does.
   * @param level 0..7, or LOGLEVEL_DEFAULT (−1) to take it from a KERN_* prefix.
   */
  vprintkEmit(
    facility: number,
    level: number,
    text: string | Uint8Array,
    options?: PrintkOptions
  ): number {
    // The text's bytes: the caller's array, or a string's UTF-8 in the scratch area.
    const str = typeof text === 'string' ? cString(text) : text;
    const src = typeof str === 'string' ? this.#prb.scratch : str;
    return this.#store(
      facility,
      level,
      src,
      0,
      cStringLength(str, src),
      mayHoldNewline(str),
      options
    );
  }

  /**
   * printk() of each line of `text`: line i is text.slice(ends[i − 1],
   * ends[i]) (from 0 for i = 0), the joined lines of a `kmsg.printk`
   * message. The records are those of printk() line by line; the text is
   * encoded JOINED_CHARS characters at a time instead of line by line, and
   * no string is cut per line (an encoding and a cut cost a line ~80 ns, and
   * each made garbage). Lines of other characters than ASCII, lines with
   * KERN_* prefixes and very long lines take printk()'s own path.
   * @throws RangeError when the ends go back or pass the text.
   */
  printkLines(text: string, ends: Uint32Array): void {
    // Nothing is stored from ends that are not lines of the text.
    for (let k = 0, last = 0; k < ends.length; last = ends[k++]!) {
      if (ends[k]! < last || ends[k]! > text.length) {
        throw new RangeError(
          `line ${k} ends at ${ends[k]}, not within [${last}, ${text.length}] of the text`
        );
      }
    }
    const area = this.#prb.joined;
    let i = 0;
    let from = 0;
    // The next NUL and newline at or after the line looked at (−2: not
    // looked for yet, −1: none): each character is searched once.
    let nul = -2;
    let nl = -2;
    while (i < ends.length) {
      let j = i;
      while (j < ends.length && ends[j]! - from <= area.length) j++;
      if (j === i) {
        // One line longer than the area.
        this.printk(text.slice(from, ends[i]));
        from = ends[i++]!;
        continue;
      }
      const to = ends[j - 1]!;
      const { read, written } = encoder.encodeInto(text.slice(from, to), area);
      const ascii = read === to - from && written === to - from;
      for (let start = from; i < j; i++) {
        const end = ends[i]!;
        if (!ascii || (end > start && text.charCodeAt(start) === SOH)) {
          // Characters of more than one byte (encoded line by line, as
          // printk() does: a lone surrogate at a line's end stays one) or
          // KERN_* prefixes (parsed from the text's start).
          this.printk(text.slice(start, end));
          start = end;
          continue;
        }
        if (nul !== -1 && nul < start) nul = text.indexOf('\0', start);
        const len = nul >= start && nul < end ? nul - start : end - start;
        if (nl !== -1 && nl < start) nl = text.indexOf('\n', start);
        // No newline, or only as the last byte (printk strips it).
        const newline = nl < 0 || nl >= start + len - 1 ? false : null;
        this.#store(0, LOGLEVEL_DEFAULT, area, start - from, len, newline, undefined);
        start = end;
      }
      from = to;
    }
  }

  /**
   * vprintk_store() of `src[start, start + len)`, the message's bytes up to
   * its NUL: `newline` false where they hold no newline but maybe their last
   * byte, null where the record must look.
   */
  #store(
    facility: number,
    level: number,
    src: Uint8Array,
    start: number,
    len: number,
    newline: false | null,
    options: PrintkOptions | undefined
  ): number {
    checkInt('facility', facility, 0, 255);
    checkInt('level', level, LOGLEVEL_DEFAULT, 7);
    const tsNsec = this.#now();
    const callerId = options?.callerId ?? this.callerId;
    checkInt('callerId', callerId, 0, 0xffffffff);
    const devInfo = options?.devInfo ?? null;
    const reserveSize = Math.min(len + 1, this.recordMax);

    let lflags = 0;
    // Every KERN_* prefix starts with SOH: a text that does not has none
    // (nearly every line), and neither parse below can find one.
    // (A text with prefixes starts at 0: printkLines() hands those to printk().)
    const prefixed = facility === 0 && len > 0 && src[start] === SOH;
    if (prefixed) {
      // Level and KERN_CONT are read from the first 7 bytes only (prefix_buf[8]).
      const p = parsePrefix(src, Math.min(7, len));
      if (level === LOGLEVEL_DEFAULT) level = p.level;
      if (p.cont) lflags |= LOG_CONT;
    }
    if (level === LOGLEVEL_DEFAULT) level = this.defaultMessageLoglevel;
    if (devInfo) lflags |= LOG_NEWLINE;

    // printk_sprint(): truncate, mark and strip one trailing newline, strip
    // prefixes. The body is src[from, end): no view of it is made.
    let end = start + Math.min(len, reserveSize - 1);
    if (end > start && src[end - 1] === 0x0a) {
      end--;
      lflags |= LOG_NEWLINE;
    }
    const from = prefixed ? parsePrefix(src, end).prefixLen : start;
    const final = (lflags & LOG_NEWLINE) !== 0;

    if (lflags & LOG_CONT) {
      const extended = this.#prb.extendLast(
        callerId,
        src,
        from,
        end,
        reserveSize,
        this.recordMax,
        lflags & LOG_NEWLINE,
        final,
        newline
      );
      if (extended >= 0) {
        this.#notify(extended);
        return end - from;
      }
    }
    const info = this.#info;
    info.tsNsec = tsNsec;
    info.facility = facility;
    info.level = level & 7;
    info.callerId = callerId;
    info.devInfo = devInfo;
    this.#notify(
      this.#prb.reserve(info, src, from, end, lflags & 0x1f, reserveSize, final, newline)
    );
    return end - from;
  }

  /**
   * devkmsg_write(): a write(2) to /dev/kmsg. A leading "<N>" sets level N & 7
   * and, if non-zero, facility (N >> 3) & 0xff; the default is LOG_USER at
   * default_message_loglevel. Returns the byte count written.
   * @throws KmsgError EINVAL when the write is longer than recordMax bytes.
   */
  devkmsgWrite(data: string | Uint8Array): number {
    const bytes = typeof data === 'string' ? encoder.encode(data) : data;
    if (bytes.length > this.recordMax) {
      throw new KmsgError(
        'EINVAL',
        `/dev/kmsg write of ${bytes.length} bytes exceeds LOG_LINE_MAX (${this.recordMax})`
      );
    }
    const { facility, level, line } = parseDevkmsgPrefix(bytes, this.defaultMessageLoglevel);
    this.vprintkEmit(facility, level, line);
    return bytes.length;
  }

  /** local_clock(): a number below 2^53 ns, else a bigint. */
  #now(): number | bigint {
    const t = this.#clock();
    if (typeof t === 'number' && t >= 0 && t <= Number.MAX_SAFE_INTEGER) return Math.trunc(t);
    const ns = typeof t === 'bigint' ? t : BigInt(Math.trunc(t));
    if (ns < 0n || ns > U64_MAX) {
      throw new KmsgError('EINVAL', `clock returned ${ns} ns, outside 0..2^64-1`);
    }
    return ns <= MAX_EXACT_NSEC ? Number(ns) : ns;
  }

  /**
   * Delivers the `finalized` records just finalized (the last ones before
   * nextSeq) and any queued before; nested printk from a listener is
   * queued, not re-entered.
   */
  #notify(finalized: number): void {
    const pending = this.#pending;
    const wantRecords = this.#listeners.list.length > 0;
    const next = this.#prb.nextSeq;
    for (let seq = next - finalized; seq < next; seq++) {
      for (const l of this.#finalizeListeners.list) l(seq);
      pending[this.#pendingCount++] = wantRecords ? this.#prb.read(seq) : null;
    }
    if (this.#notifying) return;
    this.#notifying = true;
    let first: unknown = null;
    let failed = false;
    try {
      // Listeners may printk: their records join `pending` and are delivered in this loop.
      for (let i = 0; i < this.#pendingCount; i++) {
        const record = pending[i]!;
        if (record) {
          for (const l of this.#listeners.list) {
            try {
              l(record);
            } catch (e) {
              if (!failed) [failed, first] = [true, e];
            }
          }
        }
        for (const l of this.#storeListeners.list) {
          try {
            l();
          } catch (e) {
            if (!failed) [failed, first] = [true, e];
          }
        }
      }
    } finally {
      // The entries are written over by later printks (records stay
      // referenced until then: a burst's worth at most).
      this.#pendingCount = 0;
      this.#notifying = false;
    }
    if (failed) throw first;
  }
}
