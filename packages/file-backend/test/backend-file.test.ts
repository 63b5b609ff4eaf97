import * as fs from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeFtraceRecord, encodeFtraceRecord } from '@pstore/pstore-fs';
import {
  FTRACE_ARCH_LE64,
  ftraceLayout,
  PSTORE_FLAGS,
  PSTORE_TYPE,
  type PstoreRecord
} from '@pstore/pstore-fs/backend';
import { dumpRecord, pstoreErrorOf, streamRecord } from '@pstore/pstore-fs/testing';
import { createFileBackend, type FileBackend } from '../src/index.ts';
import { crc32 } from '../src/crc32.ts';
import {
  fileBackendGeometry,
  PSZ_MAX_TOTAL_SIZE,
  type FileBackendOptions
} from '../src/geometry.ts';
import { ZONE_FILE_SEAL_MAGIC } from '../src/zone-file.ts';
import { dec, enc, scratchDir } from './helpers/fixtures.ts';

const K4 = 4096;
const small = (dir: string, more: Partial<FileBackendOptions> = {}): FileBackendOptions => ({
  dir,
  kmsgSize: K4,
  pmsgSize: K4,
  consoleSize: K4,
  ftraceSize: K4,
  fsync: false,
  ...more
});

function readAll(psi: FileBackend): PstoreRecord[] {
  const out: PstoreRecord[] = [];
  psi.open();
  for (let r = psi.read(); r; r = psi.read()) out.push(r);
  psi.close();
  return out;
}

describe('file backend geometry (blk.c verify_size, zone.c register_pstore_zone)', () => {
  it('lays zones out as pmsg, console, ftrace per CPU, then dump zones filling the rest', () => {
    const g = fileBackendGeometry({
      dir: '/unused',
      totalSize: 64 * 1024,
      kmsgSize: 8192,
      pmsgSize: K4,
      consoleSize: K4,
      ftraceSize: 8192,
      nrCpus: 2
    });
    expect(g.zones.map((z) => [z.file, z.offset, z.size])).toEqual([
      ['pmsg-0.psz', 0, K4],
      ['console-0.psz', 4096, K4],
      ['ftrace-0.psz', 8192, K4],
      ['ftrace-1.psz', 12288, K4],
      ...[0, 1, 2, 3, 4, 5].map((i) => [`dmesg-${i}.psz`, 16384 + i * 8192, 8192])
    ]);
    expect(g.name).toBe('pstore_blk');
    expect(g.flags).toBe(15);
    expect(g.bufsize).toBe(8192 - 12 - 40);
    expect(g.maxReason).toBe(2);
  });

  it('aligns sizes up to 4096 and says so, as blk.c does', () => {
    const g = fileBackendGeometry({
      dir: '/unused',
      kmsgSize: 5000,
      pmsgSize: 0,
      consoleSize: 0,
      ftraceSize: 0
    });
    expect(g.kmsgSize).toBe(8192);
    expect(g.notes).toEqual(['kmsg_size must align to 4096: 5000 rounded up to 8192']);
    expect(g.zones).toHaveLength(4);
  });

  it('gives zones only to the frontends in flags', () => {
    const g = fileBackendGeometry({
      dir: '/unused',
      flags: PSTORE_FLAGS.DMESG | PSTORE_FLAGS.PMSG
    });
    expect(g.flags).toBe(PSTORE_FLAGS.DMESG | PSTORE_FLAGS.PMSG);
    expect(new Set(g.zones.map((z) => z.type))).toEqual(
      new Set([PSTORE_TYPE.DMESG, PSTORE_TYPE.PMSG])
    );
  });

  it('refuses configurations register_pstore_zone refuses, naming the numbers', () => {
    const base = { dir: '/unused', kmsgSize: K4, pmsgSize: 0, consoleSize: 0, ftraceSize: 0 };
    const cases: [Partial<FileBackendOptions>, string, RegExp][] = [
      [{ totalSize: 4095 }, 'EINVAL', /total_size must be >= 4096, got 4095/],
      [{ totalSize: 6144 }, 'EINVAL', /multiple of 4096, got 6144/],
      [{ kmsgSize: 0 }, 'EINVAL', /at least one record size/],
      [
        { totalSize: 8192, pmsgSize: K4, consoleSize: K4 },
        'EINVAL',
        /dmesg total_size too small: 0 bytes/
      ],
      [
        { kmsgSize: 0, pmsgSize: 8192, totalSize: K4 },
        'ENOMEM',
        /no room for pmsg \(0x2000@0x0 over 0x1000\)/
      ],
      [{ name: '' }, 'EINVAL', /invalid backend name/]
    ];
    for (const [more, code, text] of cases) {
      const err = pstoreErrorOf(() => fileBackendGeometry({ ...base, ...more }));
      expect([err.code, err.message]).toEqual([code, expect.stringMatching(text)]);
    }
  });

  it('caps the total size at 128 MiB', () => {
    const g = fileBackendGeometry({ dir: '/unused', totalSize: 2 * PSZ_MAX_TOTAL_SIZE });
    expect(g.totalSize).toBe(PSZ_MAX_TOTAL_SIZE);
    expect(g.notes).toContain(`capping size to 128MiB (total_size was ${2 * PSZ_MAX_TOTAL_SIZE})`);
    expect(g.zones.filter((z) => z.type === PSTORE_TYPE.DMESG)).toHaveLength(2045);
  });
});

