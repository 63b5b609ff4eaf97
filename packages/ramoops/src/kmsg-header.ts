/**
 * The ramoops dmesg header line `====<sec>.<usec>-<C|D>\n` that opens every dump zone: the
 * writer for each kernel era, and a byte-exact emulation of the kernel's reader, quirks
 * included (the reader decides where the payload starts, so a wrong length corrupts records).
 *
 * Kernel counterpart: fs/pstore/ram.c ramoops_write_kmsg_hdr(), ramoops_read_kmsg_hdr(); the
 * parsing rules come from lib/vsprintf.c vsscanf(), lib/kstrtox.c _parse_integer() (what
 * simple_strtoull() runs) and the isspace() table in lib/ctype.c.
 */
import { RamCoreError } from '@pstore/ram-core';

/** ABI: the magic that opens a dump zone (RAMOOPS_KERNMSG_HDR). */
const RAMOOPS_KERNMSG_HDR = '====';

/** A dump time as ramoops stores it (struct timespec64). */
export interface KmsgHeaderTime {
  readonly sec: number;
  readonly nsec: number;
}

/** Which ramoops_write_kmsg_hdr() to emulate. */
export interface KmsgHeaderWriteOptions {
  /**
   * true: `====%lld.%06lu-%c\n` (≈4.19 and later: the y2038 "convert internal records to
   * timespec64" rework; every 5.x/6.x kernel). false: `====%lu.%lu-%c\n`, microseconds not
   * padded (3.x–4.18), so 5 ms past the second is written as `.5000`.
   */
  readonly paddedUsec: boolean;
  /**
   * false: the pre-compression form `====%lu.%lu\n` without `-C`/`-D` (3.x kernels before
   * pstore compression). Default true.
   */
  readonly typeChar?: boolean;
  /** Width of C `long` on the writing kernel (the unpadded form prints sec as `%lu`). Default 64. */
  readonly longBits?: 32 | 64;
}

/**
 * Formats the header exactly as ramoops_write_kmsg_hdr() does.
 * @throws RamCoreError EINVAL for a time the kernel cannot hold (nsec outside 0..999999999,
 *   sec not an integer or outside `long` for the unpadded form) or `compressed` without typeChar.
 * @example writeKmsgHeader({ sec: 1700000000, nsec: 5_000_000 }, false, { paddedUsec: true })
 *   // bytes of "====1700000000.005000-D\n"
 */
export function writeKmsgHeader(
  time: KmsgHeaderTime,
  compressed: boolean,
  options: KmsgHeaderWriteOptions
): Uint8Array {
  const { sec, nsec } = time;
  const bits = options.longBits ?? 64;
  const withType = options.typeChar ?? true;
  if (!Number.isSafeInteger(sec)) {
    throw new RamCoreError('EINVAL', `dump time sec ${sec} is not a safe integer`);
  }
  if (!Number.isInteger(nsec) || nsec < 0 || nsec > 999_999_999) {
    throw new RamCoreError('EINVAL', `dump time nsec ${nsec} is outside 0..999999999`);
  }
  if (compressed && !withType) {
    throw new RamCoreError('EINVAL', 'a header without type char cannot mark a compressed dump');
  }
  const usec = Math.trunc(nsec / 1000);
  let text: string;
  if (options.paddedUsec) {
    // %lld of (time64_t)tv_sec, %06lu of tv_nsec / 1000.
    text = `${RAMOOPS_KERNMSG_HDR}${sec}.${String(usec).padStart(6, '0')}`;
  } else {
    // Old kernels cast tv_sec to long and print it with %lu: negative seconds wrap.
    const limit = 2 ** (bits - 1);
    if (sec < -limit || sec >= limit) {
      throw new RamCoreError('EINVAL', `dump time sec ${sec} does not fit a ${bits}-bit long`);
    }
    text = `${RAMOOPS_KERNMSG_HDR}${BigInt.asUintN(bits, BigInt(sec))}.${usec}`;
  }
  text += withType ? `-${compressed ? 'C' : 'D'}\n` : '\n';
  return new TextEncoder().encode(text);
}

/** Which ramoops_read_kmsg_hdr() to emulate. */
export interface KmsgHeaderReadOptions {
  /**
   * true: the reader multiplies the second number by 1000 (usec → nsec): mainline 5.4+
   * (commit 83b8a3fbe3aa "pstore: fs superblock limits"), backported to the 4.19.y and 5.2.y
   * stable series in their releases of 7 Oct 2019 (≈4.19.78, 5.2.20). Older readers store the
   * microseconds as nanoseconds.
   */
  readonly usecToNsec: boolean;
  /**
   * true: seconds parsed with `%lld` into time64_t, a leading '-' accepted (≈4.19+, same rework
   * as the padded writer). false: `%lu` into a `long`, where a '-' makes the header invalid.
   */
  readonly time64Sec: boolean;
  /** Width of C `long` on the reading kernel (tv_nsec, and tv_sec for old readers). Default 64. */
  readonly longBits?: 32 | 64;
}

/** A header ramoops_read_kmsg_hdr() accepted. */
export interface KmsgHeader {
  /** The record time (Number of the exact values; beyond 2^53 it is rounded). */
  readonly time: KmsgHeaderTime;
  /** The exact signed values the kernel stores in tv_sec and tv_nsec. */
  readonly exactTime: { readonly sec: bigint; readonly nsec: bigint };
  /** record->compressed: the type char was 'C'. Any other char means plain. */
  readonly compressed: boolean;
  /** The byte `%c` read, or null when only the fallback form `====%lld.%lu\n` matched. */
  readonly typeChar: number | null;
  /**
   * Bytes the kernel skips before the payload (`%n`): includes every whitespace byte after the
   * type char, so a payload that starts with one loses it (WORKED-EXAMPLES §C2).
   */
  readonly headerLength: number;
}

