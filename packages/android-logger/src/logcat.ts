/**
 * Renders decoded frames as `logcat -v threadtime` prints them, so a pmsg dump reads like
 * `logcat -L` on the device. Kernel counterpart: none. Android counterpart: AOSP liblog
 * logprint.cpp android_log_formatLogLine() (FORMAT_THREADTIME prefix, one line per message
 * line), android_log_processLogBuffer() (how tag and message are cut out of a text payload) and
 * android_log_printBinaryEvent().
 */
import { FRAME_HEADER_SIZE, LOG_ID_SECURITY, type AndroidLogFrame } from './abi.ts';
import { PmsgError } from './errors.ts';

/** Options of formatLogcat(). */
export interface LogcatFormatOptions {
  /** Only logcat's default device format is implemented. */
  readonly format?: 'threadtime';
  /** IANA zone for the time stamp (logcat uses the device's TZ). Default 'UTC'. */
  readonly timeZone?: string;
  /** Event tag names (from /system/etc/event-log-tags); unknown ids print as "[id]". */
  readonly eventTags?: ReadonlyMap<number, string>;
}

const utf8 = new TextDecoder();
const PRIORITY_CHARS = 'VDIWEFS'; // ANDROID_LOG_VERBOSE (2) … ANDROID_LOG_SILENT (8)

/**
 * One frame in logcat's threadtime format: `MM-DD HH:MM:SS.mmm  PID  TID P TAG     : text`,
 * one output line per message line, each ending in '\n'. Returns '' for a payload logcat
 * rejects (a text payload shorter than 3 bytes).
 * @throws PmsgError EINVAL for an unknown time zone.
 * @example formatLogcat(frame) // "01-02 03:04:05.678  1234  1240 I init    : hello\n"
 */
export function formatLogcat(frame: AndroidLogFrame, options: LogcatFormatOptions = {}): string {
  let priority: number;
  let tag: Uint8Array;
  let message: Uint8Array;
  if (frame.kind === 'binary') {
    priority = frame.logId === LOG_ID_SECURITY ? 5 : 4; // WARN for security, else INFO
    const name = options.eventTags?.get(frame.tagId) ?? `[${frame.tagId}]`;
    tag = new TextEncoder().encode(name);
    message = new TextEncoder().encode(renderBinaryEvent(frame.payload));
  } else {
    const entry = splitTextPayload(frame.bytes.subarray(FRAME_HEADER_SIZE));
    if (!entry) return '';
    ({ priority, tag, message } = entry);
  }
  const time = formatTime(frame.sec, options.timeZone ?? 'UTC');
  const ms = String(Math.trunc(frame.nsec / 1e6)).padStart(3, '0');
  const pri = PRIORITY_CHARS[priority - 2] ?? '?';
  // %-8.*s pads by bytes, not characters.
  const tagText = utf8.decode(tag) + ' '.repeat(Math.max(0, 8 - tag.length));
  const prefix = `${time}.${ms} ${pad5(frame.pid)} ${pad5(frame.tid)} ${pri} ${tagText}: `;
  let out = '';
  for (const line of messageLines(message)) out += `${prefix}${utf8.decode(line)}\n`;
  return out;
}

function pad5(n: number): string {
  return String(n).padStart(5, ' ');
}

/**
 * android_log_processLogBuffer(): priority byte, tag up to the first NUL, message up to the
 * second. Without a second NUL logcat forces one onto the last byte, dropping it; without any
 * NUL the tag ends at the first byte that cannot be in a tag.
 */
function splitTextPayload(
  p: Uint8Array
): { priority: number; tag: Uint8Array; message: Uint8Array } | null {
  const len = p.length;
  if (len < 3) return null;
  let msgStart = -1;
  let msgEnd = -1;
  for (let i = 1; i < len; i++) {
    if (p[i] !== 0) continue;
    if (msgStart === -1) msgStart = i + 1;
    else {
      msgEnd = i;
      break;
    }
  }
  let tagEnd = msgStart - 1;
  if (msgStart === -1) {
    for (let i = 1; i < len; i++) {
      const b = p[i] ?? 0;
      if (b <= 0x20 || b === 0x3a || b >= 0x7f) {
        tagEnd = i;
        msgStart = i + 1;
        break;
      }
    }
    if (msgStart === -1) {
      msgStart = len - 1;
      tagEnd = len - 1;
    }
  }
  if (msgEnd === -1) {
    msgEnd = len - 1;
    tagEnd = Math.min(tagEnd, msgEnd);
  }
  return {
    priority: p[0] ?? 0,
    tag: p.subarray(1, tagEnd),
    message: msgEnd < msgStart ? new Uint8Array() : p.subarray(msgStart, msgEnd)
  };
}

