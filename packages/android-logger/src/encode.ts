/**
 * Builds Android logger frames byte for byte as liblog writes them to /dev/pmsg0, for tests and
 * device simulations. Kernel counterpart: none. Android counterpart: AOSP liblog
 * pmsg_writer.cpp pmsgWrite() (headers, the LOGGER_ENTRY_MAX_PAYLOAD cut) and logger_write.cpp
 * (the text payload prio/tag/message).
 */
import {
  FRAME_HEADER_SIZE,
  isBinaryLogId,
  LOG_ID_MAX,
  LOG_ID_NAMES,
  LOGGER_ENTRY_MAX_PAYLOAD,
  LOGGER_MAGIC,
  type LogIdName
} from './abi.ts';
import { encodeAndroidEvent, type AndroidEventInput } from './event.ts';
import { PmsgError } from './errors.ts';

/** Header fields of a frame. */
interface AndroidFrameFields {
  /** Log buffer, by log_id_t value or name. */
  readonly logId: number | LogIdName;
  /** Default 0 (root). */
  readonly uid?: number;
  readonly pid: number;
  readonly tid: number;
  /** realtime.tv_sec (unsigned 32-bit). */
  readonly sec: number;
  /** realtime.tv_nsec, 0..999999999. */
  readonly nsec: number;
}

/** A frame of a text buffer. */
export interface AndroidTextFrameInput extends AndroidFrameFields {
  /** android_LogPriority byte (2 VERBOSE … 7 FATAL; readers drop other values). */
  readonly priority: number;
  readonly tag: string | Uint8Array;
  readonly message: string | Uint8Array;
  /** false: no NUL after the message, as in pmsg file chunks. Default true. */
  readonly messageTerminated?: boolean;
}

/** A frame of a binary buffer: the tag id, then an event value or raw payload bytes. */
export interface AndroidBinaryFrameInput extends AndroidFrameFields {
  readonly tagId: number;
  readonly event?: AndroidEventInput;
  readonly payload?: Uint8Array;
}

/** What encodeAndroidPmsgFrame() accepts. */
export type AndroidFrameInput = AndroidTextFrameInput | AndroidBinaryFrameInput;

/** Options of encodeAndroidPmsgFrame(). */
export interface EncodeFrameOptions {
  /** Payload bytes kept, as liblog cuts (the message then loses its NUL). Default 4068. */
  readonly maxPayload?: number;
}

/**
 * Encodes one frame: android_pmsg_log_header_t, android_log_header_t, payload.
 * @throws PmsgError EINVAL when a field does not fit its wire type or the payload kind does
 *   not match the buffer (text payload for events/stats/security, or the reverse).
 * @example encodeAndroidPmsgFrame({ logId: 'main', pid: 1, tid: 1, sec: 0, nsec: 0,
 *   priority: 4, tag: 'init', message: 'hello' })
 */
export function encodeAndroidPmsgFrame(
  input: AndroidFrameInput,
  options: EncodeFrameOptions = {}
): Uint8Array {
  const logId = typeof input.logId === 'number' ? input.logId : LOG_ID_NAMES.indexOf(input.logId);
  checkInt('logId', logId, 0, LOG_ID_MAX - 1);
  checkInt('uid', input.uid ?? 0, 0, 0xffff);
  checkInt('pid', input.pid, 0, 0xffff);
  checkInt('tid', input.tid, 0, 0xffff);
  checkInt('sec', input.sec, 0, 0xffff_ffff);
  checkInt('nsec', input.nsec, 0, 999_999_999);
  const maxPayload = options.maxPayload ?? LOGGER_ENTRY_MAX_PAYLOAD;
  checkInt('maxPayload', maxPayload, 1, 0xffff - FRAME_HEADER_SIZE);

  let payload: Uint8Array;
  if ('tagId' in input) {
    if (!isBinaryLogId(logId)) {
      throw new PmsgError('EINVAL', `log buffer ${logId} is a text buffer, got a binary event`);
    }
    checkInt('tagId', input.tagId, 0, 0xffff_ffff);
    const body =
      input.payload ?? (input.event ? encodeAndroidEvent(input.event) : new Uint8Array());
    payload = new Uint8Array(4 + body.length);
    new DataView(payload.buffer).setUint32(0, input.tagId, true);
    payload.set(body, 4);
  } else {
    if (isBinaryLogId(logId)) {
      throw new PmsgError('EINVAL', `log buffer ${logId} is binary, got a text message`);
    }
    checkInt('priority', input.priority, 0, 0xff);
    const tag = toBytes(input.tag);
    const message = toBytes(input.message);
    const nul = input.messageTerminated === false ? 0 : 1;
    payload = new Uint8Array(1 + tag.length + 1 + message.length + nul);
    payload[0] = input.priority;
    payload.set(tag, 1);
    payload.set(message, tag.length + 2);
  }
  // pmsgWrite() stops copying at LOGGER_ENTRY_MAX_PAYLOAD, mid-segment if need be.
  if (payload.length > maxPayload) payload = payload.subarray(0, maxPayload);

  const frame = new Uint8Array(FRAME_HEADER_SIZE + payload.length);
  const view = new DataView(frame.buffer);
  view.setUint8(0, LOGGER_MAGIC);
  view.setUint16(1, frame.length, true);
  view.setUint16(3, input.uid ?? 0, true);
  view.setUint16(5, input.pid, true);
  view.setUint8(7, logId);
  view.setUint16(8, input.tid, true);
  view.setUint32(10, input.sec, true);
  view.setUint32(14, input.nsec, true);
  frame.set(payload, FRAME_HEADER_SIZE);
  return frame;
}

function toBytes(s: string | Uint8Array): Uint8Array {
  return typeof s === 'string' ? new TextEncoder().encode(s) : s;
}

function checkInt(what: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new PmsgError('EINVAL', `${what} ${value} is outside ${min}..${max}`);
  }
}
