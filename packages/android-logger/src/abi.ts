/**
 * The Android logger frame that liblog writes to /dev/pmsg0, as constants and decoded shapes.
 * Kernel counterpart: none: fs/pstore/pmsg.c stores whatever user space writes. The frame is
 * AOSP liblog's: private/android_logger.h (android_pmsg_log_header_t, android_log_header_t,
 * event payloads), log/log_read.h (LOGGER_ENTRY_MAX_PAYLOAD), android/log.h (log_id_t,
 * android_LogPriority), pmsg_writer.cpp pmsgWrite().
 *
 * ABI (persisted in pmsg-ramoops-0), all fields packed and little-endian:
 * ```
 * off  size  android_pmsg_log_header_t
 *   0   1    magic 'l' (LOGGER_MAGIC)
 *   1   2    len   whole frame, both headers included
 *   3   2    uid   (truncated to 16 bits by the struct)
 *   5   2    pid
 *      android_log_header_t
 *   7   1    id    log buffer (log_id_t)
 *   8   2    tid
 *  10   4    realtime.tv_sec  (log_time, unsigned)
 *  14   4    realtime.tv_nsec
 *  18   …    payload: text buffers  prio(1) tag '\0' message '\0'
 *                     binary ones   int32 tag id, then one typed event value
 * ```
 * The writer sends the frame with one writev() of three or more segments. pmsg has no
 * write_iter, so each segment reaches the ring as its own write: a crash between them leaves a
 * frame whose header promises more bytes than follow.
 */

/** ABI: android_pmsg_log_header_t.magic. */
export const LOGGER_MAGIC = 0x6c; // 'l'
/** ABI: sizeof(android_pmsg_log_header_t). */
export const PMSG_HEADER_SIZE = 7;
/** ABI: sizeof(android_log_header_t). */
export const LOG_HEADER_SIZE = 11;
/** Bytes before the payload: both headers. */
export const FRAME_HEADER_SIZE = PMSG_HEADER_SIZE + LOG_HEADER_SIZE;
/** LOGGER_ENTRY_MAX_PAYLOAD of liblog since logger_entry v4 (Android 11+): liblog truncates. */
export const LOGGER_ENTRY_MAX_PAYLOAD = 4068;
/** The older limit (4076, logger_entry v1..v3). Readers accept frames up to this payload. */
export const LOGGER_ENTRY_MAX_PAYLOAD_LEGACY = 4076;
/** ANDROID_LOG_PMSG_FILE_SEQUENCE: a file chunk's sequence step, stored in realtime.tv_nsec. */
export const ANDROID_LOG_PMSG_FILE_SEQUENCE = 1000;
/** ANDROID_LOG_PMSG_FILE_MAX_SEQUENCE: at most 256 chunks per file (≈1 MiB). */
export const ANDROID_LOG_PMSG_FILE_MAX_SEQUENCE = 256;

/** log_id_t, index = value. */
export const LOG_ID_NAMES = [
  'main',
  'radio',
  'events',
  'system',
  'crash',
  'stats',
  'security',
  'kernel'
] as const;
/** A log buffer name (log_id_t). */
export type LogIdName = (typeof LOG_ID_NAMES)[number];
/** LOG_ID_MAX: ids at or above are invalid. */
export const LOG_ID_MAX = LOG_ID_NAMES.length;
/** LOG_ID_EVENTS. */
export const LOG_ID_EVENTS = 2;
/** LOG_ID_STATS. */
const LOG_ID_STATS = 5;
/** LOG_ID_SECURITY. */
export const LOG_ID_SECURITY = 6;
/** LOG_ID_KERNEL (logd's own copy of the kernel log; liblog never writes it to pmsg). */
export const LOG_ID_KERNEL = 7;

/** True for the buffers whose payload is a binary event (tag id + typed value), not text. */
export function isBinaryLogId(logId: number): boolean {
  return logId === LOG_ID_EVENTS || logId === LOG_ID_STATS || logId === LOG_ID_SECURITY;
}

/** android_LogPriority values a text frame may carry (VERBOSE … FATAL). */
export const ANDROID_LOG_VERBOSE = 2;
/** ANDROID_LOG_FATAL. */
export const ANDROID_LOG_FATAL = 7;

