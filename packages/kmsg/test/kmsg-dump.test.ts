import { describe, expect, it } from 'vitest';
import {
  KERN_INFO,
  KMSG_DUMP_EMERG,
  KMSG_DUMP_OOPS,
  KMSG_DUMP_PANIC,
  KmsgDumpers,
  KmsgDumpFailure,
  KmsgDumpIter,
  KmsgError,
  kmsgDumpReasonStr,
  parseSyslogText,
  syslogPrintAll,
  type KmsgDumper,
  type PrintkRing
} from '../src/index.ts';
import { ringWithClock, text } from './helpers.ts';

const V6_1 = { major: 6, minor: 1, sublevel: 192 };

/** n records "msg 000".."msg n-1" at time 0: 26 bytes each in the syslog format. */
function filled(n: number, logBufLen?: number): PrintkRing {
  const { ring } = ringWithClock(logBufLen === undefined ? {} : { logBufLen });
  for (let i = 0; i < n; i++) ring.printk(`${KERN_INFO}msg ${String(i).padStart(3, '0')}\n`);
  return ring;
}

const seqs = (buf: Uint8Array) =>
  parseSyslogText(buf).lines.map((l) => Number(text(l.text).slice(4)));

describe('kmsg_dump_get_buffer', () => {
  it('returns the newest whole records in oldest-to-newest order, then the block before', () => {
    const iter = new KmsgDumpIter(filled(10));
    expect(seqs(iter.getBuffer(105, true)!)).toEqual([6, 7, 8, 9]);
    expect(seqs(iter.getBuffer(105, true)!)).toEqual([2, 3, 4, 5]);
    expect(seqs(iter.getBuffer(105, true)!)).toEqual([0, 1]);
    expect(iter.getBuffer(105, true)).toBeNull();
  });

  it('keeps one byte for the NUL: text is at most size − 1 bytes', () => {
    const ring = filled(10);
    expect(new KmsgDumpIter(ring).getBuffer(105, true)).toHaveLength(104); // 4 × 26
    expect(new KmsgDumpIter(ring).getBuffer(104, true)).toHaveLength(78); // 3 × 26
  });

  it('follows printk.time and CONFIG_PRINTK_CALLER of the ring', () => {
    const { ring } = ringWithClock({ printkCaller: true });
    ring.printk(`${KERN_INFO}x\n`);
    expect(text(new KmsgDumpIter(ring).getBuffer(100, true)!)).toBe(
      '<6>[    0.000000][    T0] x\n'
    );
    ring.printkTime = false;
    expect(text(new KmsgDumpIter(ring).getBuffer(100, true)!)).toBe('<6>[    T0] x\n');
  });

  it('formats without "<N>" when syslog is false', () => {
    const out = new KmsgDumpIter(filled(1)).getBuffer(100, false)!;
    expect(text(out)).toBe('[    0.000000] msg 000\n');
  });

  it('returns null for size 0 and an empty window', () => {
    expect(new KmsgDumpIter(filled(3)).getBuffer(0, true)).toBeNull();
    expect(new KmsgDumpIter(filled(0)).getBuffer(100, true)).toBeNull();
  });

  it('returns an empty buffer and does not move when the newest record does not fit', () => {
    const iter = new KmsgDumpIter(filled(3));
    expect(iter.getBuffer(26, true)).toHaveLength(0);
    expect(iter.nextSeq).toBe(3);
    expect(seqs(iter.getBuffer(27, true)!)).toEqual([2]);
  });

  it('fixes the window at rewind: later records are not dumped until the next rewind', () => {
    const ring = filled(3);
    const iter = new KmsgDumpIter(ring);
    ring.printk('late\n');
    expect(seqs(iter.getBuffer(1000, true)!)).toEqual([0, 1, 2]);
    iter.rewind();
    expect(iter.getBuffer(1000, true)!.length).toBe(3 * 26 + 23);
  });

  it('skips records overwritten since rewind and starts at the oldest survivor', () => {
    const ring = filled(128, 4096); // fills all 128 descriptors
    const iter = new KmsgDumpIter(ring);
    for (let i = 0; i < 10; i++) ring.printk('newer\n');
    const got = seqs(iter.getBuffer(1 << 20, true)!);
    expect(got[0]).toBe(10);
    expect(got.at(-1)).toBe(127);
  });

  it('starts at clear_seq (dmesg -c) when rewound', () => {
    const ring = filled(5);
    ring.clear();
    ring.printk(`${KERN_INFO}msg 005\n`);
    expect(seqs(new KmsgDumpIter(ring).getBuffer(1000, true)!)).toEqual([5]);
  });

  it("pages a 10 KiB kmsg_bytes budget like pstore_dump's loop, newest part first", () => {
    const ring = filled(1000);
    const iter = new KmsgDumpIter(ring);
    const bufsize = 4096;
    const parts: Uint8Array[] = [];
    let total = 0;
    for (let part = 1; total < 10240; part++) {
      const header = `Panic#1 Part${part}\n`;
      const body = iter.getBuffer(bufsize - header.length, true);
      if (!body) break;
      expect(header.length + body.length).toBeLessThan(bufsize);
      parts.push(body);
      total += header.length + body.length;
    }
    expect(parts).toHaveLength(3);
    // 4096 − 14 header bytes − 1 NUL = 4081 bytes: 156 records of 26 bytes.
    expect(parts.map((p) => p.length)).toEqual([4056, 4056, 4056]);
    expect(seqs(parts[0]!)[0]).toBe(844);
    expect(seqs(parts[2]!)[0]).toBe(532);
    const joined = [...parts].reverse().flatMap((p) => seqs(p));
    expect(joined).toEqual(Array.from({ length: 468 }, (_, i) => 532 + i));
  });
});