/**
 * Parses a dump zone's logical content (old_log) as ramoops_read_kmsg_hdr() does: first
 * `====%lld.%lu-%c\n%n`, then `====%lld.%lu\n%n`. Returns null where the kernel returns a header
 * length of 0 (the caller then discards the record and zaps the zone).
 *
 * The kernel's old_log has no terminating NUL, so vsscanf() may read past its end; here the bytes
 * past the end read as NUL (the string ends), and a NUL inside the buffer ends it too.
 */
export function readKmsgHeader(
  buffer: Uint8Array,
  options: KmsgHeaderReadOptions
): KmsgHeader | null {
  const bits = options.longBits ?? 64;
  const secConv = options.time64Sec ? '%lld' : '%lu';
  let scan = kernelSscanf(buffer, `${RAMOOPS_KERNMSG_HDR}${secConv}.%lu-%c\n%n`, bits);
  let typeChar: number | null = null;
  if (scan.count === 3) {
    typeChar = scan.chars[0] ?? null;
  } else {
    scan = kernelSscanf(buffer, `${RAMOOPS_KERNMSG_HDR}${secConv}.%lu\n%n`, bits);
    if (scan.count !== 2) return null;
  }
  const [rawSec = 0n, rawUsec = 0n] = scan.numbers;
  if (scan.consumed === null || scan.consumed === 0) return null;
  // tv_sec is time64_t for %lld readers and a `long` for old ones; tv_nsec is always a `long`,
  // and the ×1000 happens in `long` arithmetic (wrapping, as the kernel builds with
  // -fno-strict-overflow).
  const sec = options.time64Sec ? BigInt.asIntN(64, rawSec) : BigInt.asIntN(bits, rawSec);
  let nsec = BigInt.asIntN(bits, rawUsec);
  if (options.usecToNsec) nsec = BigInt.asIntN(bits, nsec * 1000n);
  return {
    time: { sec: Number(sec), nsec: Number(nsec) },
    exactTime: { sec, nsec },
    compressed: typeChar === 0x43, // 'C'
    typeChar,
    headerLength: scan.consumed
  };
}

/**
 * Kernel isspace() (lib/ctype.c `_S`): 0x09–0x0D, 0x20 and 0xA0 (Latin-1 no-break space).
 * A compressed payload starting with one of these bytes is damaged by the reader, so writers
 * should avoid it.
 */
export function kernelIsSpace(byte: number): boolean {
  return (byte >= 0x09 && byte <= 0x0d) || byte === 0x20 || byte === 0xa0;
}

interface ScanResult {
  /** vsscanf()'s return value: conversions stored. */
  readonly count: number;
  /** %lld/%lu results as raw bits: 64-bit for ll, `long`-wide for l. */
  readonly numbers: bigint[];
  readonly chars: number[];
  /** The %n value, or null when vsscanf() stopped before it. */
  readonly consumed: number | null;
}

/**
 * The subset of kernel vsscanf() the header formats use: literals, whitespace, %lld, %lu, %c, %n.
 * It follows the kernel loop step by step because its corner cases differ from C's sscanf: a
 * whitespace directive matches zero bytes too, %c does not skip whitespace, and a number that
 * overflows wraps instead of failing.
 */
function kernelSscanf(buf: Uint8Array, fmt: string, longBits: number): ScanResult {
  const at = (i: number): number => (i < buf.length ? (buf[i] ?? 0) : 0);
  const numbers: bigint[] = [];
  const chars: number[] = [];
  let consumed: number | null = null;
  let count = 0;
  let str = 0;
  let f = 0;
  while (f < fmt.length) {
    if (kernelIsSpace(fmt.charCodeAt(f))) {
      while (f < fmt.length && kernelIsSpace(fmt.charCodeAt(f))) f++;
      while (kernelIsSpace(at(str))) str++;
    }
    if (f < fmt.length && fmt[f] !== '%') {
      // A literal must match exactly; the NUL at the end of the string never does.
      if (fmt.charCodeAt(f++) !== at(str++)) break;
      continue;
    }
    if (f >= fmt.length) break;
    f++;
    let longs = 0;
    while (fmt[f] === 'l') {
      longs++;
      f++;
    }
    const conv = fmt[f++];
    if (conv === 'n') {
      consumed = str;
      continue;
    }
    if (at(str) === 0) break;
    if (conv === 'c') {
      chars.push(at(str++));
      count++;
      continue;
    }
    const signed = conv === 'd';
    while (kernelIsSpace(at(str))) str++;
    const negative = signed && at(str) === 0x2d; // '-': only %d takes a sign, never '+'
    let p = negative ? str + 1 : str;
    if (!isDigit(at(p))) break;
    // simple_strtoull(): every digit is consumed; on overflow the value wraps modulo 2^64.
    let value = 0n;
    while (isDigit(at(p))) {
      value = BigInt.asUintN(64, value * 10n + BigInt(at(p) - 0x30));
      p++;
    }
    if (negative) value = BigInt.asUintN(64, -value);
    // simple_strtoul()/strtol() return a `long`: the 64-bit result is truncated to it.
    numbers.push(longs >= 2 ? value : BigInt.asUintN(longBits, value));
    count++;
    str = p;
  }
  return { count, numbers, chars, consumed };
}

function isDigit(byte: number): boolean {
  return byte >= 0x30 && byte <= 0x39;
}