/** AndroidEventLogType: the type byte of an event value. */
export const EVENT_TYPE = { INT: 0, LONG: 1, STRING: 2, LIST: 3, FLOAT: 4 } as const;

/** One typed value of a binary event payload (android_event_*_t). */
export type AndroidEventValue =
  | { readonly type: 'int'; readonly value: number }
  | { readonly type: 'long'; readonly value: bigint }
  | { readonly type: 'float'; readonly value: number }
  | { readonly type: 'string'; readonly value: string; readonly bytes: Uint8Array }
  | { readonly type: 'list'; readonly items: readonly AndroidEventValue[] };

/** Fields both headers carry. */
interface AndroidFrameCommon {
  /** Offset of the frame in the decoded bytes. */
  readonly offset: number;
  /** The frame bytes (a view into the input), `len` long. */
  readonly bytes: Uint8Array;
  readonly uid: number;
  readonly pid: number;
  readonly tid: number;
  /** log_id_t of the buffer. */
  readonly logId: number;
  readonly logName: LogIdName;
  /** realtime.tv_sec: CLOCK_REALTIME seconds (or the monotonic clock if logd was set to it). */
  readonly sec: number;
  /** realtime.tv_nsec; a pmsg file chunk keeps its sequence number here instead. */
  readonly nsec: number;
}

/** A chunk of a file written with __android_log_pmsg_file_write() (recovery's last_log …). */
export interface PmsgFileChunk {
  /** The file name, the tag's ':' turned back into '/' ("recovery/last_log"). */
  readonly name: string;
  /** Chunk number: nsec / ANDROID_LOG_PMSG_FILE_SEQUENCE. */
  readonly sequence: number;
}

/** A frame of a text buffer (main, radio, system, crash, kernel). */
export interface AndroidTextFrame extends AndroidFrameCommon {
  readonly kind: 'text';
  /** android_LogPriority: 2 VERBOSE … 7 FATAL. */
  readonly priority: number;
  /** The tag, decoded as UTF-8 (the bytes up to the first NUL after the priority). */
  readonly tag: string;
  /** The message, decoded as UTF-8, up to its NUL or the frame end. */
  readonly message: string;
  /** The raw message bytes (no terminator). */
  readonly messageBytes: Uint8Array;
  /** False when no NUL ends the tag: the frame is malformed, message is empty. */
  readonly tagTerminated: boolean;
  /** False when no NUL ends the message (liblog truncated it, or a file chunk). */
  readonly messageTerminated: boolean;
  /** Set when the frame looks like a pmsg file chunk (tag "dir:file", nsec a sequence). */
  readonly file?: PmsgFileChunk;
}

/** A frame of a binary buffer (events, stats, security). */
export interface AndroidBinaryFrame extends AndroidFrameCommon {
  readonly kind: 'binary';
  /** The event tag number (android_event_header_t.tag). */
  readonly tagId: number;
  /** The bytes after the tag id. */
  readonly payload: Uint8Array;
  /** The decoded value, or null when the payload is empty or does not decode. */
  readonly event: AndroidEventValue | null;
  /** Why the payload did not decode completely, if it did not. */
  readonly eventError?: string;
}

/** A decoded Android logger frame. */
export type AndroidLogFrame = AndroidTextFrame | AndroidBinaryFrame;

/** Why a byte range could not be decoded. */
export type UnparsedReason =
  /** No plausible frame starts here: garbage, or the tail of a frame the ring cut off. */
  | 'resync'
  /** A frame header whose promised length runs past the end (a crash mid-write). */
  | 'torn-frame'
  /** Fewer bytes than a frame header left at the end. */
  | 'short-tail';

/** Bytes [start, end) of the input that are not part of any decoded frame. */
export interface UnparsedRange {
  readonly start: number;
  readonly end: number;
  readonly reason: UnparsedReason;
}

/** Everything decodeAndroidPmsg() found. */
export interface AndroidPmsgDecodeResult {
  readonly frames: readonly AndroidLogFrame[];
  /** The ranges it could not parse, in order; frames and ranges tile the input. */
  readonly unparsed: readonly UnparsedRange[];
}
