/**
 * How a pmsg record is shown (`pstore decode --pmsg-format android|raw|auto`): Android
 * logger frames as `logcat -v threadtime` lines, anything else as the bytes the writers
 * wrote. In 'auto' the bytes decide (looksLikeAndroidPmsg).
 * Counterpart: what `logcat -L` prints from /sys/fs/pstore/pmsg-ramoops-0 on Android
 * (liblog pmsg_reader.cpp + logprint.cpp); `cat` of the file otherwise.
 */
import {
  decodeAndroidPmsg,
  formatLogcat,
  looksLikeAndroidPmsg,
  type LogcatFormatOptions,
  type UnparsedRange
} from '@pstore/android-logger';

/** The requested rendering. */
export type PmsgFormat = 'android' | 'raw' | 'auto';

export interface RenderPmsgOptions extends LogcatFormatOptions {
  /**
   * Android: put a `--------- pmsg: N bytes at offset O not decoded (reason)` line where
   * bytes are not part of any frame (default true). logcat drops them silently; a decoder
   * should say that something was there.
   */
  readonly markUnparsed?: boolean;
}

/** The rendered record. */
export interface PmsgRendering {
  /** What was rendered: 'auto' resolves to one of the two. */
  readonly format: 'android' | 'raw';
  /** The output bytes (logcat text in UTF-8, or the record as it is). */
  readonly bytes: Uint8Array;
  /** Android: the byte ranges no frame covered. Empty for raw. */
  readonly unparsed: readonly UnparsedRange[];
}

const encoder = new TextEncoder();

/**
 * Renders the content of a pmsg record.
 *
 * @example
 * ```ts
 * const out = renderPmsg(fs.read('pmsg-ramoops-0'), 'auto');
 * process.stdout.write(out.bytes); // logcat lines if Android wrote it, else the raw text
 * ```
 * @throws PmsgError EINVAL for an unknown time zone (Android format only).
 */
export function renderPmsg(
  bytes: Uint8Array,
  format: PmsgFormat,
  options: RenderPmsgOptions = {}
): PmsgRendering {
  const android = format === 'android' || (format === 'auto' && looksLikeAndroidPmsg(bytes));
  if (!android) return { format: 'raw', bytes, unparsed: [] };
  const { frames, unparsed } = decodeAndroidPmsg(bytes);
  const mark = options.markUnparsed ?? true;
  // Frames and unparsed ranges tile the input; print them in offset order.
  const pieces: { offset: number; text: string }[] = frames.map((f) => ({
    offset: f.offset,
    text: formatLogcat(f, options)
  }));
  if (mark) {
    for (const r of unparsed) {
      pieces.push({
        offset: r.start,
        text: `--------- pmsg: ${r.end - r.start} bytes at offset ${r.start} not decoded (${r.reason})\n`
      });
    }
  }
  pieces.sort((a, b) => a.offset - b.offset);
  return {
    format: 'android',
    bytes: encoder.encode(pieces.map((p) => p.text).join('')),
    unparsed
  };
}
