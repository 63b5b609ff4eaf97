/**
 * The backend over a device: what one boot writes, the next boot reads, as
 * zone.c does it — dumps round robin after the newest (the whole zone
 * rewritten, "Total N times" before a plain one), rings that wrap, erase,
 * nothing on the device before the first read, damaged headers ignored, and
 * one ring whose start lies beyond its datalen failing the whole recovery.
 * A property test runs random boots against a model of the files.
 * Kernel counterpart: fs/pstore/zone.c psz_pstore_write/read/erase(),
 * psz_kmsg_write(), psz_record_write(), psz_recovery().
 */
import fc from 'fast-check';
import { PstoreFs, pstoreCompressor, PSTORE_TYPE, pstoreRecordInit } from '@pstore/pstore-fs';
import { describe, expect, it } from 'vitest';
import {
  blkConfigFromCmdline,
  memoryZoneDevice,
  PstoreZoneBackend,
  pstoreZoneInfo,
  pszLayout,
  type ZoneState
} from '../src/index.ts';

const V6_1 = { major: 6, minor: 1, sublevel: 192 };
const WORDS =
  'pstore_blk.kmsg_size=8 pstore_blk.console_size=4 pstore_blk.pmsg_size=4 pstore_blk.max_reason=2';
const BUILD = { pmsg: true, console: true, ftrace: false };
const SIZE = 64 * 1024; // 4 KiB console, 4 KiB pmsg, seven 8 KiB dump zones
const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);

/**
 * One boot: a backend on `disk`, pstore mounted (the recovery), ready for writes. The device
 * writes at panic too (an MTD, a board's writer) unless `panicWrite` is false.
 */
function boot(disk: Uint8Array, now = 1_700_000_000, panicWrite = true) {
  const layout = pszLayout(pstoreZoneInfo(blkConfigFromCmdline(WORDS, BUILD), disk.length, V6_1));
  const backend = new PstoreZoneBackend(memoryZoneDevice(disk, { panicWrite }), layout, {
    now: () => ({ sec: now, nsec: 0 })
  });
  const fs = new PstoreFs({ now: () => new Date(now * 1000) });
  fs.mount(backend, pstoreCompressor(V6_1, { algorithm: 'none', bufsize: backend.bufsize }));
  return { layout, backend, fs };
}

function dump(backend: PstoreZoneBackend, reason: number, text: string, sec: number): void {
  const r = pstoreRecordInit(PSTORE_TYPE.DMESG, { sec, nsec: 0 });
  r.reason = reason;
  r.part = 1;
  r.buf = enc(text);
  r.size = r.buf.length;
  expect(backend.write(r)).toBe(0);
}

function ring(
  backend: PstoreZoneBackend,
  type: 'console' | 'pmsg',
  text: string,
  result = 0
): void {
  const r = pstoreRecordInit(type === 'console' ? PSTORE_TYPE.CONSOLE : PSTORE_TYPE.PMSG);
  r.buf = enc(text);
  r.size = r.buf.length;
  expect(backend.write(r)).toBe(result);
}

const files = (fs: PstoreFs) =>
  Object.fromEntries(fs.list().map((f) => [f.name, dec(fs.read(f.name))]));

