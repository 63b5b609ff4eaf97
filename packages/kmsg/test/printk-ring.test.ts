import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  callerTask,
  KERN_CONT,
  KERN_ERR,
  KERN_INFO,
  KmsgError,
  PrintkRing,
  type PrintkRecord
} from '../src/index.ts';
import { callerCpu } from '../src/caller-id.ts';
import { LOG_CONT, LOG_NEWLINE } from '../src/kern-levels.ts';
import { bytes, ringWithClock, text } from './helpers.ts';

describe('printk store (vprintk_store)', () => {
  it('numbers records from 0 and takes the level from a KERN_* prefix', () => {
    const { ring } = ringWithClock();
    ring.printk(KERN_ERR + 'one\n');
    ring.printk('two\n');
    const [a, b] = [...ring.records()];
    expect(a).toMatchObject({ seq: 0, level: 3, facility: 0, flags: LOG_NEWLINE });
    expect(text(a!.text)).toBe('one');
    expect(b).toMatchObject({ seq: 1, level: 4 }); // default_message_loglevel
    expect(ring.firstSeq).toBe(0);
    expect(ring.nextSeq).toBe(2);
  });

  it('stamps each record with the injected clock at its first printk', () => {
    const { ring, t } = ringWithClock();
    t.ns = 12_345_678_901n;
    ring.printk(KERN_INFO + 'a');
    t.ns = 99_000_000_000n;
    ring.prCont('b\n');
    expect(ring.read(0)?.tsNsec).toBe(12_345_678_901n);
  });

  it('keeps a multi-line message as ONE record with inner newlines, as printk does', () => {
    const { ring } = ringWithClock();
    ring.printk(KERN_INFO + 'line1\nline2\n');
    expect(ring.nextSeq).toBe(1);
    expect(text(ring.read(0)!.text)).toBe('line1\nline2');
  });

  it('strips only one trailing newline (an empty last line stays)', () => {
    const { ring } = ringWithClock();
    ring.printk('a\n\n');
    expect(text(ring.read(0)!.text)).toBe('a\n');
  });

  it('reads level and KERN_CONT only from the first 7 bytes but strips every prefix', () => {
    const { ring } = ringWithClock();
    ring.printk('x\n');
    // Three KERN_CONT then KERN_INFO: the level sits beyond prefix_buf[8].
    ring.printk('\x01c\x01c\x01c\x016 y\n');
    const r = ring.read(1)!;
    expect(r.level).toBe(4);
    expect(r.flags).toBe(LOG_CONT | LOG_NEWLINE);
    expect(text(r.text)).toBe(' y');
  });

  it('cuts text at the first NUL like "%s"', () => {
    const { ring } = ringWithClock();
    ring.printk('abc\0def\n');
    ring.printk('next\n');
    expect(text(ring.read(0)!.text)).toBe('abc');
    expect(ring.read(0)!.flags).toBe(0); // the newline was after the NUL
  });

  // Strings are encoded into the ring's scratch area, at most recordMax + 3
  // bytes of them: the records (and the lines printed from them) must be
  // those of the whole string's UTF-8 bytes, also where the cut falls in a
  // character of 2, 3 or 4 bytes.
  it('stores a string exactly as its UTF-8 bytes, whatever the text', () => {
    const piece = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.constantFrom('\n', '\0', KERN_CONT, KERN_ERR, '\u00fc', '\ud800', 'x'.repeat(1200)),
      fc.constantFrom('x', 'xx', 'x'.repeat(989), 'x'.repeat(990), '\u00fc'.repeat(496)),
      fc.constantFrom('\u20ac'.repeat(331), '\u{1f600}'.repeat(248), 'x\ny'.repeat(300))
    );
    fc.assert(
      fc.property(
        fc.array(
          fc.array(piece, { maxLength: 4 }).map((p) => p.join('')),
          { maxLength: 12 }
        ),
        (msgs) => {
          const a = ringWithClock().ring;
          const b = ringWithClock().ring;
          for (const m of msgs) {
            expect(a.printk(m)).toBe(b.printk(bytes(m)));
          }
          const opts = { syslog: false, time: true, caller: false };
          const view = (r: PrintkRing) =>
            [...r.records()].map((x) => ({
              ...x,
              text: [...x.text],
              // A copy: the ring prints every line into the same buffer.
              line: r.line(x.seq, opts, 1024)?.slice() ?? null
            }));
          expect(view(a)).toEqual(view(b));
        }
      ),
      { numRuns: 300 }
    );
  });

  it('truncates at LOG_LINE_MAX − 1 bytes; a cut-off newline leaves the record open', () => {
    const { ring } = ringWithClock();
    expect(ring.recordMax).toBe(992);
    ring.printk('a'.repeat(2000) + '\n');
    expect(ring.read(0)).toBeNull();
    ring.printk('b\n');
    expect(ring.read(0)!.text.length).toBe(991);
    expect(ring.read(0)!.flags).toBe(0);
  });

  it('uses LOG_LINE_MAX 976 with CONFIG_PRINTK_CALLER (PREFIX_MAX 48)', () => {
    expect(new PrintkRing({ printkCaller: true }).recordMax).toBe(976);
  });

  it('forces a dev_printk record complete and keeps its dictionary', () => {
    const { ring } = ringWithClock();
    ring.printk(KERN_INFO + 'no newline', { devInfo: { subsystem: 'pci', device: '+pci:0:1' } });
    expect(ring.read(0)).toMatchObject({ flags: LOG_NEWLINE, devInfo: { subsystem: 'pci' } });
  });

  it('rejects a bad level, facility or a clock that goes negative with EINVAL', () => {
    expect(() => ringWithClock().ring.vprintkEmit(0, 8, 'x')).toThrow(/level 8/);
    expect(() => ringWithClock().ring.vprintkEmit(256, 1, 'x')).toThrow(/facility 256/);
    const ring = new PrintkRing({ clock: () => -1n });
    expect(() => ring.printk('x\n')).toThrow(KmsgError);
  });

  it('rejects a log_buf_len that is not a power of two of at least 4 KiB', () => {
    expect(() => new PrintkRing({ logBufLen: 6000 })).toThrow(/power of two/);
    expect(() => new PrintkRing({ logBufLen: 2048 })).toThrow(/log_buf_len 2048/);
  });
});

