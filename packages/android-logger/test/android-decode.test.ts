import {
  kernelCaseNames,
  readKernelCase,
  skipMessage,
  vectorsAvailable
} from '@pstore/test-vectors';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AndroidLogFrame, AndroidPmsgDecodeResult } from '../src/abi.ts';
import { decodeAndroidPmsg, looksLikeAndroidPmsg } from '../src/decode.ts';
import { encodeAndroidPmsgFrame, type AndroidFrameInput } from '../src/encode.ts';
import { PmsgError } from '../src/errors.ts';

if (!vectorsAvailable) skipMessage();

const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};
const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

const base = { uid: 1000, pid: 1234, tid: 1240, sec: 1700000000, nsec: 123456789 } as const;
const text = (tag: string, message: string, extra: Partial<AndroidFrameInput> = {}): Uint8Array =>
  encodeAndroidPmsgFrame({ ...base, logId: 'main', priority: 4, tag, message, ...extra });

/** Frames and unparsed ranges must cover the input exactly once, in order. */
function expectTiling(result: AndroidPmsgDecodeResult, length: number): void {
  const pieces = [
    ...result.frames.map((f) => ({ start: f.offset, end: f.offset + f.bytes.length })),
    ...result.unparsed.map((r) => ({ start: r.start, end: r.end }))
  ].sort((a, b) => a.start - b.start);
  let pos = 0;
  for (const p of pieces) {
    expect(p.start).toBe(pos);
    expect(p.end).toBeGreaterThan(p.start);
    pos = p.end;
  }
  expect(pos).toBe(length);
}

describe('encodeAndroidPmsgFrame', () => {
  it('lays out both packed little-endian headers and the text payload', () => {
    const f = text('init', 'hi');
    const expected = [
      '6c 1b00 e803 d204', // android_pmsg_log_header_t: 'l', len 27, uid 1000, pid 1234
      '00 d804 00f15365 15cd5b07', // android_log_header_t: main, tid 1240, 1700000000 s, 123456789 ns
      '04 696e697400 686900' // INFO, "init\0", "hi\0"
    ];
    expect(Buffer.from(f).toString('hex')).toBe(expected.join('').replaceAll(' ', ''));
  });

  it('cuts the payload at LOGGER_ENTRY_MAX_PAYLOAD as pmsgWrite() does', () => {
    const f = text('big', 'x'.repeat(5000));
    expect(f.length).toBe(18 + 4068);
    const [frame] = decodeAndroidPmsg(f).frames;
    expect(frame).toMatchObject({ kind: 'text', messageTerminated: false });
    expect(frame?.kind === 'text' && frame.message.length).toBe(4068 - 1 - 4);
  });

  it('rejects fields that do not fit with EINVAL', () => {
    const bad: [Partial<AndroidFrameInput>, RegExp][] = [
      [{ pid: 65536 }, /pid 65536/],
      [{ uid: -1 }, /uid -1/],
      [{ nsec: 1e9 }, /nsec 1000000000/],
      [{ sec: 2 ** 32 }, /sec 4294967296/],
      [{ logId: 8 }, /logId 8/],
      [{ logId: 'events' }, /binary/]
    ];
    for (const [extra, re] of bad) {
      const call = (): Uint8Array => text('t', 'm', extra);
      expect(call).toThrow(PmsgError);
      expect(call).toThrow(re);
    }
    const binaryOnText = (): Uint8Array =>
      encodeAndroidPmsgFrame({ ...base, logId: 'main', tagId: 1 });
    expect(binaryOnText).toThrow(/text buffer/);
  });
});