describe('one boot writes, the next reads', () => {
  it('dumps round robin with their counters, plain ones with the Total line; rings as written', () => {
    const disk = new Uint8Array(SIZE);
    const a = boot(disk);
    expect(a.fs.list()).toEqual([]);
    dump(a.backend, 2, 'Oops#1 Part1\nfirst\n', 1_700_000_100);
    dump(a.backend, 2, 'Oops#2 Part1\nsecond\n', 1_700_000_200);
    dump(a.backend, 1, 'Panic#3 Part1\nthird\n', 1_700_000_300);
    // After a panic zone.c refuses everything but dumps (−EBUSY).
    ring(a.backend, 'console', '[    0.000000] console line\n', -16);
    const b = boot(disk);
    expect(files(b.fs)).toEqual({
      'dmesg-pstore_blk-0': 'Oops: Total 1 times\nOops#1 Part1\nfirst\n',
      'dmesg-pstore_blk-1': 'Oops: Total 2 times\nOops#2 Part1\nsecond\n',
      'dmesg-pstore_blk-2': 'Panic: Total 1 times\nPanic#3 Part1\nthird\n'
    });
    expect(b.backend.recovery!.kmsgWriteCnt).toBe(3);
    expect(b.backend.recovery!.oopsCounter).toBe(2);
    expect(b.backend.recovery!.panicCounter).toBe(1);
    // The next boot's dump goes after the newest, with the counter going on.
    dump(b.backend, 2, 'Oops#1 Part1\nnext boot\n', 1_700_000_400);
    const c = boot(disk);
    expect(files(c.fs)['dmesg-pstore_blk-3']).toBe(
      'Oops: Total 3 times\nOops#1 Part1\nnext boot\n'
    );
  });

  it('a plain block device (no panic_write) loses the panic dump; the oops before it stays', () => {
    const disk = new Uint8Array(SIZE);
    const a = boot(disk, 1_700_000_000, false);
    dump(a.backend, 2, 'Oops#1 Part1\nkept\n', 1_700_000_100);
    dump(a.backend, 1, 'Panic#2 Part1\nlost\n', 1_700_000_200);
    expect(a.backend.dirtyZones()).toEqual(['dmesg 1']);
    expect(files(boot(disk).fs)).toEqual({
      'dmesg-pstore_blk-0': 'Oops: Total 1 times\nOops#1 Part1\nkept\n'
    });
  });

  it('a ring wraps; the next boot reads it oldest byte first', () => {
    const disk = new Uint8Array(SIZE);
    const a = boot(disk);
    const lines = Array.from(
      { length: 400 },
      (_, i) => `console line ${String(i).padStart(3, '0')}\n`
    );
    for (const l of lines) ring(a.backend, 'console', l);
    ring(a.backend, 'pmsg', 'user space says hi\n');
    const all = lines.join('');
    const b = boot(disk);
    const cap = 4096 - 12;
    expect(files(b.fs)['console-pstore_blk-0']).toBe(all.slice(-cap));
    expect(files(b.fs)['pmsg-pstore_blk-0']).toBe('user space says hi\n');
    const console = b.backend.recovery!.findings.find((f) => f.zone.type === 'console')!;
    expect(console.header.datalen).toBe(cap);
    expect(console.detail).toMatch(/wrapped at \d+/);
  });

  it('nothing reaches the device before the first read; erase clears a dump’s datalen only', () => {
    const disk = new Uint8Array(SIZE);
    const layout = pszLayout(pstoreZoneInfo(blkConfigFromCmdline(WORDS, BUILD), SIZE, V6_1));
    const early = new PstoreZoneBackend(memoryZoneDevice(disk), layout);
    const r = pstoreRecordInit(PSTORE_TYPE.CONSOLE);
    r.buf = enc('before the mount\n');
    r.size = r.buf.length;
    expect(early.write(r)).toBe(0);
    expect(disk.every((b) => b === 0)).toBe(true);
    // The first read flushes what was written before it: the console's replay.
    new PstoreFs().mount(early, null);
    expect(files(boot(disk).fs)).toEqual({ 'console-pstore_blk-0': 'before the mount\n' });

    disk.fill(0);
    const a = boot(disk);
    dump(a.backend, 2, 'Oops#1 Part1\ngone soon\n', 1_700_000_100);
    const b = boot(disk);
    b.fs.unlink('dmesg-pstore_blk-0');
    const c = boot(disk);
    expect(c.fs.list()).toEqual([]);
    const zone0 = c.backend.recovery!.findings.find((f) => f.zone.type === 'dmesg')!;
    expect(zone0.state).toBe<ZoneState>('erased');
    // The erased dump still counts: the next one goes after it, counted on.
    expect(c.backend.recovery!.kmsgWriteCnt).toBe(1);
    expect(c.backend.recovery!.oopsCounter).toBe(1);
  });
});