describe('file backend dumps (psz_kmsg_write, psz_kmsg_read)', () => {
  it('stores Part1 and reads it back after a restart, preceded by the "Total" line', () => {
    const dir = scratchDir();
    const text = 'Panic#1 Part1\n<0>[    1.000000] Kernel panic - not syncing: sysrq\n';
    expect(createFileBackend(small(dir)).write(dumpRecord(text, { reason: 1 }))).toBe(0);
    const [rec, ...rest] = readAll(createFileBackend(small(dir)));
    expect(rest).toEqual([]);
    expect(rec).toMatchObject({
      type: PSTORE_TYPE.DMESG,
      id: 0,
      reason: 1,
      count: 1,
      compressed: false
    });
    expect(rec!.time).toEqual({ sec: 1_700_000_000, nsec: 5000 });
    expect(dec(rec!.buf.subarray(0, rec!.size))).toBe(`Panic: Total 1 times\n${text}`);
  });

  it('refuses parts after the first with ENOSPC and writes nothing', () => {
    const dir = scratchDir();
    expect(createFileBackend(small(dir)).write(dumpRecord('Panic#1 Part2\n', { part: 2 }))).toBe(
      -28
    );
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('writes a zone file as the kernel zone image followed by a CRC-32 seal', () => {
    const dir = scratchDir();
    const text = 'Oops#1 Part1\nhello\n';
    const time = { sec: 0x1234_5678, nsec: 999_999_999 };
    createFileBackend(small(dir)).write(dumpRecord(text, { reason: 2, time }));
    const file = new Uint8Array(fs.readFileSync(join(dir, 'dmesg-0.psz')));
    expect(file.length).toBe(K4 + 8);
    const v = new DataView(file.buffer);
    expect(v.getUint32(0, true)).toBe(0x43474244); // PSZ_SIG ^ PSTORE_TYPE_DMESG (0)
    expect(v.getUint32(4, true)).toBe(40 + text.length); // datalen
    expect(v.getUint32(8, true)).toBe(0); // start
    expect(v.getUint32(12, true)).toBe(0x4dfc3ae5); // psz_kmsg_header.magic
    expect(v.getBigInt64(20, true)).toBe(0x1234_5678n);
    expect(v.getBigUint64(28, true)).toBe(999_999_999n);
    expect([v.getUint8(36), v.getUint32(40, true), v.getUint32(44, true)]).toEqual([0, 1, 2]);
    expect(dec(file.subarray(52, 52 + text.length))).toBe(text);
    expect(file.subarray(52 + text.length, K4).every((b) => b === 0)).toBe(true);
    expect(v.getUint32(K4, true)).toBe(ZONE_FILE_SEAL_MAGIC);
    expect(v.getUint32(K4 + 4, true)).toBe(crc32(file.subarray(0, K4)));
  });

  it('computes the standard CRC-32 (check value of "123456789" is 0xcbf43926)', () => {
    expect(crc32(enc('123456789'))).toBe(0xcbf43926);
  });

  it('rotates through dump zones and resumes after the newest one at the next boot', () => {
    const dir = scratchDir();
    const a = createFileBackend(small(dir, { totalSize: 3 * K4 + 3 * K4 }));
    expect(a.kpszs).toHaveLength(3);
    a.write(dumpRecord('first\n', { time: { sec: 300, nsec: 0 } }));
    a.write(dumpRecord('second\n', { time: { sec: 100, nsec: 0 } }));
    // The newest by time is zone 0 (sec 300), so the next dump goes to zone 1.
    const b = createFileBackend(small(dir, { totalSize: 6 * K4 }));
    expect(b.kmsgWriteCnt).toBe(1);
    b.write(dumpRecord('third\n', { time: { sec: 400, nsec: 0 } }));
    const texts = readAll(createFileBackend(small(dir, { totalSize: 6 * K4 }))).map((r) => [
      r.id,
      dec(r.buf)
    ]);
    expect(texts).toEqual([
      [0, 'Panic: Total 1 times\nfirst\n'],
      [1, 'Panic: Total 3 times\nthird\n']
    ]);
  });

  it('counts oopses and panics per backend across restarts, not per boot', () => {
    const dir = scratchDir();
    createFileBackend(small(dir)).write(
      dumpRecord('o1\n', { reason: 2, time: { sec: 1, nsec: 0 } })
    );
    createFileBackend(small(dir)).write(
      dumpRecord('o2\n', { reason: 2, time: { sec: 2, nsec: 0 } })
    );
    createFileBackend(small(dir)).write(
      dumpRecord('p1\n', { reason: 1, time: { sec: 3, nsec: 0 } })
    );
    createFileBackend(small(dir)).write(
      dumpRecord('s\n', { reason: 4, time: { sec: 4, nsec: 0 } })
    );
    const recs = readAll(createFileBackend(small(dir)));
    expect(recs.map((r) => [r.count, dec(r.buf)])).toEqual([
      [1, 'Oops: Total 1 times\no1\n'],
      [2, 'Oops: Total 2 times\no2\n'],
      [1, 'Panic: Total 1 times\np1\n'],
      [0, 'Shutdown: Total 0 times\ns\n']
    ]);
  });

  it('cuts a dump to bufsize, the zone data less the psz_kmsg_header', () => {
    const dir = scratchDir();
    const psi = createFileBackend(small(dir));
    expect(psi.bufsize).toBe(K4 - 52);
    psi.write(dumpRecord('x'.repeat(5000)));
    const [rec] = readAll(createFileBackend(small(dir)));
    expect(rec!.size).toBe('Panic: Total 1 times\n'.length + K4 - 52);
  });

  it('shows a dump written during this boot at the next read', () => {
    const psi = createFileBackend(small(scratchDir()));
    expect(readAll(psi)).toEqual([]);
    psi.write(dumpRecord('now\n', { reason: 2 }));
    expect(readAll(psi).map((r) => dec(r.buf))).toEqual(['Oops: Total 1 times\nnow\n']);
  });

  it('keeps a compressed dump without the "Total" line', () => {
    const dir = scratchDir();
    const stream = Uint8Array.of(0x78, 0x9c, 1, 2, 3);
    createFileBackend(small(dir)).write(dumpRecord(stream, { compressed: true }));
    const [rec] = readAll(createFileBackend(small(dir)));
    expect(rec!.compressed).toBe(true);
    expect([...rec!.buf.subarray(0, rec!.size)]).toEqual([...stream]);
  });
});

describe('file backend rings (psz_record_write, psz_recover_zone)', () => {
  it('keeps the newest bytes of a ring that wrapped', () => {
    const dir = scratchDir();
    const psi = createFileBackend(small(dir));
    psi.write(streamRecord(PSTORE_TYPE.CONSOLE, 'a'.repeat(3000)));
    psi.write(streamRecord(PSTORE_TYPE.CONSOLE, 'b'.repeat(3000)));
    const [rec] = readAll(createFileBackend(small(dir)));
    expect(rec!.type).toBe(PSTORE_TYPE.CONSOLE);
    expect(dec(rec!.buf)).toBe('a'.repeat(K4 - 12 - 3000) + 'b'.repeat(3000));
  });

  it('keeps the tail of a write larger than the zone', () => {
    const dir = scratchDir();
    const big = Array.from({ length: 9000 }, (_, i) => String.fromCharCode(97 + (i % 26))).join('');
    createFileBackend(small(dir)).write(streamRecord(PSTORE_TYPE.PMSG, big));
    const [rec] = readAll(createFileBackend(small(dir)));
    expect(dec(rec!.buf)).toBe(big.slice(9000 - (K4 - 12)));
  });

  it("shows the previous run's content while this run writes a new ring", () => {
    const dir = scratchDir();
    createFileBackend(small(dir)).write(streamRecord(PSTORE_TYPE.CONSOLE, 'run 1\n'));
    const second = createFileBackend(small(dir));
    second.write(streamRecord(PSTORE_TYPE.CONSOLE, 'run 2\n'));
    expect(readAll(second).map((r) => dec(r.buf))).toEqual(['run 1\n']);
    expect(readAll(createFileBackend(small(dir))).map((r) => dec(r.buf))).toEqual(['run 2\n']);
  });

  it("returns records in zone.c's order: dumps by index, ftrace, pmsg, console", () => {
    const dir = scratchDir();
    const psi = createFileBackend(small(dir));
    const layout = ftraceLayout({ major: 6, minor: 12, sublevel: 0 }, FTRACE_ARCH_LE64);
    psi.write(streamRecord(PSTORE_TYPE.CONSOLE, 'console\n'));
    psi.write(streamRecord(PSTORE_TYPE.PMSG, 'pmsg\n'));
    psi.write(
      streamRecord(PSTORE_TYPE.FTRACE, encodeFtraceRecord({ ip: 1n, parentIp: 2n, cpu: 0 }, layout))
    );
    psi.write(dumpRecord('d0\n'));
    psi.write(dumpRecord('d1\n'));
    const recs = readAll(createFileBackend(small(dir)));
    expect(recs.map((r) => [r.type, r.id])).toEqual([
      [PSTORE_TYPE.DMESG, 0],
      [PSTORE_TYPE.DMESG, 1],
      [PSTORE_TYPE.FTRACE, 0],
      [PSTORE_TYPE.PMSG, 0],
      [PSTORE_TYPE.CONSOLE, 0]
    ]);
  });

  it('merges the per-CPU ftrace zones by timestamp into one record with id 0', () => {
    const dir = scratchDir();
    const layout = ftraceLayout({ major: 6, minor: 12, sublevel: 0 }, FTRACE_ARCH_LE64);
    const psi = createFileBackend(small(dir, { ftraceSize: 8192, nrCpus: 2 }));
    for (const [cpu, counter] of [
      [0, 1n],
      [1, 2n],
      [0, 3n],
      [1, 4n]
    ] as const) {
      const rec = encodeFtraceRecord({ ip: 0x1000n + counter, parentIp: 0n, cpu, counter }, layout);
      expect(psi.write(streamRecord(PSTORE_TYPE.FTRACE, rec, cpu))).toBe(0);
    }
    expect(fs.existsSync(join(dir, 'ftrace-1.psz'))).toBe(true);
    const [rec] = readAll(createFileBackend(small(dir, { ftraceSize: 8192, nrCpus: 2 })));
    expect(rec!.id).toBe(0);
    const order = [0, 1, 2, 3].map((i) => decodeFtraceRecord(rec!.buf, i * 24, layout));
    expect(order.map((r) => [r.timestamp, r.cpu])).toEqual([
      [1n, 0],
      [2n, 1],
      [3n, 0],
      [4n, 1]
    ]);
  });

  it('refuses console, pmsg and ftrace writes once a panic dump was written (EBUSY)', () => {
    const psi = createFileBackend(small(scratchDir()));
    expect(psi.write(streamRecord(PSTORE_TYPE.CONSOLE, 'before\n'))).toBe(0);
    expect(psi.write(dumpRecord('Panic#1 Part1\n', { reason: 1 }))).toBe(0);
    expect(psi.write(streamRecord(PSTORE_TYPE.CONSOLE, 'after\n'))).toBe(-16);
    expect(psi.write(streamRecord(PSTORE_TYPE.PMSG, 'after\n'))).toBe(-16);
    expect(psi.write(dumpRecord('Panic#2 Part1\n', { reason: 1 }))).toBe(0);
  });

  it('refuses writes for a frontend without a zone (ENOSPC) and unknown types (EINVAL)', () => {
    const psi = createFileBackend(small(scratchDir(), { flags: PSTORE_FLAGS.DMESG }));
    expect(psi.write(streamRecord(PSTORE_TYPE.CONSOLE, 'x'))).toBe(-28);
    expect(psi.write(streamRecord(PSTORE_TYPE.FTRACE, 'x'))).toBe(-28);
    expect(psi.write(streamRecord(PSTORE_TYPE.MCE, 'x'))).toBe(-22);
  });
});

describe('file backend erase (psz_pstore_erase)', () => {
  it('erases a dump for good but keeps its header, so the counters go on', () => {
    const dir = scratchDir();
    createFileBackend(small(dir)).write(dumpRecord('secret panic text\n'));
    const psi = createFileBackend(small(dir));
    const [rec] = readAll(psi);
    expect(psi.erase(rec!)).toBe(0);
    expect(readAll(psi)).toEqual([]);
    const file = fs.readFileSync(join(dir, 'dmesg-0.psz'));
    expect(file.includes('secret')).toBe(false);
    const next = createFileBackend(small(dir));
    expect(readAll(next)).toEqual([]);
    next.write(dumpRecord('again\n'));
    expect(readAll(next).map((r) => [r.id, dec(r.buf)])).toEqual([
      [1, 'Panic: Total 2 times\nagain\n']
    ]);
  });

  it('leaves a zone alone when it already holds a newer dump than the one erased', () => {
    const dir = scratchDir();
    const opts = small(dir, { totalSize: 4 * K4 }); // one dump zone
    createFileBackend(opts).write(dumpRecord('old\n'));
    const psi = createFileBackend(opts);
    const [old] = readAll(psi);
    psi.write(dumpRecord('new\n'));
    expect(psi.erase(old!)).toBe(0);
    expect(readAll(psi).map((r) => dec(r.buf))).toEqual(['Panic: Total 2 times\nnew\n']);
  });

  it("drops a ring's saved copy and its file unless this run wrote to it", () => {
    const dir = scratchDir();
    const first = createFileBackend(small(dir));
    first.write(streamRecord(PSTORE_TYPE.CONSOLE, 'c1\n'));
    first.write(streamRecord(PSTORE_TYPE.PMSG, 'p1\n'));
    const second = createFileBackend(small(dir));
    second.write(streamRecord(PSTORE_TYPE.PMSG, 'p2\n'));
    for (const rec of readAll(second)) expect(second.erase(rec)).toBe(0);
    expect(readAll(second)).toEqual([]);
    expect(fs.existsSync(join(dir, 'console-0.psz'))).toBe(false);
    expect(readAll(createFileBackend(small(dir))).map((r) => dec(r.buf))).toEqual(['p2\n']);
  });

  it('rejects ids past the zones with EINVAL', () => {
    const psi = createFileBackend(small(scratchDir()));
    expect(psi.erase({ ...dumpRecord('x'), id: 4 })).toBe(-22);
    expect(psi.erase({ ...streamRecord(PSTORE_TYPE.FTRACE, 'x'), id: 1 })).toBe(-22);
  });
});