describe('kmsg_dump_get_line', () => {
  it('walks from clear_seq to the newest record, one formatted line per call', () => {
    const ring = filled(3);
    const iter = new KmsgDumpIter(ring);
    expect(text(iter.getLine(100, true)!)).toBe('<6>[    0.000000] msg 000\n');
    ring.printk('beyond the window\n');
    expect(iter.getLine(100, true)).not.toBeNull();
    expect(iter.getLine(100, true)).not.toBeNull();
    expect(text(iter.getLine(100, false)!)).toBe('[    0.000000] beyond the window\n');
    expect(iter.getLine(100, true)).toBeNull();
  });

  it('returns an empty line when the record does not fit the line buffer', () => {
    expect(new KmsgDumpIter(filled(1)).getLine(10, true)).toHaveLength(0);
  });
});

describe('kmsg dumper registry (kmsg_dump_register / kmsg_dump)', () => {
  function recorder(maxReason: number, log: string[], name: string): KmsgDumper {
    return {
      maxReason,
      dump(reason, iter) {
        log.push(
          `${name}:${kmsgDumpReasonStr(reason, V6_1)}:${iter.getBuffer(1 << 16, true)?.length}`
        );
      }
    };
  }

  it('calls each admitted dumper in registration order with a rewound iterator', () => {
    const dumpers = new KmsgDumpers(filled(2), { kernel: V6_1 });
    const log: string[] = [];
    dumpers.kmsgDumpRegister(recorder(0, log, 'a'));
    dumpers.kmsgDumpRegister(recorder(KMSG_DUMP_PANIC, log, 'b'));
    expect(dumpers.kmsgDump(KMSG_DUMP_OOPS)).toBe(1);
    expect(dumpers.kmsgDump(KMSG_DUMP_PANIC)).toBe(2);
    expect(dumpers.kmsgDump(KMSG_DUMP_EMERG)).toBe(0);
    expect(log).toEqual(['a:Oops:52', 'a:Panic:52', 'b:Panic:52']);
  });

  it('passes the 6.12 detail (reason and description) to the dumper', () => {
    const dumpers = new KmsgDumpers(filled(0), { kernel: V6_1 });
    const seen: unknown[] = [];
    dumpers.kmsgDumpRegister({ maxReason: 0, dump: (_r, _i, d) => seen.push(d) });
    dumpers.kmsgDump(KMSG_DUMP_PANIC, 'sysrq triggered crash');
    expect(seen).toEqual([{ reason: 1, description: 'sysrq triggered crash' }]);
  });

  it('refuses a second registration with EBUSY and an unknown unregister with EINVAL', () => {
    const dumpers = new KmsgDumpers(filled(0), { kernel: V6_1 });
    const d = recorder(0, [], 'a');
    dumpers.kmsgDumpRegister(d);
    expect(() => dumpers.kmsgDumpRegister(d)).toThrow(expect.objectContaining({ code: 'EBUSY' }));
    dumpers.kmsgDumpUnregister(d);
    expect(() => dumpers.kmsgDumpUnregister(d)).toThrow(KmsgError);
    expect(() => dumpers.kmsgDumpRegister({ maxReason: -1, dump: () => undefined })).toThrow(
      /max_reason -1/
    );
  });

  it('drops EMERG on 4.9 unless always_kmsg_dump is set', () => {
    const kernel = { major: 4, minor: 9, sublevel: 0 };
    const log: string[] = [];
    const strict = new KmsgDumpers(filled(1), { kernel });
    strict.kmsgDumpRegister(recorder(0, log, 'x'));
    expect(strict.kmsgDump(KMSG_DUMP_EMERG)).toBe(0);
    const always = new KmsgDumpers(filled(1), { kernel, alwaysKmsgDump: true });
    always.kmsgDumpRegister(recorder(0, log, 'x'));
    expect(always.kmsgDump(KMSG_DUMP_EMERG)).toBe(1);
  });

  it('runs every dumper even if one throws, then reports the failure', () => {
    const dumpers = new KmsgDumpers(filled(1), { kernel: V6_1 });
    const log: string[] = [];
    dumpers.kmsgDumpRegister({
      maxReason: 0,
      dump: () => {
        throw new Error('backend broke');
      }
    });
    dumpers.kmsgDumpRegister(recorder(0, log, 'ok'));
    expect(() => dumpers.kmsgDump(KMSG_DUMP_PANIC)).toThrow(KmsgDumpFailure);
    expect(log).toEqual(['ok:Panic:26']);
  });
});

describe('syslog(SYSLOG_ACTION_READ_ALL / READ_CLEAR)', () => {
  it('returns the newest records that fit and, with clear, moves clear_seq past them', () => {
    const ring = filled(4);
    // syslog(2) keeps no byte for a NUL, unlike kmsg_dump_get_buffer().
    expect(seqs(syslogPrintAll(ring, 52))).toEqual([2, 3]);
    expect(seqs(new KmsgDumpIter(ring).getBuffer(52, true)!)).toEqual([3]);
    syslogPrintAll(ring, 1000, true);
    expect(ring.clearSeq).toBe(4);
    expect(syslogPrintAll(ring, 1000)).toHaveLength(0);
    expect(new KmsgDumpIter(ring).getBuffer(1000, true)).toBeNull();
  });
});
