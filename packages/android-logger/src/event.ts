/**
 * Binary event payloads of the events/stats/security buffers: one typed value (int, long,
 * float, string, or a list of values) after the int32 tag id, little-endian and packed.
 * Kernel counterpart: none. Android counterpart: AOSP liblog private/android_logger.h
 * (android_event_*_t), log_event_list.cpp (the writer), logprint.cpp
 * android_log_printBinaryEvent() (the reader this one follows).
 */
import { EVENT_TYPE, type AndroidEventValue } from './abi.ts';
import { PmsgError } from './errors.ts';

/** Lists deeper than this are treated as garbage (liblog itself nests at most 8). */
const MAX_DEPTH = 64;

/** What decodeAndroidEvent() read. */
export interface DecodedEvent {
  /** The value; for a truncated string, the part that is there. Null if nothing decoded. */
  readonly value: AndroidEventValue | null;
  /** Why decoding stopped early or left bytes over; absent when the payload decoded exactly. */
  readonly error?: string;
}

/**
 * Decodes the bytes after an event's tag id. Never throws. A single trailing '\n' (what
 * liblog's list writer may append) is accepted, as logcat accepts it.
 */
export function decodeAndroidEvent(payload: Uint8Array): DecodedEvent {
  if (payload.length === 0) return { value: null };
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  const state = { pos: 0, error: undefined as string | undefined };
  const value = readValue(payload, view, state, 0);
  let rest = payload.length - state.pos;
  if (state.error === undefined && rest === 1 && payload[state.pos] === 0x0a) rest = 0;
  const error = state.error ?? (rest > 0 ? `${rest} bytes left after the event value` : undefined);
  return error === undefined ? { value } : { value, error };
}

function readValue(
  bytes: Uint8Array,
  view: DataView,
  state: { pos: number; error: string | undefined },
  depth: number
): AndroidEventValue | null {
  const at = state.pos;
  const type = bytes[at];
  const need = (n: number, what: string): boolean => {
    if (state.pos + n <= bytes.length) return true;
    state.error = `${what} at offset ${at} needs ${n} bytes, ${bytes.length - state.pos} left`;
    return false;
  };
  if (type === undefined) {
    state.error = `event value missing at offset ${at}`;
    return null;
  }
  state.pos++;
  switch (type) {
    case EVENT_TYPE.INT: {
      if (!need(4, 'int')) return null;
      const value = view.getInt32(state.pos, true);
      state.pos += 4;
      return { type: 'int', value };
    }
    case EVENT_TYPE.LONG: {
      if (!need(8, 'long')) return null;
      const value = view.getBigInt64(state.pos, true);
      state.pos += 8;
      return { type: 'long', value };
    }
    case EVENT_TYPE.FLOAT: {
      if (!need(4, 'float')) return null;
      const value = view.getFloat32(state.pos, true);
      state.pos += 4;
      return { type: 'float', value };
    }
    case EVENT_TYPE.STRING: {
      if (!need(4, 'string length')) return null;
      const length = view.getUint32(state.pos, true);
      state.pos += 4;
      const available = Math.min(length, bytes.length - state.pos);
      if (available < length) {
        state.error = `string at offset ${at} claims ${length} bytes, ${available} left`;
      }
      const raw = bytes.subarray(state.pos, state.pos + available);
      state.pos += available;
      return { type: 'string', value: new TextDecoder().decode(raw), bytes: raw };
    }
    case EVENT_TYPE.LIST: {
      if (!need(1, 'list count')) return null;
      const count = bytes[state.pos++] ?? 0;
      if (depth >= MAX_DEPTH) {
        state.error = `lists nested deeper than ${MAX_DEPTH} at offset ${at}`;
        return null;
      }
      const items: AndroidEventValue[] = [];
      for (let i = 0; i < count && state.error === undefined; i++) {
        const item = readValue(bytes, view, state, depth + 1);
        if (item) items.push(item);
      }
      return { type: 'list', items };
    }
    default:
      state.error = `unknown event type ${type} at offset ${at}`;
      return null;
  }
}

/** An event value to encode; a string may give its bytes or just its text. */
export type AndroidEventInput =
  | Exclude<AndroidEventValue, { type: 'string' } | { type: 'list' }>
  | { readonly type: 'string'; readonly value: string; readonly bytes?: Uint8Array }
  | { readonly type: 'list'; readonly items: readonly AndroidEventInput[] };

/**
 * Encodes one event value the way liblog's android_log_write_* functions lay it out.
 * @throws PmsgError EINVAL for values the wire types cannot hold.
 */
export function encodeAndroidEvent(value: AndroidEventInput): Uint8Array {
  const out: number[] = [];
  writeValue(value, out, 0);
  return Uint8Array.from(out);
}

function writeValue(value: AndroidEventInput, out: number[], depth: number): void {
  const push = (bytes: Uint8Array): void => {
    for (const b of bytes) out.push(b);
  };
  const fixed = (n: number, fill: (v: DataView) => void): void => {
    const b = new Uint8Array(n);
    fill(new DataView(b.buffer));
    push(b);
  };
  switch (value.type) {
    case 'int':
      if (!Number.isInteger(value.value) || value.value < -(2 ** 31) || value.value >= 2 ** 31) {
        throw new PmsgError('EINVAL', `event int ${value.value} is not a 32-bit integer`);
      }
      out.push(EVENT_TYPE.INT);
      fixed(4, (v) => v.setInt32(0, value.value, true));
      return;
    case 'long':
      if (BigInt.asIntN(64, value.value) !== value.value) {
        throw new PmsgError('EINVAL', `event long ${value.value} is not a 64-bit integer`);
      }
      out.push(EVENT_TYPE.LONG);
      fixed(8, (v) => v.setBigInt64(0, value.value, true));
      return;
    case 'float':
      out.push(EVENT_TYPE.FLOAT);
      fixed(4, (v) => v.setFloat32(0, value.value, true));
      return;
    case 'string': {
      const raw = value.bytes ?? new TextEncoder().encode(value.value);
      out.push(EVENT_TYPE.STRING);
      fixed(4, (v) => v.setUint32(0, raw.length, true));
      push(raw);
      return;
    }
    case 'list':
      if (value.items.length > 255) {
        throw new PmsgError('EINVAL', `event list of ${value.items.length} items (max 255)`);
      }
      if (depth >= MAX_DEPTH) {
        throw new PmsgError('EINVAL', `event lists nested deeper than ${MAX_DEPTH}`);
      }
      out.push(EVENT_TYPE.LIST, value.items.length);
      for (const item of value.items) writeValue(item, out, depth + 1);
      return;
  }
}