describe('continuation lines (KERN_CONT / pr_cont)', () => {
  it('merges fragments of the same caller until a newline finalizes the record', () => {
    const { ring } = ringWithClock();
    const seen: PrintkRecord[] = [];
    ring.subscribe((r) => seen.push(r));
    ring.printk(KERN_INFO + 'Booting');
    ring.prCont(' CPU');
    expect(ring.read(0)).toBeNull(); // not finalized: invisible to readers
    expect(ring.nextSeq).toBe(0);
    ring.prCont(' 1\n');
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ seq: 0, level: 6, flags: LOG_NEWLINE });
    expect(text(seen[0]!.text)).toBe('Booting CPU 1');
  });

  it('finalizes an open record when the next non-continuation message arrives', () => {
    const { ring } = ringWithClock();
    ring.printk(KERN_INFO + 'partial');
    ring.printk(KERN_INFO + 'other\n');
    expect(ring.read(0)).toMatchObject({ flags: 0 });
    expect(text(ring.read(0)!.text)).toBe('partial');
    expect(text(ring.read(1)!.text)).toBe('other');
  });

  it('does not merge a fragment of another caller: it becomes a LOG_CONT record', () => {
    const { ring } = ringWithClock();
    ring.printk(KERN_INFO + 'task 1 says', { callerId: callerTask(1) });
    ring.prCont(' irq\n', { callerId: callerCpu(0) });
    expect(text(ring.read(0)!.text)).toBe('task 1 says');
    expect(ring.read(1)).toMatchObject({ flags: LOG_CONT | LOG_NEWLINE, level: 4 });
  });

  it('starts a LOG_CONT record when the previous record already ended with a newline', () => {
    const { ring } = ringWithClock();
    ring.printk('done\n');
    ring.printk(KERN_CONT + KERN_ERR + 'late\n');
    expect(ring.read(1)).toMatchObject({ flags: LOG_CONT | LOG_NEWLINE, level: 3 });
  });

  it('starts a new record when the merged text would exceed LOG_LINE_MAX', () => {
    const { ring } = ringWithClock();
    ring.printk('a'.repeat(900));
    ring.prCont('b'.repeat(100) + '\n');
    expect(ring.read(0)!.text.length).toBe(900);
    expect(ring.read(1)!.text.length).toBe(100);
  });

  it('delivers records to listeners in seq order even when a listener printks', () => {
    const { ring } = ringWithClock();
    const a: number[] = [];
    const b: number[] = [];
    ring.subscribe((r) => {
      a.push(r.seq);
      if (r.seq === 0) ring.printk('from listener\n');
    });
    ring.subscribe((r) => b.push(r.seq));
    ring.printk('first\n');
    expect(a).toEqual([0, 1]);
    expect(b).toEqual([0, 1]);
  });

  it('delivers the next printk alone after a listener threw (nothing left over is delivered again)', () => {
    const { ring } = ringWithClock();
    const seen: number[] = [];
    const wakes: number[] = [];
    ring.subscribe((r) => {
      seen.push(r.seq);
      if (r.seq === 1) throw new Error('listener fell over');
    });
    ring.subscribeStores(() => wakes.push(ring.nextSeq));
    ring.printk('a\n');
    expect(() => ring.printk('b\n')).toThrow('listener fell over');
    ring.printk('c\n');
    // Every record once, in order, and each store woke the console layer once.
    expect(seen).toEqual([0, 1, 2]);
    expect(wakes).toEqual([1, 2, 3]);
  });

  it('delivers a burst of nested printk from listeners in order, once each', () => {
    const { ring } = ringWithClock();
    const seen: number[] = [];
    ring.subscribe((r) => {
      seen.push(r.seq);
      if (r.seq < 40) ring.printk(`nested ${r.seq}\n`);
    });
    for (let k = 0; k < 3; k++) ring.printk(`top ${k}\n`);
    expect(seen).toEqual(Array.from({ length: seen.length }, (_, i) => i));
    expect(seen.length).toBe(43);
  });

  it('stops notifying after unsubscribe', () => {
    const { ring } = ringWithClock();
    const seen: number[] = [];
    const off = ring.subscribe((r) => seen.push(r.seq));
    ring.printk('a\n');
    off();
    ring.printk('b\n');
    expect(seen).toEqual([0]);
  });
});

