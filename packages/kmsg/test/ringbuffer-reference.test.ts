/**
 * The typed-array printk ring against the object reference: the same
 * reservations and continuations (texts up to 300 bytes in 4 and 8 KiB
 * rings, so blocks wrap, straddle and push records out) must give the same
 * finalized records, the same counters and the same reads.
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { printOneLine } from '../src/print-line-bytes.ts';
import { PrintkRingbuffer, type PrbRecordInfo } from '../src/printk-ringbuffer.ts';
import { recordPrintText } from '../src/record-print-text.ts';
import type { PrintkRecord } from '../src/record.ts';
import { ReferencePrintkRingbuffer } from './reference-ringbuffer.ts';

const RECORD_MAX = 1000;
const op = fc.record({
  extend: fc.boolean(),
  len: fc.integer({ min: 0, max: 300 }),
  /** reserveSize − text length: at least the NUL. */
  slack: fc.integer({ min: 1, max: 20 }),
  final: fc.boolean(),
  caller: fc.integer({ min: 0, max: 2 }),
  /** −1: the text from the caller's array; else from the ring's scratch area at this offset. */
  at: fc.integer({ min: -1, max: 8 })
});

const view = (r: PrintkRecord | null) => r && { ...r, text: Array.from(r.text) };

/** The records a call finalized (the last `n` before nextSeq), read back as the reference returns them. */
function finalized(prb: PrintkRingbuffer, n: number) {
  const next = prb.nextSeq;
  return n < 0 ? null : Array.from({ length: n }, (_, k) => prb.read(next - n + k)!);
}

/**
 * Where the text is handed from: the caller's array as it is, or (`at` ≥ 0)
 * copied into the ring's scratch area at `at`, with newlines after it (the
 * ring must neither store them nor take them for the text's).
 */
function source(prb: PrintkRingbuffer, text: Uint8Array, at: number) {
  if (at < 0) return [text, 0, text.length] as const;
  prb.scratch.fill(0x0a);
  prb.scratch.set(text, at);
  return [prb.scratch, at, at + text.length] as const;
}

const reserve = (
  prb: PrintkRingbuffer,
  info: PrbRecordInfo,
  text: Uint8Array,
  flags: number,
  reserveSize: number,
  final: boolean,
  at = -1
) => finalized(prb, prb.reserve(info, ...source(prb, text, at), flags, reserveSize, final));
const extendLast = (
  prb: PrintkRingbuffer,
  callerId: number,
  text: Uint8Array,
  reserveSize: number,
  maxSize: number,
  addFlags: number,
  final: boolean,
  at = -1
) =>
  finalized(
    prb,
    prb.extendLast(callerId, ...source(prb, text, at), reserveSize, maxSize, addFlags, final)
  );

const OPTS = [
  { syslog: false, time: true, caller: false },
  { syslog: true, time: true, caller: false },
  { syslog: true, time: false, caller: false },
  { syslog: false, time: true, caller: true }
];

it('stores, finalizes and reads exactly as the reference', () => {
  fc.assert(
    fc.property(fc.array(op, { maxLength: 400 }), fc.constantFrom(4096, 8192), (ops, n) => {
      const ref = new ReferencePrintkRingbuffer(n);
      // The 8 KiB ring prints lines in an area of its own, the 4 KiB one in a buffer per line.
      const prb = new PrintkRingbuffer(n, 320, n === 8192 ? 1100 : 0);
      ops.forEach((o, t) => {
        const reserveSize = Math.min(o.len + o.slack, RECORD_MAX);
        const text = Uint8Array.from(
          { length: reserveSize - 1 },
          (_, i) => (i * 7 + t) & 0xff
        ).subarray(0, o.len);
        // Times in ns: numbers below 2^53 (the common case), bigints past it.
        const big = t % 5 === 4;
        const ts = big ? 2n ** 53n + BigInt(t) * 999_999_937n : BigInt(t) * 1_234_567_891n;
        const info = {
          tsNsec: ts,
          facility: t % 3,
          level: t % 8,
          callerId: o.caller,
          devInfo: null
        };
        const prbInfo: PrbRecordInfo = { ...info, tsNsec: big ? ts : Number(ts) };
        const want = o.extend
          ? ref.extendLast(o.caller, text.slice(), reserveSize, RECORD_MAX, 2, o.final)
          : ref.reserve(info, text.slice(), 1, reserveSize, o.final);
        const got = o.extend
          ? extendLast(prb, o.caller, text, reserveSize, RECORD_MAX, 2, o.final, o.at)
          : reserve(prb, prbInfo, text, 1, reserveSize, o.final, o.at);
        expect(got && got.map(view)).toEqual(want && want.map(view));
        const state = (r: ReferencePrintkRingbuffer | PrintkRingbuffer) => [
          r.firstSeq,
          r.nextSeq,
          r.nextReserveSeq,
          r.dataBytes,
          r.count,
          r.openCallerId()
        ];
        expect(state(prb)).toEqual(state(ref));
        for (let s = ref.firstSeq - 1; s <= ref.nextReserveSeq; s++) {
          expect(view(prb.read(s))).toEqual(view(ref.read(s)));
          const v = prb.validSeq(s);
          expect(v).toBe(ref.read(s)?.seq ?? -1);
          if (v < 0) continue;
          // The line made in place is the reference formatter's, or null where that formatter is needed.
          const rec = ref.read(s)!;
          expect(prb.levelAt(v)).toBe(rec.level);
          for (const opts of OPTS) {
            const bufSize = t % 2 ? 1024 : 40;
            const line = prb.line(v, opts, bufSize);
            expect(line === null).toBe(printOneLine(rec, opts, bufSize) === null);
            if (line) {
              expect(Array.from(line)).toEqual(Array.from(recordPrintText(rec, opts, bufSize)));
            }
          }
        }
      });
    }),
    { numRuns: 300 }
  );
});

it('moves a continued block that would straddle the end to the ring start, text and all', () => {
  const ref = new ReferencePrintkRingbuffer(4096);
  const prb = new PrintkRingbuffer(4096);
  const info = { tsNsec: 1n, facility: 0, level: 6, callerId: 0, devInfo: null };
  const bytes = (n: number, v: number) => new Uint8Array(n).fill(v);
  // Ten blocks of ALIGN(392 + 8, 8) = 400 bytes: the head at 4000.
  for (let k = 0; k < 10; k++) ref.reserve(info, bytes(300, k), 1, 392, true);
  for (let k = 0; k < 10; k++) reserve(prb, info, bytes(300, k), 1, 392, true);
  // An open record in [4000, 4064), then continued past 4096: it moves.
  ref.reserve(info, bytes(40, 0xaa), 1, 50, false);
  reserve(prb, info, bytes(40, 0xaa), 1, 50, false);
  const want = ref.extendLast(0, bytes(60, 0xbb), 100, 1000, 2, true)!;
  const got = extendLast(prb, 0, bytes(60, 0xbb), 100, 1000, 2, true)!;
  expect(got.map(view)).toEqual(want.map(view));
  expect(Array.from(got[0]!.text)).toEqual([...bytes(40, 0xaa), ...bytes(60, 0xbb)]);
  expect(prb.dataBytes).toBe(ref.dataBytes);
  for (let s = ref.firstSeq; s < ref.nextSeq; s++) {
    expect(view(prb.read(s))).toEqual(view(ref.read(s)));
  }
});
