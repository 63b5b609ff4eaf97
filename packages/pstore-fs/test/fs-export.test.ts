import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  PSTORE_FLAGS,
  PSTORE_TYPE,
  pstoreRecordInit,
  type PstoreInfo,
  type PstoreRecord
} from '../src/backend/index.ts';
import { exportPstoreFiles, MANIFEST_NAME } from '../src/fs/export-files.ts';
import { PstoreFs } from '../src/fs/pstore-fs.ts';

/** A backend holding fixed records in memory. */
function memoryBackend(records: PstoreRecord[]): PstoreInfo {
  let i = 0;
  return {
    name: 'mem',
    flags: PSTORE_FLAGS.DMESG | PSTORE_FLAGS.PMSG,
    bufsize: 4096,
    maxReason: 2,
    open: () => ((i = 0), 0),
    read: () => records[i++] ?? null,
    close: () => 0,
    write: () => 0,
    erase: () => 0
  };
}

function rec(type: PstoreRecord['type'], id: number, text: string, sec = 0): PstoreRecord {
  const r = pstoreRecordInit(type, sec ? { sec, nsec: 0 } : null);
  r.id = id;
  r.buf = new TextEncoder().encode(text);
  r.size = r.buf.length;
  return r;
}

describe('exportPstoreFiles (inode.c files as real files)', () => {
  it('writes each entry with its bytes, mode 0444 and the record time as mtime', () => {
    const fs = new PstoreFs({ now: () => new Date(1_000_000) });
    fs.mount(
      memoryBackend([
        rec(PSTORE_TYPE.DMESG, 3, 'Panic#1 Part1\n', 1700000000),
        rec(PSTORE_TYPE.PMSG, 0, 'hello\n')
      ]),
      null
    );
    const dir = join(mkdtempSync(join(tmpdir(), 'pstore-export-')), 'out');
    const report = exportPstoreFiles(fs, dir);
    expect(report.files).toEqual([
      { name: 'dmesg-mem-3', bytes: 14 },
      { name: 'pmsg-mem-0', bytes: 6 }
    ]);
    expect(readdirSync(dir).sort()).toEqual([MANIFEST_NAME, 'dmesg-mem-3', 'pmsg-mem-0']);
    expect(readFileSync(join(dir, 'pmsg-mem-0'), 'utf8')).toBe('hello\n');
    const st = statSync(join(dir, 'dmesg-mem-3'));
    expect(st.mode & 0o777).toBe(0o444);
    expect(st.mtimeMs).toBe(1700000000000);
    // Without a record time the file carries the mount time.
    expect(statSync(join(dir, 'pmsg-mem-0')).mtimeMs).toBe(1_000_000);
  });
});
