/**
 * Decodes the Android logger frames in a pmsg record (pmsg-ramoops-0), tolerating what a crash
 * and the ring leave behind: a torn last frame, a ring that starts mid-frame after wrapping, and
 * frames cut apart by concurrent writers. Bad bytes are reported as ranges, never thrown.
 * Kernel counterpart: none. Android counterpart: AOSP liblog pmsg_reader.cpp PmsgRead() (header
 * checks and byte-wise resync on 'l', which `logcat -L` uses) and logprint.cpp
 * android_log_processLogBuffer().
 */
import {
  ANDROID_LOG_FATAL,
  ANDROID_LOG_PMSG_FILE_MAX_SEQUENCE,
  ANDROID_LOG_PMSG_FILE_SEQUENCE,
  ANDROID_LOG_VERBOSE,
  FRAME_HEADER_SIZE,
  isBinaryLogId,
  LOG_ID_KERNEL,
  LOG_ID_MAX,
  LOG_ID_NAMES,
  LOGGER_ENTRY_MAX_PAYLOAD,
  LOGGER_ENTRY_MAX_PAYLOAD_LEGACY,
  LOGGER_MAGIC,
  type AndroidLogFrame,
  type AndroidPmsgDecodeResult,
  type AndroidTextFrame,
  type PmsgFileChunk,
  type UnparsedRange
} from './abi.ts';
import { decodeAndroidEvent } from './event.ts';

interface FrameHeader {
  readonly len: number;
  readonly uid: number;
  readonly pid: number;
  readonly logId: number;
  readonly tid: number;
  readonly sec: number;
  readonly nsec: number;
}

/** PmsgRead() reads both headers plus one payload byte and wants more than that. */
const MIN_FRAME = FRAME_HEADER_SIZE + 2;
const MAX_FRAME = FRAME_HEADER_SIZE + LOGGER_ENTRY_MAX_PAYLOAD_LEGACY;

/**
 * The header checks of PmsgRead(), made stricter for binary buffers (a frame must hold the
 * 4-byte tag id). Only the bytes present are read; the frame may run past the end.
 */
function readHeader(bytes: Uint8Array, pos: number): FrameHeader | null {
  if (bytes.length - pos < MIN_FRAME || bytes[pos] !== LOGGER_MAGIC) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset + pos, MIN_FRAME);
  const h: FrameHeader = {
    len: view.getUint16(1, true),
    uid: view.getUint16(3, true),
    pid: view.getUint16(5, true),
    logId: view.getUint8(7),
    tid: view.getUint16(8, true),
    sec: view.getUint32(10, true),
    nsec: view.getUint32(14, true)
  };
  if (h.len < MIN_FRAME || h.len > MAX_FRAME || h.logId >= LOG_ID_MAX) return null;
  if (h.nsec >= 1e9) return null;
  if (isBinaryLogId(h.logId)) return h.len >= FRAME_HEADER_SIZE + 4 ? h : null;
  const prio = view.getUint8(FRAME_HEADER_SIZE);
  return prio >= ANDROID_LOG_VERBOSE && prio <= ANDROID_LOG_FATAL ? h : null;
}

const utf8 = new TextDecoder();

function decodeFrame(bytes: Uint8Array, pos: number, h: FrameHeader): AndroidLogFrame {
  const frame = bytes.subarray(pos, pos + h.len);
  const payload = frame.subarray(FRAME_HEADER_SIZE);
  const common = {
    offset: pos,
    bytes: frame,
    uid: h.uid,
    pid: h.pid,
    tid: h.tid,
    logId: h.logId,
    logName: LOG_ID_NAMES[h.logId] ?? 'main',
    sec: h.sec,
    nsec: h.nsec
  } as const;
  if (isBinaryLogId(h.logId)) {
    const tagId = new DataView(payload.buffer, payload.byteOffset, 4).getUint32(0, true);
    const rest = payload.subarray(4);
    const ev = decodeAndroidEvent(rest);
    const base = { ...common, kind: 'binary', tagId, payload: rest, event: ev.value } as const;
    return ev.error === undefined ? base : { ...base, eventError: ev.error };
  }
  const tagEnd = payload.indexOf(0, 1);
  const tagBytes = payload.subarray(1, tagEnd < 0 ? payload.length : tagEnd);
  const msgStart = tagEnd < 0 ? payload.length : tagEnd + 1;
  const msgEnd = tagEnd < 0 ? -1 : payload.indexOf(0, msgStart);
  const messageBytes = payload.subarray(msgStart, msgEnd < 0 ? payload.length : msgEnd);
  const text: AndroidTextFrame = {
    ...common,
    kind: 'text',
    priority: payload[0] ?? 0,
    tag: utf8.decode(tagBytes),
    message: utf8.decode(messageBytes),
    messageBytes,
    tagTerminated: tagEnd >= 0,
    messageTerminated: msgEnd >= 0
  };
  const file = tagEnd >= 0 ? pmsgFileChunk(h, tagBytes) : undefined;
  return file ? { ...text, file } : text;
}

/**
 * The test __android_log_pmsg_file_read() applies: a "<dir>:<file>" tag of printable,
 * non-space bytes with exactly one ':', and a sequence number in tv_nsec.
 */