/** The line split of android_log_formatLogLine(); a trailing '\n' adds no empty line. */
function messageLines(message: Uint8Array): Uint8Array[] {
  const lines: Uint8Array[] = [];
  let p = 0;
  do {
    const start = p;
    while (p < message.length && message[p] !== 0x0a) p++;
    const line = message.subarray(start, p);
    const nul = line.indexOf(0); // strncat() stops at a NUL
    lines.push(nul < 0 ? line : line.subarray(0, nul));
    if (message[p] === 0x0a) p++;
  } while (p < message.length);
  return lines;
}

/**
 * android_log_printBinaryEvent() without an event format: ints and longs in decimal, floats
 * as %f, strings raw, lists as [a,b]. A value that runs out of bytes ends the text with '!'.
 */
function renderBinaryEvent(payload: Uint8Array): string {
  if (payload.length === 0) return '';
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  let pos = 0;
  let out = '';
  const value = (depth: number): boolean => {
    const type = payload[pos++];
    const left = payload.length - pos;
    switch (type) {
      case 0:
      case 4:
        if (left < 4) return false;
        out += type === 0 ? String(view.getInt32(pos, true)) : cFloat(view.getUint32(pos, true));
        pos += 4;
        return true;
      case 1:
        if (left < 8) return false;
        out += String(view.getBigInt64(pos, true));
        pos += 8;
        return true;
      case 2: {
        if (left < 4) return false;
        const want = view.getUint32(pos, true);
        pos += 4;
        const got = Math.min(want, payload.length - pos);
        out += utf8.decode(payload.subarray(pos, pos + got));
        pos += got;
        return got === want;
      }
      case 3: {
        if (left < 1 || depth > 4096) return false; // bounded stack, far past any real event
        const count = payload[pos++] ?? 0;
        out += '[';
        for (let i = 0; i < count; i++) {
          if (!value(depth + 1)) return false;
          if (i < count - 1) out += ',';
        }
        out += ']';
        return true;
      }
      default:
        return false;
    }
  };
  if (!value(0)) out += '!';
  return out;
}

/**
 * C's printf("%f") of a float (widened to double): six decimals of the exact binary value,
 * rounded half to even, "-0.000000" for negative zero, "nan"/"inf" spelled as bionic does.
 */
export function cFloat(bits: number): string {
  const f = new DataView(new ArrayBuffer(4));
  f.setUint32(0, bits >>> 0);
  const value = f.getFloat32(0);
  const sign = bits >>> 31 === 1 ? '-' : '';
  if (Number.isNaN(value)) return `${sign}nan`;
  if (!Number.isFinite(value)) return `${sign}inf`;
  // |value| = mantissa · 2^exp exactly (float32: 24-bit mantissa).
  const d = new DataView(new ArrayBuffer(8));
  d.setFloat64(0, Math.abs(value));
  const raw = d.getBigUint64(0);
  const biased = Number((raw >> 52n) & 0x7ffn);
  const frac = raw & ((1n << 52n) - 1n);
  const mantissa = biased === 0 ? frac : frac | (1n << 52n);
  const exp = (biased === 0 ? 1 : biased) - 1075;
  let scaled: bigint;
  if (exp >= 0) scaled = (mantissa << BigInt(exp)) * 1_000_000n;
  else {
    const num = mantissa * 1_000_000n;
    const den = 1n << BigInt(-exp);
    scaled = num / den;
    const twice = 2n * (num % den);
    if (twice > den || (twice === den && scaled % 2n === 1n)) scaled++;
  }
  const micros = String(scaled % 1_000_000n).padStart(6, '0');
  return `${sign}${scaled / 1_000_000n}.${micros}`;
}

const zoneFormats = new Map<string, Intl.DateTimeFormat>();

/** strftime("%m-%d %H:%M:%S") of the time in the given zone. */
function formatTime(sec: number, timeZone: string): string {
  const date = new Date(sec * 1000);
  const two = (n: number): string => String(n).padStart(2, '0');
  if (timeZone === 'UTC') {
    return `${two(date.getUTCMonth() + 1)}-${two(date.getUTCDate())} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}`;
  }
  let fmt = zoneFormats.get(timeZone);
  if (!fmt) {
    try {
      fmt = new Intl.DateTimeFormat('en-US', {
        timeZone,
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        hourCycle: 'h23'
      });
    } catch {
      throw new PmsgError('EINVAL', `unknown time zone "${timeZone}"`);
    }
    zoneFormats.set(timeZone, fmt);
  }
  const part = (type: Intl.DateTimeFormatPartTypes): string =>
    fmt.formatToParts(date).find((p) => p.type === type)?.value ?? '00';
  return `${part('month')}-${part('day')} ${part('hour')}:${part('minute')}:${part('second')}`;
}
