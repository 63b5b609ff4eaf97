import * as fs from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PSTORE_TYPE, type PstoreRecord } from '@pstore/pstore-fs/backend';
import { dumpRecord, streamRecord } from '@pstore/pstore-fs/testing';
import { createFileBackend, type FileBackend } from '../src/index.ts';
import { sealZone, unsealZone } from '../src/zone-file.ts';
import type { FileBackendOptions } from '../src/geometry.ts';
import { dec, scratchDir } from './helpers/fixtures.ts';

const K4 = 4096;
const opts = (dir: string): FileBackendOptions => ({
  dir,
  kmsgSize: K4,
  pmsgSize: K4,
  consoleSize: K4,
  ftraceSize: 0,
  fsync: false
});

function texts(psi: FileBackend): string[] {
  const out: PstoreRecord[] = [];
  psi.open();
  for (let r = psi.read(); r; r = psi.read()) out.push(r);
  psi.close();
  return out.map((r) => dec(r.buf.subarray(0, r.size)));
}

/** The zone image the backend would write next, without writing it: built in a copy dir. */
function imageAfter(dir: string, file: string, write: (psi: FileBackend) => void): Uint8Array {
  const copy = scratchDir('pstore-file-copy-');
  fs.cpSync(dir, copy, { recursive: true });
  write(createFileBackend(opts(copy)));
  return new Uint8Array(fs.readFileSync(join(copy, file)));
}

describe('file backend crash safety (write to .tmp, seal, rename)', () => {
  it('shows the old image or the new one for a crash at any point of a write, never garbage', () => {
    const dir = scratchDir();
    createFileBackend(opts(dir)).write(streamRecord(PSTORE_TYPE.CONSOLE, 'old console\n'));
    const path = join(dir, 'console-0.psz');
    const committed = fs.readFileSync(path);
    const next = imageAfter(dir, 'console-0.psz', (psi) => {
      psi.write(streamRecord(PSTORE_TYPE.CONSOLE, 'new console\n'));
    });
    // A crash leaves the .tmp cut anywhere: here at every 97th byte, and complete.
    const cuts = Array.from({ length: Math.ceil(next.length / 97) }, (_, i) => i * 97);
    for (const cut of [...cuts, next.length]) {
      fs.writeFileSync(path, committed);
      fs.writeFileSync(`${path}.tmp`, next.subarray(0, cut));
      const psi = createFileBackend(opts(dir));
      if (cut === next.length) {
        expect(psi.notes[0]).toMatch(/^console-0\.psz: completed an interrupted write/);
        expect(texts(psi)).toEqual(['new console\n']);
      } else {
        expect(psi.notes[0]).toMatch(/^console-0\.psz: discarded a torn write of \d+ bytes/);
        expect(texts(psi)).toEqual(['old console\n']);
      }
      expect(fs.existsSync(`${path}.tmp`)).toBe(false);
    }
  });

  it('moves a damaged zone file aside, reports why, and treats the zone as empty', () => {
    const dir = scratchDir();
    createFileBackend(opts(dir)).write(streamRecord(PSTORE_TYPE.CONSOLE, 'console line\n'));
    const path = join(dir, 'console-0.psz');
    const bytes = fs.readFileSync(path);
    bytes[20] = bytes[20]! ^ 0x01;
    fs.writeFileSync(path, bytes);
    const psi = createFileBackend(opts(dir));
    expect(texts(psi)).toEqual([]);
    expect(psi.notes).toEqual([
      expect.stringMatching(
        /^console-0\.psz: checksum mismatch over 4096 bytes \(stored 0x[0-9a-f]{8}, computed 0x[0-9a-f]{8}\); moved aside to .*console-0\.psz\.corrupt, zone treated as empty$/
      )
    ]);
    expect(fs.readFileSync(`${path}.corrupt`)).toEqual(bytes);
    psi.write(streamRecord(PSTORE_TYPE.CONSOLE, 'fresh\n'));
    expect(fs.readFileSync(`${path}.corrupt`)).toEqual(bytes);
  });

  it('reports a file cut short as unsealed', () => {
    const sealed = sealZone(new Uint8Array(100));
    expect(unsealZone(sealed)).toMatchObject({ kind: 'ok' });
    expect(unsealZone(sealed.subarray(0, 60))).toEqual({
      kind: 'damaged',
      reason: 'no seal at byte 52 (0x00000000 instead of 0x465a5350): the write was cut short'
    });
    expect(unsealZone(sealed.subarray(0, 19))).toEqual({
      kind: 'damaged',
      reason: 'the file holds 19 bytes, fewer than a zone header and its seal (20)'
    });
  });

  it('keeps a write the disk refused in memory and flushes it later', () => {
    const dir = scratchDir();
    const psi = createFileBackend(opts(dir));
    fs.mkdirSync(join(dir, 'pmsg-0.psz.tmp')); // the next write of pmsg-0.psz cannot open its .tmp
    expect(psi.write(streamRecord(PSTORE_TYPE.PMSG, 'dying gasp\n'))).toBe(0);
    expect(psi.pendingZones()).toEqual(['pmsg-0.psz']);
    expect(psi.notes.at(-1)).toMatch(
      /^pmsg-0\.psz: write failed \(EISDIR.*\); kept in memory for flush\(\)$/
    );
    expect(psi.flush()).toBe(-16);
    fs.rmdirSync(join(dir, 'pmsg-0.psz.tmp'));
    expect(psi.flush()).toBe(0);
    expect(psi.pendingZones()).toEqual([]);
    expect(texts(createFileBackend(opts(dir)))).toEqual(['dying gasp\n']);
  });

  it('leaves zone files of another configuration alone and says so', () => {
    const dir = scratchDir();
    const wide = { ...opts(dir), totalSize: 7 * K4 }; // 5 dump zones after pmsg and console
    const psi = createFileBackend(wide);
    for (let i = 0; i < 5; i++) {
      psi.write(dumpRecord(`dump ${i}\n`, { time: { sec: i + 1, nsec: 0 } }));
    }
    const narrow = createFileBackend({ ...opts(dir), totalSize: 4 * K4 }); // 2 dump zones
    expect(narrow.notes).toEqual([
      'dmesg-2.psz: not a zone of this configuration; left untouched and not shown',
      'dmesg-3.psz: not a zone of this configuration; left untouched and not shown',
      'dmesg-4.psz: not a zone of this configuration; left untouched and not shown'
    ]);
    expect(texts(narrow)).toEqual([
      'Panic: Total 1 times\ndump 0\n',
      'Panic: Total 2 times\ndump 1\n'
    ]);
    expect(texts(createFileBackend(wide))).toHaveLength(5);
  });

  it('reads a zone file of another size with its own geometry', () => {
    const dir = scratchDir();
    createFileBackend({ ...opts(dir), consoleSize: 8192 }).write(
      streamRecord(PSTORE_TYPE.CONSOLE, 'x'.repeat(6000))
    );
    const psi = createFileBackend(opts(dir));
    expect(texts(psi)).toEqual(['x'.repeat(6000)]);
    expect(psi.notes).toEqual([
      'console-0.psz: holds a 8192-byte zone where the configuration has 4096; read with its own size, replaced on the next write'
    ]);
  });
});