describe('decodeAndroidPmsg', () => {
  it('round-trips text and binary frames', () => {
    const bytes = concat(
      text('init', 'hello'),
      encodeAndroidPmsgFrame({
        ...base,
        logId: 'events',
        tagId: 30014,
        event: {
          type: 'list',
          items: [
            { type: 'int', value: -7 },
            { type: 'string', value: 'x' }
          ]
        }
      }),
      text('crash', 'boom', { logId: 'crash', priority: 7 })
    );
    const { frames, unparsed } = decodeAndroidPmsg(bytes);
    expect(unparsed).toEqual([]);
    expect(frames.map((f) => [f.kind, f.logName, f.offset])).toEqual([
      ['text', 'main', 0],
      ['binary', 'events', 30],
      ['text', 'crash', 30 + 35]
    ]);
    expect(frames[0]).toMatchObject({
      uid: 1000,
      pid: 1234,
      tid: 1240,
      sec: 1700000000,
      nsec: 123456789,
      priority: 4,
      tag: 'init',
      message: 'hello',
      tagTerminated: true,
      messageTerminated: true
    });
    expect(frames[1]).toMatchObject({
      tagId: 30014,
      event: {
        type: 'list',
        items: [
          { type: 'int', value: -7 },
          { type: 'string', value: 'x' }
        ]
      }
    });
    expect(frames[2]).toMatchObject({ priority: 7, tag: 'crash', message: 'boom' });
  });

  it('round-trips any sequence of valid frames without unparsed bytes', () => {
    const frame = fc.record({
      logId: fc.constantFrom(0, 1, 3, 4),
      uid: fc.integer({ min: 0, max: 0xffff }),
      pid: fc.integer({ min: 0, max: 0xffff }),
      tid: fc.integer({ min: 0, max: 0xffff }),
      sec: fc.integer({ min: 0, max: 0xffffffff }),
      nsec: fc.integer({ min: 0, max: 999_999_999 }),
      priority: fc.integer({ min: 2, max: 7 }),
      tag: fc.string({ maxLength: 20 }).map((s) => s.replaceAll('\0', '')),
      message: fc.string({ maxLength: 200 }).map((s) => s.replaceAll('\0', ''))
    });
    fc.assert(
      fc.property(fc.array(frame, { maxLength: 12 }), (inputs) => {
        const { frames, unparsed } = decodeAndroidPmsg(
          concat(...inputs.map((i) => encodeAndroidPmsgFrame(i)))
        );
        expect(unparsed).toEqual([]);
        expect(frames.map((f) => f.kind === 'text' && [f.pid, f.nsec, f.tag, f.message])).toEqual(
          inputs.map((i) => [i.pid, i.nsec, i.tag, i.message])
        );
      })
    );
  });

  it('reports a frame torn by the crash at the end', () => {
    const a = text('a', 'first');
    const b = text('b', 'second');
    const c = text('c', 'third, interrupted');
    const bytes = concat(a, b, c.subarray(0, 24));
    const r = decodeAndroidPmsg(bytes);
    expect(r.frames.map((f) => f.offset)).toEqual([0, a.length]);
    expect(r.unparsed).toEqual([
      { start: a.length + b.length, end: bytes.length, reason: 'torn-frame' }
    ]);
  });

  it('reports a tail shorter than a header as short-tail', () => {
    const a = text('a', 'first');
    const bytes = concat(a, text('b', 'x').subarray(0, 9));
    expect(decodeAndroidPmsg(bytes).unparsed).toEqual([
      { start: a.length, end: bytes.length, reason: 'short-tail' }
    ]);
  });

  it('resynchronises on the first whole frame of a wrapped ring', () => {
    const all = Array.from({ length: 40 }, (_, i) =>
      text(`tag${i % 3}`, `message ${i}: hello world, all looks well`)
    );
    const stream = concat(...all);
    // A full ring keeps the newest bytes; its oldest byte is somewhere inside a frame.
    const capacity = 1000;
    const ring = stream.subarray(stream.length - capacity);
    const cut = stream.length - capacity;
    let boundary = 0;
    let first = 0;
    while (boundary < cut) boundary += all[first++]?.length ?? 0;
    const r = decodeAndroidPmsg(ring);
    expect(r.unparsed).toEqual([{ start: 0, end: boundary - cut, reason: 'resync' }]);
    expect(r.frames.length).toBe(all.length - first);
    expect(r.frames[0]).toMatchObject({ message: `message ${first}: hello world, all looks well` });
    expectTiling(r, ring.length);
  });

  it('recovers when a concurrent writer lands between the segments of a frame', () => {
    // pmsg has no write_iter: each writev() segment is its own locked write.
    const a = text('slow', 'first writer');
    const b = text('fast', 'second writer');
    const bytes = concat(a.subarray(0, 7), b, a.subarray(7), text('next', 'ok'));
    const r = decodeAndroidPmsg(bytes);
    expect(r.frames.map((f) => f.kind === 'text' && f.tag)).toEqual(['fast', 'next']);
    expect(r.unparsed).toEqual([
      { start: 0, end: 7, reason: 'resync' },
      { start: 7 + b.length, end: 7 + b.length + a.length - 7, reason: 'resync' }
    ]);
  });

  it('never throws on garbage and always tiles the input', () => {
    const chunk = fc.oneof(
      fc.uint8Array({ maxLength: 64 }),
      fc.constant(text('t', 'message')),
      fc.constant(Uint8Array.of(0x6c, 0x20, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4))
    );
    fc.assert(
      fc.property(fc.array(chunk, { maxLength: 10 }), (chunks) => {
        const bytes = concat(...chunks);
        expectTiling(decodeAndroidPmsg(bytes), bytes.length);
      })
    );
  });

  it('rejects headers PmsgRead() rejects', () => {
    const good = text('tag', 'message');
    const mutate = (i: number, v: number): Uint8Array => {
      const b = good.slice();
      b[i] = v;
      return b;
    };
    expect(decodeAndroidPmsg(good).frames).toHaveLength(1);
    for (const b of [
      mutate(0, 0x6d), // magic
      mutate(7, 8), // log id ≥ LOG_ID_MAX
      mutate(18, 1), // priority DEFAULT
      mutate(18, 8), // priority SILENT
      mutate(17, 0x3c) // nsec ≥ 1e9
    ]) {
      expect(decodeAndroidPmsg(b).frames).toEqual([]);
    }
  });
});

