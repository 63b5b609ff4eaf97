import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PSTORE_TYPE, pstoreRecordInit } from '../src/backend/index.ts';
import { exportPstoreFiles } from '../src/fs/export-files.ts';
import { MAX_DATE_MS, pstoreMkfile, recordDate } from '../src/fs/pstore-file.ts';
import { PstoreFs } from '../src/fs/pstore-fs.ts';

// A dump header is "====%lld.%06lu-%c": a kernel accepts any 64-bit second,
// far beyond the ±8.64e15 ms a JavaScript Date holds (issue 11's fuzz crash).
const dump = (sec: number) => {
  const r = pstoreRecordInit(PSTORE_TYPE.DMESG, { sec, nsec: 0 });
  r.buf = new TextEncoder().encode('Panic#1 Part1\n');
  r.size = r.buf.length;
  return r;
};

describe('pstore file times beyond what a Date holds', () => {
  it('keeps a representable time as it is', () => {
    expect(recordDate({ sec: 1_700_000_000, nsec: 5_000_000 })).toEqual({
      date: new Date(1_700_000_000_005),
      clamped: false
    });
    expect(recordDate({ sec: 8.64e12, nsec: 0 }).clamped).toBe(false);
  });

  it('clamps seconds past ±8.64e12 (and −2^63, 20 digits) to the nearest valid Date, saying so', () => {
    for (const [sec, ms] of [
      [8.64e12 + 1, MAX_DATE_MS],
      [9.223372036854776e18, MAX_DATE_MS],
      [-9.223372036854776e18, -MAX_DATE_MS],
      [1e20, MAX_DATE_MS]
    ] as const) {
      const { date, clamped } = recordDate({ sec, nsec: 0 });
      expect(clamped).toBe(true);
      expect(date.getTime()).toBe(ms);
    }
  });

  it('gives the file a valid mtime and marks it, so --out can write it', () => {
    const f = pstoreMkfile(dump(-9.223372036854776e18), 'ramoops', new Date(0));
    expect(f.timeClamped).toBe(true);
    expect(Number.isNaN(f.mtime.getTime())).toBe(false);
    expect(pstoreMkfile(dump(1_700_000_000), 'ramoops', new Date(0)).timeClamped).toBeUndefined();
  });

  it('exports such a record instead of failing utimes() with EINVAL', () => {
    const fs = new PstoreFs({ now: () => new Date(0) });
    const records = [dump(99999999999999999999)];
    let i = 0;
    fs.mount(
      {
        name: 'ramoops',
        flags: 1,
        bufsize: 4096,
        maxReason: 2,
        open: () => ((i = 0), 0),
        read: () => records[i++] ?? null,
        close: () => 0,
        write: () => 0,
        erase: () => 0
      },
      null
    );
    const dir = join(mkdtempSync(join(tmpdir(), 'pstore-time-')), 'out');
    exportPstoreFiles(fs, dir);
    expect(readFileSync(join(dir, 'dmesg-ramoops-0'), 'utf8')).toBe('Panic#1 Part1\n');
  });
});
