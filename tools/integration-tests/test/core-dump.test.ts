/**
 * pstore_dump(): headers and oopscount, parts and kmsg_bytes, ramoops'
 * Part1-only storage, the compression fallback of each era, reason
 * filtering, and the buffer lock.
 */
import { describe, expect, it } from 'vitest';
import {
  KERN_INFO,
  KMSG_DUMP_EMERG,
  KMSG_DUMP_OOPS,
  KMSG_DUMP_PANIC,
  KMSG_DUMP_RESTART,
  KmsgDumpFailure,
  recordPrintText
} from '@pstore/kmsg';
import { PstoreError, pstoreCompressor } from '@pstore/pstore-fs';
import { RecordingBackend } from '@pstore/pstore-fs/testing';
import {
  boot,
  bootWithRamoops,
  dec,
  filesOf,
  logLines,
  OOPS_LINES,
  panic,
  type Boot
} from './core-fixtures.ts';

const log = (b: Boot): string[] => [...b.ring.records()].map((r) => dec(r.text));

/** The header line of each dump part the backend got, inflated if need be. */
function headers(b: Boot, backend: RecordingBackend): string[] {
  const c = pstoreCompressor(b.pstore.kernel, { bufsize: backend.bufsize });
  return backend.parts.map((p) => dec(p.compressed ? c.decompress(p.buf)! : p.buf).split('\n')[0]!);
}

/** An oops that panics (oops=panic): oops_exit() dumps OOPS, then panic() dumps PANIC. */
function oopsThenPanic(b: Boot): void {
  b.consoles.bustSpinlocks(true);
  for (const line of OOPS_LINES) b.ring.printk(`${line}\n`);
  b.dumpers.kmsgDump(KMSG_DUMP_OOPS);
  b.ring.printk('\x010Kernel panic - not syncing: Fatal exception\n');
  b.dumpers.kmsgDump(KMSG_DUMP_PANIC);
}

/** Deterministic text that does not compress (xorshift letters). */
function noisyLines(b: Boot, n: number, width: number, seed = 7): void {
  let x = seed;
  for (let i = 0; i < n; i++) {
    let s = '';
    for (let j = 0; j < width; j++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      s += String.fromCharCode(33 + ((x >>> 0) % 94));
    }
    b.ring.printk(`${KERN_INFO}${s}\n`);
  }
}