describe('looksLikeAndroidPmsg', () => {
  it('says yes to several frames and to a single complete frame', () => {
    expect(looksLikeAndroidPmsg(concat(text('a', '1'), text('b', '2'), text('c', '3')))).toBe(true);
    expect(looksLikeAndroidPmsg(text('only', 'one frame'))).toBe(true);
  });

  it('says no to the plain text of the kernel selftest and to random bytes', () => {
    const selftest = ascii('Testing pstore: uuid=3e6c0d1a-5d2b-4f7e-9a5c-1f0e2d3c4b5a\n');
    expect(looksLikeAndroidPmsg(selftest)).toBe(false);
    expect(decodeAndroidPmsg(selftest).frames).toEqual([]);
    const noise = Uint8Array.from({ length: 4096 }, (_, i) => (i * 2654435761) >>> 24);
    expect(looksLikeAndroidPmsg(noise)).toBe(false);
  });

  it('says no to one frame lost in text', () => {
    const bytes = concat(ascii('x'.repeat(200)), text('a', 'b'), ascii('y'.repeat(200)));
    expect(looksLikeAndroidPmsg(bytes)).toBe(false);
  });
});

describe.skipIf(!vectorsAvailable)('pmsg records written by real kernels', () => {
  const withPmsg = kernelCaseNames().filter((n) => readKernelCase(n).files.has('pmsg-ramoops-0'));

  it('finds pmsg files in the custom-6.1 cases', () => {
    expect(withPmsg.length).toBeGreaterThanOrEqual(2);
  });

  it.each(withPmsg)('%s: a plain-text pmsg write is not Android frames', (name) => {
    const bytes = readKernelCase(name).files.get('pmsg-ramoops-0') ?? new Uint8Array();
    expect(new TextDecoder().decode(bytes)).toContain('PSTEST-MARKER pmsg: hello pmsg');
    expect(looksLikeAndroidPmsg(bytes)).toBe(false);
    const r = decodeAndroidPmsg(bytes);
    expect(r.frames).toEqual([] as AndroidLogFrame[]);
    expect(r.unparsed).toEqual([{ start: 0, end: bytes.length, reason: 'resync' }]);
  });
});
