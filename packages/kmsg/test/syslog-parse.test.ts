import { describe, expect, it } from 'vitest';
import { readKernelCase, skipMessage, vectorsAvailable } from '@pstore/test-vectors';
import {
  callerTask,
  formatSyslogLine,
  KmsgDumpIter,
  KmsgError,
  parseSyslogLine,
  parseSyslogText
} from '../src/index.ts';
import { LOG_USER } from '../src/kern-levels.ts';
import { bytes, ringWithClock, text } from './helpers.ts';

if (!vectorsAvailable) skipMessage();

describe('syslog format parser', () => {
  it('parses "<N>[ s.us] text" into facility, level, time and text', () => {
    const l = parseSyslogLine('<12>[    2.575208] PSTEST-MARKER kmsg line 1');
    expect(l).toMatchObject({
      facility: LOG_USER,
      level: 4,
      tsNsec: 2_575_208_000n,
      callerId: null
    });
    expect(text(l.text)).toBe('PSTEST-MARKER kmsg line 1');
  });

  it('parses the caller field and seconds wider than five columns', () => {
    const l = parseSyslogLine('<6>[123456.000001][    T1] x');
    expect(l).toMatchObject({ tsNsec: 123_456_000_001_000n, callerId: callerTask(1) });
    expect(text(l.text)).toBe('x');
  });

  it('takes a line without time or caller as bare text (no separating space)', () => {
    const l = parseSyslogLine('<3>[not a time] y');
    expect(l).toMatchObject({ level: 3, tsNsec: null, callerId: null });
    expect(text(l.text)).toBe('[not a time] y');
  });

  it('does not take badly padded numbers for a kernel time (%5lu has no leading zeros)', () => {
    expect(parseSyslogLine('<6>[00000.000001] z').tsNsec).toBeNull();
    expect(parseSyslogLine('<6>[ 0.000001] z').tsNsec).toBeNull();
  });

  it('honours explicit options and rejects lines that lack what they require', () => {
    expect(parseSyslogLine('<6>[    T1] t', { caller: false }).callerId).toBeNull();
    expect(() => parseSyslogLine('<6>text', { time: true })).toThrow(KmsgError);
    expect(() => parseSyslogLine('Panic#1 Part1')).toThrow(/does not start with "<N>"/);
  });

  it('names the line number of a malformed line and returns a cut-off tail as rest', () => {
    const parsed = parseSyslogText('<6>[    0.000000] a\n<0>[    2.613671] Kern');
    expect(parsed.lines).toHaveLength(1);
    expect(text(parsed.rest)).toBe('<0>[    2.613671] Kern');
    expect(() => parseSyslogText('<6>a\nbad\n')).toThrow(/line 2/);
  });

  it('formats every parsed line back to the same bytes', () => {
    for (const s of [
      '<6>[    0.575993] rcu: \tMax phase',
      '<0>x',
      '<14>[    T9] u',
      '<6>[    1.000000] '
    ]) {
      expect(text(formatSyslogLine(parseSyslogLine(s)))).toBe(s + '\n');
    }
  });
});

describe.skipIf(!vectorsAvailable)(
  'a real 6.1 kmsg dump (debian-6.1-ecc0-none dmesg-ramoops-0)',
  () => {
    const file = vectorsAvailable
      ? readKernelCase('debian-6.1-ecc0-none').files.get('dmesg-ramoops-0')!
      : new Uint8Array();
    const header = 'Panic#1 Part1\n';
    const body = file.subarray(header.length);
    const parsed = parseSyslogText(body);
    const complete = body.subarray(0, body.length - parsed.rest.length);

    it('starts with the pstore part header and ends in a line cut by ramoops', () => {
      expect(text(file.subarray(0, header.length))).toBe(header);
      expect(parsed.lines.length).toBeGreaterThan(200);
      expect(text(parsed.rest)).toBe('<0>[    2.613671] Kern');
    });

    it('re-formats the parsed lines byte for byte', () => {
      const out = Buffer.concat(parsed.lines.map(formatSyslogLine));
      expect(Buffer.compare(out, complete)).toBe(0);
    });

    it('replays the lines through printk and dumps them back identically, whole or paged', () => {
      const { ring, t } = ringWithClock();
      for (const l of parsed.lines) {
        t.ns = l.tsNsec!;
        ring.vprintkEmit(l.facility, l.level, Buffer.concat([l.text, bytes('\n')]));
      }
      const whole = new KmsgDumpIter(ring).getBuffer(1 << 20, true)!;
      expect(Buffer.compare(whole, complete)).toBe(0);

      const iter = new KmsgDumpIter(ring);
      const chunks: Uint8Array[] = [];
      for (let c = iter.getBuffer(4096, true); c; c = iter.getBuffer(4096, true)) {
        expect(c.length).toBeLessThanOrEqual(4095);
        expect(c.at(-1)).toBe(0x0a); // records are never split
        chunks.unshift(c);
      }
      expect(chunks.length).toBeGreaterThan(3);
      expect(Buffer.compare(Buffer.concat(chunks), complete)).toBe(0);
    });
  }
);
