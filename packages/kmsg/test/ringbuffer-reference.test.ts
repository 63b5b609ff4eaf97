/**
 * The typed-array printk ring against the object reference: the same
 * reservations and continuations (texts up to 300 bytes in 4 and 8 KiB
 * rings, so blocks wrap, straddle and push records out) must give the same
 * finalized records, the same counters and the same reads.
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { PrintkRingbuffer } from '../src/printk-ringbuffer.ts';
import type { PrintkRecord } from '../src/record.ts';
import { ReferencePrintkRingbuffer } from './reference-ringbuffer.ts';

const RECORD_MAX = 1000;
const op = fc.record({
  extend: fc.boolean(),
  len: fc.integer({ min: 0, max: 300 }),
  /** reserveSize − text length: at least the NUL. */
  slack: fc.integer({ min: 1, max: 20 }),
  final: fc.boolean(),
  caller: fc.integer({ min: 0, max: 2 })
});

const view = (r: PrintkRecord | null) => r && { ...r, text: Array.from(r.text) };

it('stores, finalizes and reads exactly as the reference', () => {
  fc.assert(
    fc.property(fc.array(op, { maxLength: 400 }), fc.constantFrom(4096, 8192), (ops, n) => {
      const ref = new ReferencePrintkRingbuffer(n);
      const prb = new PrintkRingbuffer(n);
      ops.forEach((o, t) => {
        const reserveSize = Math.min(o.len + o.slack, RECORD_MAX);
        const text = Uint8Array.from(
          { length: reserveSize - 1 },
          (_, i) => (i * 7 + t) & 0xff
        ).subarray(0, o.len);
        const info = {
          tsNsec: BigInt(t),
          facility: 0,
          level: 6,
          callerId: o.caller,
          devInfo: null
        };
        const want = o.extend
          ? ref.extendLast(o.caller, text.slice(), reserveSize, RECORD_MAX, 2, o.final)
          : ref.reserve(info, text.slice(), 1, reserveSize, o.final);
        const got = o.extend
          ? prb.extendLast(o.caller, text, reserveSize, RECORD_MAX, 2, o.final)
          : prb.reserve(info, text, 1, reserveSize, o.final);
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
  for (const r of [ref, prb]) {
    // Ten blocks of ALIGN(392 + 8, 8) = 400 bytes: the head at 4000.
    for (let k = 0; k < 10; k++) r.reserve(info, bytes(300, k), 1, 392, true);
    // An open record in [4000, 4064), then continued past 4096: it moves.
    r.reserve(info, bytes(40, 0xaa), 1, 50, false);
  }
  const want = ref.extendLast(0, bytes(60, 0xbb), 100, 1000, 2, true)!;
  const got = prb.extendLast(0, bytes(60, 0xbb), 100, 1000, 2, true)!;
  expect(got.map(view)).toEqual(want.map(view));
  expect(Array.from(got[0]!.text)).toEqual([...bytes(40, 0xaa), ...bytes(60, 0xbb)]);
  expect(prb.dataBytes).toBe(ref.dataBytes);
  for (let s = ref.firstSeq; s < ref.nextSeq; s++) {
    expect(view(prb.read(s))).toEqual(view(ref.read(s)));
  }
});
