import { describe, expect, it } from 'vitest';
import type { AndroidLogFrame } from '../src/abi.ts';
import { decodeAndroidPmsg } from '../src/decode.ts';
import { encodeAndroidPmsgFrame, type AndroidTextFrameInput } from '../src/encode.ts';
import { PmsgError } from '../src/errors.ts';
import { cFloat, formatLogcat } from '../src/logcat.ts';

const base = { uid: 1000, pid: 1234, tid: 1240, sec: 1700000000, nsec: 123456789 } as const;

function decodeOne(bytes: Uint8Array): AndroidLogFrame {
  const { frames, unparsed } = decodeAndroidPmsg(bytes);
  expect(unparsed).toEqual([]);
  const [frame] = frames;
  if (!frame) throw new Error('no frame decoded');
  return frame;
}

const frameOf = (input: Partial<AndroidTextFrameInput>): AndroidLogFrame =>
  decodeOne(
    encodeAndroidPmsgFrame({
      ...base,
      logId: 'main',
      priority: 4,
      tag: 'init',
      message: '',
      ...input
    })
  );

/** A text frame with a hand-made payload (for payloads liblog would not write). */
function rawTextFrame(payload: Uint8Array): AndroidLogFrame {
  const header = encodeAndroidPmsgFrame({
    ...base,
    logId: 'main',
    priority: 4,
    tag: '',
    message: ''
  });
  const bytes = new Uint8Array(18 + payload.length);
  bytes.set(header.subarray(0, 18));
  bytes.set(payload, 18);
  new DataView(bytes.buffer).setUint16(1, bytes.length, true);
  return decodeOne(bytes);
}

const PREFIX = '11-14 22:13:20.123  1234  1240';

