/**
 * The one-line fast path writes the prefix's digits itself; the string
 * prefix of record-print-text.ts (infoPrintPrefix) is the reference.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { printOneLine } from '../src/print-line-bytes.ts';
import { infoPrintPrefix } from '../src/record-print-text.ts';
import type { PrintkRecord } from '../src/record.ts';
import { text } from './helpers.ts';

const record = fc.record({
  seq: fc.nat(),
  tsNsec: fc.oneof(
    fc.bigInt({ min: 0n, max: 9_007_199_254_740_991n }),
    fc.bigInt({ min: 0n, max: 200_000_000_000_000n }),
    fc.bigInt({ min: 1n, max: 9_007_199n }).map((s) => s * 1_000_000_000n - 1n)
  ),
  facility: fc.integer({ min: 0, max: 255 }),
  level: fc.integer({ min: 0, max: 7 }),
  flags: fc.integer({ min: 0, max: 31 }),
  callerId: fc.constant(0),
  text: fc.uint8Array({ maxLength: 80 }).map((b) => b.map((c) => (c === 0x0a ? 0x41 : c))),
  devInfo: fc.constant(null)
}) as fc.Arbitrary<PrintkRecord>;

const opts = fc.record({ syslog: fc.boolean(), time: fc.boolean(), caller: fc.constant(false) });

describe('printOneLine (the common line in bytes)', () => {
  it('equals the string prefix, the text and a newline', () => {
    fc.assert(
      fc.property(record, opts, (rec, o) => {
        const want = new Uint8Array([
          ...new TextEncoder().encode(infoPrintPrefix(rec, o)),
          ...rec.text,
          0x0a
        ]);
        const got = printOneLine(rec, o, Number.POSITIVE_INFINITY);
        expect(got && text(got)).toBe(text(want));
        expect(got).toEqual(want);
      }),
      { numRuns: 1000 }
    );
  });

  it('equals the string prefix line after line, seconds repeating and changing (its cache of the seconds)', () => {
    const sec = fc.constantFrom(0n, 1n, 9n, 99_999n, 100_000n, 1_234_567n);
    const times = fc.array(
      fc
        .tuple(sec, fc.bigInt({ min: 0n, max: 999_999_999n }))
        .map(([s, ns]) => s * 1_000_000_000n + ns),
      { minLength: 2, maxLength: 40 }
    );
    fc.assert(
      fc.property(times, record, opts, (ts, rec, o) => {
        for (const tsNsec of ts) {
          const r = { ...rec, tsNsec };
          const want = [...new TextEncoder().encode(infoPrintPrefix(r, o)), ...r.text, 0x0a];
          expect(Array.from(printOneLine(r, o, Number.POSITIVE_INFINITY)!)).toEqual(want);
        }
      }),
      { numRuns: 300 }
    );
  });

  it('declines what it does not handle: newlines, caller ids, times from 2^53 ns, no room', () => {
    const rec: PrintkRecord = {
      seq: 0,
      tsNsec: 1_500_000n,
      facility: 0,
      level: 6,
      flags: 0,
      callerId: 0,
      text: new TextEncoder().encode('abc'),
      devInfo: null
    };
    const o = { syslog: true, time: true, caller: false };
    expect(text(printOneLine(rec, o, 100)!)).toBe('<6>[    0.001500] abc\n');
    expect(printOneLine({ ...rec, text: new TextEncoder().encode('a\nb') }, o, 100)).toBeNull();
    expect(printOneLine(rec, { ...o, caller: true }, 100)).toBeNull();
    expect(printOneLine({ ...rec, tsNsec: 9_007_199_254_740_992n }, o, 100)).toBeNull();
    // 18 bytes of prefix, 3 of text, the newline and the NUL need 23.
    expect(printOneLine(rec, o, 22)).toBeNull();
    expect(printOneLine(rec, o, 23)).not.toBeNull();
  });
});