describe('pstore_dump headers and oopscount', () => {
  it.each(['4.9', '6.1.192', '6.12.0'])(
    '%s: an oops then a panic in one boot are Oops#1 and Panic#2, in zones 0 and 1',
    (kernel) => {
      const mem = new Uint8Array(0x40000);
      oopsThenPanic(bootWithRamoops(mem, kernel));
      const files = filesOf(bootWithRamoops(mem, kernel).fs);
      expect(files.get('dmesg-ramoops-0')).toMatch(/^Oops#1 Part1\n/);
      expect(files.get('dmesg-ramoops-1')).toMatch(/^Panic#2 Part1\n/);
      expect(files.get('dmesg-ramoops-1')).toContain('Kernel panic - not syncing');
      expect(files.get('dmesg-ramoops-0')).not.toContain('Kernel panic - not syncing');
    }
  );

  it('the next boot counts from #1 again and overwrites zone 0', () => {
    const mem = new Uint8Array(0x40000);
    oopsThenPanic(bootWithRamoops(mem, '6.12.0'));
    const second = bootWithRamoops(mem, '6.12.0');
    panic(second);
    const files = filesOf(bootWithRamoops(mem, '6.12.0').fs);
    expect(files.get('dmesg-ramoops-0')).toMatch(/^Panic#1 Part1\n/);
    expect(files.get('dmesg-ramoops-1')).toMatch(/^Panic#2 Part1\n/);
  });

  it('stamps each part with the wall clock (the dmesg file time on the next boot)', () => {
    const mem = new Uint8Array(0x40000);
    const b = bootWithRamoops(mem, '6.12.0', { wallSec: 1_712_345_678 });
    b.clock.advance(250);
    panic(b);
    const file = bootWithRamoops(mem, '6.12.0').fs.stat('dmesg-ramoops-0');
    expect(file.mtime.toISOString()).toBe('2024-04-05T19:34:38.250Z');
  });
});

describe('pstore_dump parts and kmsg_bytes', () => {
  it('splits a long log into parts, Part1 holding the newest text, until kmsg_bytes are counted', () => {
    const b = boot('6.12.0', { params: { compress: 'none', kmsgBytes: 10240 } });
    const backend = new RecordingBackend('rec', 2048);
    b.pstore.register(backend);
    logLines(b, 400);
    b.dumpers.kmsgDump(KMSG_DUMP_PANIC);
    const parts = backend.parts;
    expect(parts.map((p) => p.part)).toEqual(parts.map((_, i) => i + 1));
    const sizes = parts.map((p) => p.size);
    const total = sizes.reduce((a, s) => a + s, 0);
    expect(total).toBeGreaterThanOrEqual(10240);
    expect(total - sizes.at(-1)!).toBeLessThan(10240);
    for (const p of parts) {
      expect(p.size).toBeLessThan(2048);
      expect(dec(p.buf)).toMatch(new RegExp(`^Panic#1 Part${p.part}\\n<6>`));
    }
    expect(dec(parts[0]!.buf)).toMatch(/line 00399 [a-z]+\n$/);
    // Older parts continue where the newer one starts: whole records, no gaps.
    const bodies = parts.map((p) => dec(p.buf).replace(/^Panic#1 Part\d+\n/, ''));
    const joined = bodies.reverse().join('');
    const opts = { syslog: true, time: true, caller: false };
    const ring = [...b.ring.records()].map((r) => dec(recordPrintText(r, opts))).join('');
    expect(ring.endsWith(joined)).toBe(true);
    expect(joined.length).toBeLessThan(ring.length);
  });

  it('stops when the log is exhausted before kmsg_bytes', () => {
    const b = boot('6.12.0', { params: { compress: 'none' } });
    const backend = new RecordingBackend('rec', 2048);
    b.pstore.register(backend);
    logLines(b, 3);
    b.dumpers.kmsgDump(KMSG_DUMP_PANIC);
    expect(backend.parts).toHaveLength(1);
  });

  it('ramoops keeps Part1 only: pstore still walks the log, the other parts get ENOSPC', () => {
    const mem = new Uint8Array(0x40000);
    const params = { compress: 'none', kmsgBytes: 40000 };
    const b = bootWithRamoops(mem, '6.12.0', { params });
    logLines(b, 600);
    panic(b);
    const parts = b.pstore.lastDump!.parts;
    expect(parts.length).toBeGreaterThan(1);
    expect(parts[0]!.ret).toBe(0);
    expect(parts.slice(1).every((p) => p.ret === -28)).toBe(true);
    expect(log(b)).toContain('pstore: backend (ramoops) writing error (-28)');
    panic(b);
    const alerts = log(b).filter((l) => l.startsWith('pstore: backend (ramoops) writing error'));
    expect(alerts).toHaveLength(1); // pr_err_once
    const files = filesOf(bootWithRamoops(mem, '6.12.0', { params }).fs);
    expect(files.get('dmesg-ramoops-0')).toMatch(/^Panic#1 Part1\n/);
    expect(files.get('dmesg-ramoops-0')).toContain('Kernel panic - not syncing');
    expect([...files.keys()].filter((n) => n.startsWith('dmesg'))).toEqual([
      'dmesg-ramoops-0',
      'dmesg-ramoops-1'
    ]);
  });

  it('6.1 does not report write errors (the alert came in 6.2)', () => {
    const b = bootWithRamoops(new Uint8Array(0x40000), '6.1.192', {
      params: { compress: 'none', kmsgBytes: 40000 }
    });
    logLines(b, 900);
    panic(b);
    expect(b.pstore.lastDump!.parts.at(-1)!.ret).toBe(-28);
    expect(log(b).some((l) => l.includes('writing error'))).toBe(false);
  });

  it('compressed parts inflate to header and text, and count their compressed size', () => {
    const b = boot('6.12.0');
    const backend = new RecordingBackend('rec', 2048);
    b.pstore.register(backend);
    logLines(b, 400);
    b.dumpers.kmsgDump(KMSG_DUMP_PANIC);
    const inflate = pstoreCompressor(b.pstore.kernel, { bufsize: 2048 });
    const parts = backend.parts;
    expect(parts.every((p) => p.compressed && p.size <= 2048)).toBe(true);
    const total = parts.reduce((a, p) => a + p.size, 0);
    expect(total - parts.at(-1)!.size).toBeLessThan(10240);
    const first = dec(inflate.decompress(parts[0]!.buf)!);
    expect(first).toMatch(/^Panic#1 Part1\n/);
    expect(first.length).toBeGreaterThan(2048); // more text than bufsize: big_oops_buf
    expect(first.length).toBeLessThan(Math.floor((2048 * 100) / 60));
  });
});

describe('the compression fallback per era', () => {
  /** A dump of incompressible lines into a 200-byte backend buffer. */
  function failingDump(kernel: string) {
    const b = boot(kernel);
    const backend = new RecordingBackend('rec', 200);
    b.pstore.register(backend);
    noisyLines(b, 40, 40);
    b.dumpers.kmsgDump(KMSG_DUMP_PANIC);
    return { b, part1: backend.parts[0]! };
  }

  it('6.6+: stores the first bufsize bytes of the big buffer (header and OLDEST text)', () => {
    const { b, part1 } = failingDump('6.12.0');
    expect(part1.compressed).toBe(false);
    expect(part1.size).toBe(200);
    const text = dec(part1.buf);
    expect(text).toMatch(/^Panic#1 Part1\n<6>\[/);
    const newest = dec([...b.ring.records()].at(-1)!.text);
    expect(text).not.toContain(newest);
  });

  it.each(['6.1.192', '4.9'])(
    '%s: keeps the header and the NEWEST text that fits bufsize (copy_kmsg_to_buffer)',
    (kernel) => {
      const { b, part1 } = failingDump(kernel);
      expect(part1.compressed).toBe(false);
      expect(part1.size).toBe(200);
      const text = dec(part1.buf);
      expect(text.startsWith('Panic#1 Part1\n')).toBe(true);
      const newest = dec([...b.ring.records()].at(-1)!.text);
      expect(text.endsWith(`${newest}\n`)).toBe(true);
      expect(text).not.toMatch(/^Panic#1 Part1\n<6>\[/); // the cut falls inside an older line
    }
  );

  it('4.9: a part that deflate does not shrink is stored plain', () => {
    const b = boot('4.9');
    const backend = new RecordingBackend('rec', 4096);
    b.pstore.register(backend);
    b.ring.clear(); // dmesg -C: the dump starts after the registration lines
    noisyLines(b, 1, 10);
    b.dumpers.kmsgDump(KMSG_DUMP_PANIC);
    const part1 = backend.parts[0]!;
    expect(part1.compressed).toBe(false);
    expect(dec(part1.buf)).toMatch(/^Panic#1 Part1\n<6>\[ *\d+\.\d{6}\] .{10}\n$/);
  });

  it('6.12 with the same text and room compresses it', () => {
    const b = boot('6.12.0');
    const backend = new RecordingBackend('rec', 4096);
    b.pstore.register(backend);
    logLines(b, 20);
    b.dumpers.kmsgDump(KMSG_DUMP_PANIC);
    expect(backend.parts[0]!.compressed).toBe(true);
  });
});

describe('reason filtering', () => {
  it('6.x ramoops.max_reason=1: an oops is not dumped at all', () => {
    const b = bootWithRamoops(new Uint8Array(0x40000), '6.12.0', {
      cmdline: 'ramoops.mem_size=0x40000 ramoops.record_size=0x4000 ramoops.max_reason=1'
    });
    b.dumpers.kmsgDump(KMSG_DUMP_OOPS);
    expect(b.pstore.lastDump).toBeNull();
    expect(b.pstore.oopscount).toBe(0);
  });

  it('6.x max_reason 0 means OOPS, unless printk.always_kmsg_dump', () => {
    for (const always of [false, true]) {
      const b = boot('6.12.0', { alwaysKmsgDump: always });
      const backend = new RecordingBackend('rec', 4096, 0);
      b.pstore.register(backend);
      logLines(b, 2);
      b.dumpers.kmsgDump(KMSG_DUMP_OOPS);
      b.dumpers.kmsgDump(KMSG_DUMP_EMERG);
      expect(headers(b, backend)).toEqual(
        always ? ['Oops#1 Part1', 'Emergency#2 Part1'] : ['Oops#1 Part1']
      );
    }
  });

  it('4.9 with dump_oops=0: pstore dumps the oops (counting it) but ramoops refuses it', () => {
    const mem = new Uint8Array(0x40000);
    const cmdline = 'ramoops.mem_size=0x40000 ramoops.record_size=0x4000 ramoops.dump_oops=0';
    const b = bootWithRamoops(mem, '4.9', { cmdline });
    b.dumpers.kmsgDump(KMSG_DUMP_OOPS);
    expect(b.pstore.lastDump!.parts[0]!.ret).toBe(-22);
    panic(b);
    const files = filesOf(bootWithRamoops(mem, '4.9', { cmdline }).fs);
    expect([...files.keys()].filter((n) => n.startsWith('dmesg'))).toEqual(['dmesg-ramoops-0']);
    expect(files.get('dmesg-ramoops-0')).toMatch(/^Panic#2 Part1\n/);
  });

  it('4.9: reasons above OOPS reach pstore only with always_kmsg_dump', () => {
    for (const always of [false, true]) {
      const b = boot('4.9', { alwaysKmsgDump: always });
      const backend = new RecordingBackend('rec', 4096, 2);
      b.pstore.register(backend);
      logLines(b, 2);
      b.dumpers.kmsgDump(KMSG_DUMP_RESTART);
      expect(headers(b, backend)).toEqual(always ? ['Restart#1 Part1'] : []);
    }
  });
});

describe('the dump buffer lock', () => {
  /** A backend whose first dump write causes another kmsg_dump (a crash inside the dump). */
  function reentrant(b: Boot, inner: number): RecordingBackend {
    const backend = new RecordingBackend('rec', 4096);
    let fired = false;
    const write = backend.write.bind(backend);
    backend.write = (r) => {
      if (!fired && r.type === 0) {
        fired = true;
        b.dumpers.kmsgDump(inner);
      }
      return write(r);
    };
    return backend;
  }

  it.each([
    ['4.9', 'pstore: pstore dump routine blocked in Panic path, may corrupt error record'],
    ['5.10.0', 'pstore: dump skipped in Panic path: may corrupt error record'],
    ['6.12.0', 'pstore: dump skipped in Panic path because of concurrent dump']
  ])('%s: a panic dump that finds the lock taken is skipped', (kernel, line) => {
    const b = boot(kernel);
    b.pstore.register(reentrant(b, KMSG_DUMP_PANIC));
    logLines(b, 2);
    b.dumpers.kmsgDump(KMSG_DUMP_OOPS);
    expect(log(b)).toContain(line);
    expect(b.pstore.oopscount).toBe(1);
  });

  it('an oops dump that finds the lock taken would deadlock: EBUSY', () => {
    const b = boot('6.12.0');
    b.pstore.register(reentrant(b, KMSG_DUMP_OOPS));
    logLines(b, 2);
    let caught: unknown;
    try {
      b.dumpers.kmsgDump(KMSG_DUMP_OOPS);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(KmsgDumpFailure);
    // The inner kmsg_dump() fails inside the backend write of the outer one.
    const inner = (caught as KmsgDumpFailure).errors[0] as KmsgDumpFailure;
    expect(inner).toBeInstanceOf(KmsgDumpFailure);
    const error = inner.errors[0] as PstoreError;
    expect(error).toBeInstanceOf(PstoreError);
    expect([error.code, error.message]).toEqual(['EBUSY', expect.stringMatching(/deadlock/)]);
  });

  it('refuses a bufsize that cannot hold the header line', () => {
    const b = boot('6.12.0', { params: { compress: 'none' } });
    b.pstore.register(new RecordingBackend('tiny', 10));
    logLines(b, 1);
    expect(() => b.dumpers.kmsgDump(KMSG_DUMP_PANIC)).toThrow(KmsgDumpFailure);
  });
});
