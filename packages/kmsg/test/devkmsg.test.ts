import { describe, expect, it } from 'vitest';
import {
  callerTask,
  formatDevkmsgRecord,
  KERN_INFO,
  KmsgError,
  recordPrintText
} from '../src/index.ts';
import { LOG_USER } from '../src/kern-levels.ts';
import { bytes, ringWithClock, text } from './helpers.ts';

describe('/dev/kmsg record format (Documentation/ABI/testing/dev-kmsg)', () => {
  it('prints "<pri>,<seq>,<usec>,-;text\\n" and escapes control bytes, DEL, 8-bit bytes and "\\"', () => {
    const { ring, t } = ringWithClock();
    ring.printk('skip\n');
    t.ns = 1_234_567_890n;
    ring.printk(KERN_INFO + 'a\\b\tc\x7fé\n');
    expect(formatDevkmsgRecord(ring.read(1)!)).toBe('6,1,1234567,-;a\\x5cb\\x09c\\x7f\\xc3\\xa9\n');
  });

  it('escapes inner newlines of a multi-line record', () => {
    const { ring } = ringWithClock();
    ring.printk('one\ntwo\n');
    expect(formatDevkmsgRecord(ring.read(0)!)).toBe('4,0,0,-;one\\x0atwo\n');
  });

  it("flags an unmerged continuation fragment with 'c'", () => {
    const { ring } = ringWithClock();
    ring.printk('done\n');
    ring.prCont('more\n');
    expect(formatDevkmsgRecord(ring.read(1)!)).toBe('4,1,0,c;more\n');
  });

  it('adds ",caller=T<pid>" with CONFIG_PRINTK_CALLER', () => {
    const { ring } = ringWithClock({ printkCaller: true });
    ring.printk('x\n', { callerId: callerTask(42) });
    expect(formatDevkmsgRecord(ring.read(0)!, true)).toBe('4,0,0,-,caller=T42;x\n');
  });

  it('appends " SUBSYSTEM=" and " DEVICE=" lines for non-empty dictionary values', () => {
    const { ring } = ringWithClock();
    ring.printk(KERN_INFO + 'probe', {
      devInfo: { subsystem: 'pci', device: '+pci:0000:00:01.0' }
    });
    ring.printk(KERN_INFO + 'x', { devInfo: { subsystem: '', device: 'b8:0' } });
    expect(formatDevkmsgRecord(ring.read(0)!)).toBe(
      '6,0,0,-;probe\n SUBSYSTEM=pci\n DEVICE=+pci:0000:00:01.0\n'
    );
    expect(formatDevkmsgRecord(ring.read(1)!)).toBe('6,1,0,-;x\n DEVICE=b8:0\n');
  });
});

describe('devkmsg_write (writing to /dev/kmsg)', () => {
  const SYSLOG = { syslog: true, time: false, caller: false };

  it('stores "<12>…" as facility user (1), level warning (4)', () => {
    const { ring } = ringWithClock();
    expect(ring.devkmsgWrite('<12>PSTEST-MARKER hello\n')).toBe(24);
    expect(ring.read(0)).toMatchObject({ facility: LOG_USER, level: 4 });
    expect(text(recordPrintText(ring.read(0)!, SYSLOG))).toBe('<12>PSTEST-MARKER hello\n');
  });

  it('defaults to LOG_USER at default_message_loglevel and keeps LOG_USER for "<0>"', () => {
    const { ring } = ringWithClock();
    ring.devkmsgWrite('plain\n');
    ring.devkmsgWrite('<0>emerg\n');
    ring.devkmsgWrite('<30>daemon info\n');
    ring.devkmsgWrite('<>empty\n');
    ring.devkmsgWrite('<1x>not a prefix\n');
    const pri = [...ring.records()].map((r) => (r.facility << 3) | r.level);
    expect(pri).toEqual([12, 8, 30, 8, 12]);
    expect(text(ring.read(4)!.text)).toBe('<1x>not a prefix');
  });

  it('does not parse KERN_* prefixes in user text (facility is not 0)', () => {
    const { ring } = ringWithClock();
    ring.devkmsgWrite(bytes('\x013x\n'));
    expect(ring.read(0)).toMatchObject({ level: 4 });
    expect(text(ring.read(0)!.text)).toBe('\x013x');
  });

  it('rejects a write longer than LOG_LINE_MAX with EINVAL', () => {
    const { ring } = ringWithClock();
    try {
      ring.devkmsgWrite('x'.repeat(993));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(KmsgError);
      expect((e as KmsgError).code).toBe('EINVAL');
      expect((e as KmsgError).message).toContain('993');
    }
  });
});