describe('damaged headers', () => {
  function damaged(patch: (disk: Uint8Array, view: DataView) => void) {
    const disk = new Uint8Array(SIZE);
    const a = boot(disk);
    dump(a.backend, 2, 'Oops#1 Part1\nkept\n', 1_700_000_100);
    dump(a.backend, 2, 'Oops#2 Part1\nhit\n', 1_700_000_200);
    ring(a.backend, 'console', 'console text\n');
    patch(disk, new DataView(disk.buffer));
    return boot(disk);
  }
  const dump1 = 0x2000 + 0x2000; // pmsg 4 KiB, console 4 KiB, then dump zones of 8 KiB

  it.each([
    [
      'a bad signature',
      (v: DataView) => v.setUint32(dump1, 0x12345678, true),
      'bad-signature',
      /signature 0x12345678, expected 0x43474244/
    ],
    [
      'a datalen beyond the zone',
      (v: DataView) => v.setInt32(dump1 + 4, 9000, true),
      'overtop',
      /datalen 9000 beyond the capacity 8180/
    ],
    [
      'a negative datalen',
      (v: DataView) => v.setInt32(dump1 + 4, -1, true),
      'overtop',
      /datalen -1/
    ],
    [
      'a bad magic',
      (v: DataView) => v.setUint32(dump1 + 12, 0, true),
      'invalid-magic',
      /magic 0x0, expected 0x4dfc3ae5/
    ]
  ] as const)('%s: that dump is ignored, the others shown', (_what, patch, state, detail) => {
    const b = damaged((_d, v) => patch(v));
    const f = b.backend.recovery!.findings.find(
      (x) => x.zone.type === 'dmesg' && x.zone.index === 1
    )!;
    expect(f.state).toBe(state);
    expect(f.detail).toMatch(detail);
    expect(b.fs.list().map((x) => x.name)).toEqual(['dmesg-pstore_blk-0', 'console-pstore_blk-0']);
  });

  it('a ring whose start lies beyond its datalen: the kernel shows nothing at all', () => {
    const console = 0x1000; // after the 4 KiB pmsg zone
    const b = damaged((_d, v) => {
      v.setInt32(console + 4, 10, true);
      v.setInt32(console + 8, 20, true);
    });
    expect(b.fs.list()).toEqual([]);
    expect(b.backend.recovery!.failure).toMatch(
      /console zone 0: start 20 beyond datalen 10: the kernel's read of it fails, and with it the whole recovery/
    );
  });
});

describe('property: random boots', () => {
  it('the next boot shows the newest dumps (one per zone) and the rings’ tails', () => {
    const op = fc.oneof(
      fc.record({
        k: fc.constant('dump' as const),
        reason: fc.constantFrom(1, 2),
        text: fc.string({ minLength: 1, maxLength: 300 })
      }),
      fc.record({
        k: fc.constantFrom('console' as const, 'pmsg' as const),
        text: fc.string({ minLength: 1, maxLength: 900 })
      })
    );
    fc.assert(
      fc.property(
        fc.array(fc.array(op, { maxLength: 12 }), { minLength: 1, maxLength: 4 }),
        (boots) => {
          const disk = new Uint8Array(SIZE);
          const zones = 7;
          // The model: zone contents by index, the write cursor, counters, the last boot's rings.
          const model = new Map<number, string>();
          // A ring zone keeps the last boot that wrote to it: an untouched zone is not cleared.
          let lastConsole = '';
          let lastPmsg = '';
          let cursor = 0;
          let oops = 0;
          let panic = 0;
          let sec = 1_700_000_000;
          for (const ops of boots) {
            const { backend } = boot(disk);
            let onPanic = false;
            let consoleText = '';
            let pmsgText = '';
            for (const o of ops) {
              if (o.k === 'dump') {
                sec += 10;
                dump(backend, o.reason, o.text, sec);
                const n = o.reason === 2 ? ++oops : ++panic;
                model.set(
                  cursor,
                  `${o.reason === 2 ? 'Oops' : 'Panic'}: Total ${n} times\n${o.text}`
                );
                cursor = (cursor + 1) % zones;
                if (o.reason === 1) onPanic = true;
              } else if (!onPanic) {
                ring(backend, o.k, o.text);
                if (o.k === 'console') consoleText += o.text;
                else pmsgText += o.text;
              }
            }
            const next = boot(disk);
            const want: Record<string, string> = {};
            for (const [i, t] of [...model].sort((a, b) => a[0] - b[0])) {
              want[`dmesg-pstore_blk-${i}`] = t;
            }
            if (pmsgText) lastPmsg = pmsgText;
            if (consoleText) lastConsole = consoleText;
            const tail = (t: string) => dec(enc(t).slice(-(4096 - 12)));
            if (lastPmsg) want['pmsg-pstore_blk-0'] = tail(lastPmsg);
            if (lastConsole) want['console-pstore_blk-0'] = tail(lastConsole);
            expect(files(next.fs)).toEqual(want);
          }
        }
      ),
      { numRuns: 60, seed: 20261207 }
    );
  });
});
