import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  callerTask,
  KERN_EMERG,
  KERN_INFO,
  recordPrintText,
  recordPrintTextSize,
  type PrintkRecord
} from '../src/index.ts';
import { callerCpu } from '../src/caller-id.ts';
import { infoPrintPrefix, printTime } from '../src/record-print-text.ts';
import { ringWithClock, text } from './helpers.ts';

const SYSLOG = { syslog: true, time: true, caller: false };
const CONSOLE = { syslog: false, time: true, caller: false };

function rec(t: string, over: Partial<PrintkRecord> = {}): PrintkRecord {
  return {
    seq: 0,
    tsNsec: 12_345_678_000n,
    facility: 0,
    level: 0,
    flags: 2,
    callerId: 0,
    text: new TextEncoder().encode(t),
    devInfo: null,
    ...over
  };
}

describe('print_time "[%5lu.%06lu]"', () => {
  it.each([
    [0n, '[    0.000000]'],
    [1_500n, '[    0.000001]'], // microseconds are truncated, not rounded
    [999n, '[    0.000000]'],
    [12_345_678_000n, '[   12.345678]'],
    [99_999_999_999_999n, '[99999.999999]'],
    [123_456_789_000_001_000n, '[123456789.000001]'] // wider than 5 columns
  ])('formats %s ns as %s', (ns, want) => {
    expect(printTime(ns)).toBe(want);
  });

  // The fast path divides in doubles below 2^53 ns; the reference is BigInt arithmetic.
  const reference = (ns: bigint): string =>
    `[${String(ns / 1_000_000_000n).padStart(5, ' ')}.${String((ns % 1_000_000_000n) / 1000n).padStart(6, '0')}]`;
  it('agrees with BigInt division for every 64-bit time', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), (ns) => {
        expect(printTime(ns)).toBe(reference(ns));
      })
    );
  });
  it('agrees just below whole seconds (1–999 ns short), up to 2^53 ns', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 9_007_199n }),
        fc.bigInt({ min: 1n, max: 999n }),
        (sec, short) => {
          const ns = sec * 1_000_000_000n - short;
          expect(printTime(ns)).toBe(reference(ns));
        }
      )
    );
    expect(printTime(9_007_199_254_740_991n)).toBe(reference(9_007_199_254_740_991n));
    expect(printTime(9_007_199_254_740_992n)).toBe(reference(9_007_199_254_740_992n));
  });
});

describe('record_print_text (syslog format, as kmsg dumps use)', () => {
  it('prints "<N>[time] text\\n" with N = facility·8 + level', () => {
    expect(text(recordPrintText(rec('Kernel panic'), SYSLOG))).toBe(
      '<0>[   12.345678] Kernel panic\n'
    );
    expect(text(recordPrintText(rec('marker', { facility: 1, level: 4 }), SYSLOG))).toBe(
      '<12>[   12.345678] marker\n'
    );
  });

  it('repeats the prefix on every line of a multi-line record', () => {
    expect(text(recordPrintText(rec('a\nb\n'), SYSLOG))).toBe(
      '<0>[   12.345678] a\n<0>[   12.345678] b\n<0>[   12.345678] \n'
    );
  });

  it('adds the caller as "[%6s]" right after the time (CONFIG_PRINTK_CALLER)', () => {
    const r = rec('evm: x', { level: 6, tsNsec: 14_151_081_000n, callerId: callerTask(1) });
    expect(text(recordPrintText(r, { ...SYSLOG, caller: true }))).toBe(
      '<6>[   14.151081][    T1] evm: x\n'
    );
    expect(infoPrintPrefix({ ...r, callerId: callerCpu(2) }, { ...SYSLOG, caller: true })).toBe(
      '<6>[   14.151081][    C2] '
    );
  });

  it('prints no separating space when neither time nor caller is on', () => {
    expect(text(recordPrintText(rec('x'), { syslog: true, time: false, caller: false }))).toBe(
      '<0>x\n'
    );
    expect(
      text(recordPrintText(rec('x', { callerId: 42 }), { syslog: true, time: false, caller: true }))
    ).toBe('<0>[   T42] x\n');
  });

  it('computes the formatted size as prefix·lines + text + 1 (get_record_print_text_size)', () => {
    const r = rec('a\nbc');
    expect(recordPrintTextSize(r, SYSLOG)).toBe(18 * 2 + 4 + 1);
    expect(recordPrintText(r, SYSLOG)).toHaveLength(recordPrintTextSize(r, SYSLOG));
  });
});

describe('record_print_text (console format)', () => {
  it('prints "[    s.us] text\\n" without "<N>"', () => {
    const { ring, t } = ringWithClock();
    t.ns = 211_039_000n;
    ring.printk(KERN_INFO + 'printk: console [ramoops-1] enabled\n');
    expect(text(recordPrintText(ring.read(0)!, CONSOLE))).toBe(
      '[    0.211039] printk: console [ramoops-1] enabled\n'
    );
  });

  it('prints the bare text when printk.time is off', () => {
    const { ring } = ringWithClock();
    ring.printk(KERN_EMERG + 'x\n');
    expect(text(recordPrintText(ring.read(0)!, { ...CONSOLE, time: false }))).toBe('x\n');
  });
});

describe('record_print_text truncation to a reader buffer', () => {
  it('drops whole lines that do not fit with their prefix, newline and NUL', () => {
    const r = rec('aaaa\nbbbb');
    const opts = { syslog: false, time: false, caller: false };
    expect(text(recordPrintText(r, opts, 8))).toBe('aaaa\n');
    expect(text(recordPrintText(r, opts, 11))).toBe('aaaa\nbbbb\n');
    expect(text(recordPrintText(r, opts, 10))).toBe('aaaa\n');
  });

  it('returns nothing when even the first line does not fit', () => {
    expect(recordPrintText(rec('abcdef'), SYSLOG, 20)).toHaveLength(0);
  });
});

describe('recordPrintText, one-line fast path', () => {
  it('gives for every single-line record what the general path gives', () => {
    // The fast path is taken for one line that fits; a newline or a tight buffer takes the other.
    for (const t of ['eth0: link up', '', 'x'.repeat(200), 'two\nlines', 'trailing\n']) {
      for (const bufSize of [Infinity, 1024, t.length + 30, t.length + 29, 10]) {
        const r = rec(t, { level: 6 });
        const got = text(recordPrintText(r, CONSOLE, bufSize));
        const withNewline = text(recordPrintText(rec(`${t}\nz`, { level: 6 }), CONSOLE, bufSize));
        if (!t.includes('\n') && infoPrintPrefix(r, CONSOLE).length + t.length + 2 <= bufSize) {
          expect(got).toBe(`${infoPrintPrefix(r, CONSOLE)}${t}\n`);
          // The general path's first line of a two-line record is the same bytes.
          expect(withNewline.startsWith(got)).toBe(true);
        }
      }
    }
  });
});