function pmsgFileChunk(h: FrameHeader, tag: Uint8Array): PmsgFileChunk | undefined {
  if (h.logId === LOG_ID_KERNEL || h.nsec % ANDROID_LOG_PMSG_FILE_SEQUENCE !== 0) return undefined;
  const sequence = h.nsec / ANDROID_LOG_PMSG_FILE_SEQUENCE;
  if (sequence >= ANDROID_LOG_PMSG_FILE_MAX_SEQUENCE || tag.length === 0) return undefined;
  let colons = 0;
  for (const b of tag) {
    if (b <= 0x20 || b >= 0x7f) return undefined;
    if (b === 0x3a) colons++;
  }
  if (colons !== 1) return undefined;
  return { name: utf8.decode(tag).replace(':', '/'), sequence };
}

/** A frame that ends the way its writer ends frames, so it is unlikely to be chance. */
function wellFormed(frame: AndroidLogFrame): boolean {
  if (frame.kind === 'binary') return frame.eventError === undefined;
  if (!frame.tagTerminated) return false;
  if (frame.file) return true; // file chunks carry no NUL after the content
  const end = frame.messageBytes.byteOffset + frame.messageBytes.length;
  if (frame.messageTerminated) return end === frame.bytes.byteOffset + frame.bytes.length - 1;
  // liblog truncated an over-long message: the payload is exactly at the limit.
  const payload = frame.bytes.length - FRAME_HEADER_SIZE;
  return payload === LOGGER_ENTRY_MAX_PAYLOAD || payload === LOGGER_ENTRY_MAX_PAYLOAD_LEGACY;
}

/** True when what follows `end` is consistent with the frame ending there. */
function chainOk(bytes: Uint8Array, end: number): boolean {
  if (end === bytes.length) return true;
  if (bytes.length - end < MIN_FRAME) return bytes[end] === LOGGER_MAGIC;
  return readHeader(bytes, end) !== null;
}

/** A complete frame at pos that is either well formed or followed by another frame. */
function plausibleFrame(bytes: Uint8Array, pos: number): AndroidLogFrame | null {
  const h = readHeader(bytes, pos);
  if (!h || pos + h.len > bytes.length) return null;
  const frame = decodeFrame(bytes, pos, h);
  return wellFormed(frame) || chainOk(bytes, pos + h.len) ? frame : null;
}

/**
 * Decodes every Android logger frame in `bytes` (the contents of pmsg-ramoops-0, oldest first).
 * Where no plausible frame starts, it scans byte by byte for the next one (as PmsgRead() does)
 * and reports the skipped range. Never throws.
 */
export function decodeAndroidPmsg(bytes: Uint8Array): AndroidPmsgDecodeResult {
  const frames: AndroidLogFrame[] = [];
  const unparsed: UnparsedRange[] = [];
  const n = bytes.length;
  let pos = 0;
  while (pos < n) {
    const frame = plausibleFrame(bytes, pos);
    if (frame) {
      frames.push(frame);
      pos += frame.bytes.length;
      continue;
    }
    let next = pos + 1;
    while (next < n && !(bytes[next] === LOGGER_MAGIC && plausibleFrame(bytes, next))) next++;
    if (next < n) {
      unparsed.push({ start: pos, end: next, reason: 'resync' });
      pos = next;
      continue;
    }
    // Nothing decodable follows. A header that promises more bytes than remain is the frame
    // the crash interrupted; only trust it here, where no complete frame comes after it.
    const torn = firstTornHeader(bytes, pos);
    if (torn > pos) {
      const reason = torn === n && n - pos < MIN_FRAME ? 'short-tail' : 'resync';
      unparsed.push({ start: pos, end: torn, reason });
    }
    if (torn < n) unparsed.push({ start: torn, end: n, reason: 'torn-frame' });
    break;
  }
  return { frames, unparsed };
}

/** Offset of the first valid header at or after pos whose frame runs past the end, else the end. */
function firstTornHeader(bytes: Uint8Array, pos: number): number {
  for (let t = pos; t < bytes.length; t++) {
    if (bytes[t] !== LOGGER_MAGIC) continue;
    const h = readHeader(bytes, t);
    if (h && t + h.len > bytes.length) return t;
  }
  return bytes.length;
}

/** Options of looksLikeAndroidPmsg(). */
export interface LooksLikeAndroidPmsgOptions {
  /** Consecutive frames that prove the format. Default 3. */
  readonly minFrames?: number;
}

/**
 * Auto-detection: true when the bytes hold a run of `minFrames` back-to-back frames, or when
 * fewer frames fill the input except for a cut-off head (ring wrap) and tail (torn frame) and
 * cover at least half of it. Plain text written to /dev/pmsg0 says no.
 */
export function looksLikeAndroidPmsg(
  bytes: Uint8Array,
  options: LooksLikeAndroidPmsgOptions = {}
): boolean {
  const { frames, unparsed } = decodeAndroidPmsg(bytes);
  if (frames.length === 0) return false;
  let run = 1;
  let longest = 1;
  for (let i = 1; i < frames.length; i++) {
    const prev = frames[i - 1];
    const cur = frames[i];
    run = prev && cur && prev.offset + prev.bytes.length === cur.offset ? run + 1 : 1;
    longest = Math.max(longest, run);
  }
  if (longest >= (options.minFrames ?? 3)) return true;
  const interior = unparsed.filter((r) => r.start > 0 && r.end < bytes.length);
  const covered = frames.reduce((n, f) => n + f.bytes.length, 0);
  return longest === frames.length && interior.length === 0 && covered * 2 >= bytes.length;
}