describe('formatLogcat (threadtime)', () => {
  it('prints the threadtime prefix once per message line', () => {
    expect(formatLogcat(frameOf({ message: 'hello\nworld' }))).toBe(
      `${PREFIX} I init    : hello\n${PREFIX} I init    : world\n`
    );
  });

  it('pads pid and tid to 5 and the tag to 8 bytes, never cuts a long tag', () => {
    const f = frameOf({ pid: 1, tid: 22, tag: 'ActivityManager', message: 'm', priority: 6 });
    expect(formatLogcat(f)).toBe('11-14 22:13:20.123     1    22 E ActivityManager: m\n');
    // "né" is three bytes: %-8s pads to 8 bytes, i.e. 5 spaces.
    expect(formatLogcat(frameOf({ tag: 'né', message: 'x' }))).toBe(`${PREFIX} I né     : x\n`);
  });

  it('maps priorities 2..7 to V D I W E F', () => {
    const letters = [2, 3, 4, 5, 6, 7].map((p) => formatLogcat(frameOf({ priority: p }))[31]);
    expect(letters.join('')).toBe('VDIWEF');
  });

  it('follows logcat line splitting: empty message, trailing and doubled newlines', () => {
    expect(formatLogcat(frameOf({ message: '' }))).toBe(`${PREFIX} I init    : \n`);
    expect(formatLogcat(frameOf({ message: 'a\n' }))).toBe(`${PREFIX} I init    : a\n`);
    expect(formatLogcat(frameOf({ message: 'a\n\nb' }))).toBe(
      `${PREFIX} I init    : a\n${PREFIX} I init    : \n${PREFIX} I init    : b\n`
    );
  });

  it('drops the last byte of a message without NUL, as processLogBuffer() does', () => {
    const f = frameOf({ message: 'chunk\n', messageTerminated: false });
    expect(f.kind === 'text' && f.message).toBe('chunk\n');
    expect(formatLogcat(f)).toBe(`${PREFIX} I init    : chunk\n`);
    const g = frameOf({ message: 'abc', messageTerminated: false });
    expect(formatLogcat(g)).toBe(`${PREFIX} I init    : ab\n`);
  });

  it('ends a tag without NUL at the first odd byte', () => {
    const enc = new TextEncoder();
    const f = rawTextFrame(Uint8Array.of(4, ...enc.encode('bad:tag')));
    expect(f).toMatchObject({ kind: 'text', tag: 'bad:tag', tagTerminated: false });
    expect(formatLogcat(f)).toBe(`${PREFIX} I bad     : ta\n`);
    const g = rawTextFrame(Uint8Array.of(4, ...enc.encode('alltag')));
    expect(formatLogcat(g)).toBe(`${PREFIX} I allta   : \n`);
  });

  it('prints the time in the requested zone', () => {
    const f = frameOf({ message: 'm' });
    expect(formatLogcat(f, { timeZone: 'Europe/Berlin' })).toBe(
      '11-14 23:13:20.123  1234  1240 I init    : m\n'
    );
    expect(formatLogcat(f, { timeZone: 'Asia/Kolkata' })).toBe(
      '11-15 03:43:20.123  1234  1240 I init    : m\n'
    );
    expect(() => formatLogcat(f, { timeZone: 'Mars/Olympus' })).toThrow(PmsgError);
  });

  it('renders events as logcat does without an event-log-tags map', () => {
    const f = decodeOne(
      encodeAndroidPmsgFrame({
        ...base,
        logId: 'events',
        tagId: 42,
        event: {
          type: 'list',
          items: [
            { type: 'int', value: -1 },
            { type: 'long', value: 2n ** 40n },
            { type: 'string', value: 'abc' },
            { type: 'float', value: 1.5 },
            { type: 'list', items: [] }
          ]
        }
      })
    );
    expect(formatLogcat(f)).toBe(`${PREFIX} I [42]    : [-1,1099511627776,abc,1.500000,[]]\n`);
    expect(formatLogcat(f, { eventTags: new Map([[42, 'answer']]) })).toBe(
      `${PREFIX} I answer  : [-1,1099511627776,abc,1.500000,[]]\n`
    );
  });

  it('marks a security event W and a cut-off event with "!"', () => {
    const sec = decodeOne(
      encodeAndroidPmsgFrame({
        ...base,
        logId: 'security',
        tagId: 210001,
        event: { type: 'int', value: 7 }
      })
    );
    expect(formatLogcat(sec)).toBe(`${PREFIX} W [210001]: 7\n`);
    // A list of two ints whose second int lost its last byte.
    const cut = Uint8Array.of(3, 2, 0, 1, 0, 0, 0, 0, 2, 0, 0);
    const f = decodeOne(
      encodeAndroidPmsgFrame({ ...base, logId: 'events', tagId: 9, payload: cut })
    );
    expect(formatLogcat(f)).toBe(`${PREFIX} I [9]     : [1,!\n`);
    const str = Uint8Array.of(2, 5, 0, 0, 0, 0x61, 0x62);
    const g = decodeOne(
      encodeAndroidPmsgFrame({ ...base, logId: 'events', tagId: 9, payload: str })
    );
    expect(formatLogcat(g)).toBe(`${PREFIX} I [9]     : ab!\n`);
  });

  it('prints an empty event payload as an empty message and eats a trailing newline', () => {
    const empty = decodeOne(encodeAndroidPmsgFrame({ ...base, logId: 'events', tagId: 5 }));
    expect(formatLogcat(empty)).toBe(`${PREFIX} I [5]     : \n`);
    const nl = Uint8Array.of(0, 3, 0, 0, 0, 0x0a);
    const f = decodeOne(
      encodeAndroidPmsgFrame({ ...base, logId: 'events', tagId: 5, payload: nl })
    );
    expect(formatLogcat(f)).toBe(`${PREFIX} I [5]     : 3\n`);
  });
});

describe('cFloat (printf %f of a float)', () => {
  const bits = (x: number): number => {
    const v = new DataView(new ArrayBuffer(4));
    v.setFloat32(0, x);
    return v.getUint32(0);
  };

  it('rounds the exact binary value half to even', () => {
    expect(cFloat(bits(0.0078125))).toBe('0.007812'); // 7812.5 → even
    expect(cFloat(bits(0.0234375))).toBe('0.023438'); // 23437.5 → even
    expect(cFloat(bits(0.1))).toBe('0.100000');
    expect(cFloat(bits(1.5))).toBe('1.500000');
    expect(cFloat(bits(-2.25))).toBe('-2.250000');
  });

  it('prints all digits of large values, signed zero, nan and inf', () => {
    expect(cFloat(0x7f7fffff)).toBe('340282346638528859811704183484516925440.000000');
    expect(cFloat(0x80000000)).toBe('-0.000000');
    expect(cFloat(0x00000001)).toBe('0.000000');
    expect(cFloat(0x7fc00000)).toBe('nan');
    expect(cFloat(0xffc00000)).toBe('-nan');
    expect(cFloat(0x7f800000)).toBe('inf');
    expect(cFloat(0xff800000)).toBe('-inf');
  });
});