describe('ring overwrite (printk_ringbuffer accounting)', () => {
  it('holds at most log_buf_len/32 records (descriptors), dropping the oldest', () => {
    const { ring } = ringWithClock({ logBufLen: 4096 });
    expect(ring.descCount).toBe(128);
    for (let i = 0; i < 200; i++) ring.printk(KERN_INFO + 'abc\n');
    expect(ring.firstSeq).toBe(72);
    expect(ring.nextSeq).toBe(200);
    expect([...ring.records()]).toHaveLength(128);
    // Each reservation of 7 bytes ("\x016abc\n" + NUL) takes ALIGN(7 + 8, 8) = 16 bytes.
    expect(ring.dataBytes).toBe(128 * 16);
  });

  it('drops the oldest when the text ring is full; a block never straddles the wrap', () => {
    const { ring } = ringWithClock({ logBufLen: 4096 });
    const line = 'x'.repeat(100) + '\n'; // reserves 102 bytes -> 112-byte blocks
    for (let i = 0; i < 36; i++) ring.printk(line);
    expect(ring.firstSeq).toBe(0);
    expect(ring.dataBytes).toBe(36 * 112);
    // Block 37 would straddle 4096: it starts at the next wrap, and the 64 skipped
    // bytes are its own, so record 0 must go.
    ring.printk(line);
    expect(ring.firstSeq).toBe(1);
    expect(ring.dataBytes).toBe(4096);
    ring.printk(line);
    expect(ring.firstSeq).toBe(2);
  });

  it('reads the oldest surviving record when asked for an overwritten seq', () => {
    const { ring } = ringWithClock({ logBufLen: 4096 });
    for (let i = 0; i < 130; i++) ring.printk(`m${i}\n`);
    expect(ring.read(0)?.seq).toBe(2);
    expect(ring.read(500)).toBeNull();
  });
});

describe('clear_seq and syslog_seq', () => {
  it('clear() moves clear_seq past the newest record (dmesg -C)', () => {
    const { ring } = ringWithClock();
    ring.printk('a\n');
    ring.printk('b\n');
    ring.clear();
    expect(ring.clearSeq).toBe(2);
  });

  it('syslogReadRecord() consumes records once, like /proc/kmsg', () => {
    const { ring } = ringWithClock();
    ring.printk('a\n');
    expect(ring.syslogReadRecord()?.seq).toBe(0);
    expect(ring.syslogReadRecord()).toBeNull();
    expect(ring.syslogSeq).toBe(1);
  });
});
