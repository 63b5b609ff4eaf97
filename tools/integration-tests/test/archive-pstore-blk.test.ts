/**
 * archivePstore over pstore/blk (a partition image after a crash): copies,
 * Storage=none, Unlink=no, failed copies and name collisions, with the records the backend
 * really erases on unlink. Kernel counterpart: none (systemd-pstore over pstore/blk).
 *
 * It composes two packages (@pstore/archive does not depend on @pstore/pstore-zone), so it
 * lives here, where both are dependencies.
 */
import * as fs from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PstoreFs } from '@pstore/pstore-fs';
import { PSTORE_TYPE } from '@pstore/pstore-fs/backend';
import { dumpRecord, streamRecord } from '@pstore/pstore-fs/testing';
import { archivePstore } from '@pstore/archive';
import {
  blkConfigFromCmdline,
  PstoreZoneBackend,
  pstoreZoneInfo,
  pszLayout
} from '@pstore/pstore-zone';
import { fileZoneDevice } from '@pstore/pstore-zone/file';
import { dec, scratchDir } from './archive-fixtures.ts';

/** pstore/blk over the partition image `path` (pmsg, console and dump zones of 64 KiB). */
function blkPartition(opts: { dir: string; fsync: boolean }): PstoreZoneBackend {
  const device = fileZoneDevice(join(opts.dir, 'pstore-part.img'), {
    create: 512 * 1024,
    fsync: opts.fsync,
    panicWrite: true
  });
  const words = 'pstore_blk.kmsg_size=64 pstore_blk.pmsg_size=64 pstore_blk.console_size=64';
  const config = blkConfigFromCmdline(words, { pmsg: true, console: true, ftrace: false });
  const kernel = { major: 6, minor: 1, sublevel: 192 };
  return new PstoreZoneBackend(device, pszLayout(pstoreZoneInfo(config, device.size, kernel)));
}

/** A pstore/blk partition after a crash: a dump, the console and pmsg of the last run. */
function crashedPartition(): string {
  const dir = scratchDir('pstore-blk-');
  const psi = blkPartition({ dir, fsync: false });
  // pstore/zone writes nothing to the device before the first read (the mount at boot).
  mounted(psi);
  psi.write(streamRecord(PSTORE_TYPE.PMSG, 'dying gasp\n'));
  psi.write(streamRecord(PSTORE_TYPE.CONSOLE, '[    5.000000] Kernel panic\n'));
  psi.write(dumpRecord('Panic#1 Part1\n<0>[    5.000000] Kernel panic\n'));
  return dir;
}

function mounted(psi: Parameters<PstoreFs['mount']>[0]): PstoreFs {
  const pfs = new PstoreFs({ now: () => new Date(0) });
  pfs.mount(psi, null);
  return pfs;
}

const mode = (path: string): number => fs.statSync(path).mode & 0o777;

describe('archivePstore (systemd-pstore, Storage=external)', () => {
  it('copies every file to the top of the archive, then unlinks it from pstore', () => {
    const blk = crashedPartition();
    const pfs = mounted(blkPartition({ dir: blk, fsync: false }));
    const expected = new Map(pfs.list().map((f) => [f.name, dec(pfs.read(f.name))]));
    const dir = scratchDir('archive-');
    const report = archivePstore(pfs, { dir, now: () => new Date(42) });

    expect(report.time).toEqual(new Date(42));
    expect(report.copied.map((c) => [c.name, c.path, c.status])).toEqual([
      ['console-pstore_blk-0', join(dir, 'console-pstore_blk-0'), 'written'],
      ['dmesg-pstore_blk-0', join(dir, 'dmesg-pstore_blk-0'), 'written'],
      ['pmsg-pstore_blk-0', join(dir, 'pmsg-pstore_blk-0'), 'written']
    ]);
    for (const [name, text] of expected) {
      expect(fs.readFileSync(join(dir, name), 'utf8')).toBe(text);
      expect(mode(join(dir, name))).toBe(0o600);
    }
    expect(report.unlinked).toEqual([...expected.keys()].sort());
    expect(report.notJoined).toEqual([
      {
        name: 'dmesg-pstore_blk-0',
        reason: expect.stringMatching(/^not an EFI or ERST dump/) as string
      }
    ]);
    expect(report.dmesgTxt).toEqual([]);
    expect(pfs.list()).toEqual([]);
    // The unlink erased the records: the next boot's backend finds nothing.
    expect(mounted(blkPartition({ dir: blk, fsync: false })).list()).toEqual([]);
  });

  it('leaves pstore untouched with Storage=none, even with Unlink=yes', () => {
    const pfs = mounted(blkPartition({ dir: crashedPartition(), fsync: false }));
    const dir = join(scratchDir('archive-'), 'never-created');
    const report = archivePstore(pfs, { dir, storage: 'none', unlink: true });
    expect(report.skipped.map((s) => s.reason)).toEqual(
      Array(3).fill('Storage=none: pstore is left untouched')
    );
    expect([report.copied, report.unlinked]).toEqual([[], []]);
    expect(pfs.list()).toHaveLength(3);
    expect(fs.existsSync(dir)).toBe(false);
  });

  it('keeps the records with Unlink=no, and a second run finds identical copies', () => {
    const pfs = mounted(blkPartition({ dir: crashedPartition(), fsync: false }));
    const dir = scratchDir('archive-');
    const first = archivePstore(pfs, { dir, unlink: false });
    const second = archivePstore(pfs, { dir, unlink: false });
    expect(first.copied.map((c) => c.status)).toEqual(['written', 'written', 'written']);
    expect(second.copied.map((c) => c.status)).toEqual(['identical', 'identical', 'identical']);
    expect([first.unlinked, second.unlinked]).toEqual([[], []]);
    expect(pfs.list()).toHaveLength(3);
    expect(fs.readdirSync(dir).sort()).toEqual([
      'console-pstore_blk-0',
      'dmesg-pstore_blk-0',
      'pmsg-pstore_blk-0'
    ]);
  });

  it('never unlinks a record whose copy failed, and says why', () => {
    const pfs = mounted(blkPartition({ dir: crashedPartition(), fsync: false }));
    const dir = scratchDir('archive-');
    fs.mkdirSync(join(dir, 'dmesg-pstore_blk-0')); // the copy's name is taken by a directory
    const report = archivePstore(pfs, { dir });
    expect(report.failed).toEqual([
      {
        name: 'dmesg-pstore_blk-0',
        path: join(dir, 'dmesg-pstore_blk-0'),
        error: expect.stringMatching(/EISDIR/) as string
      }
    ]);
    expect(report.unlinked).toEqual(['console-pstore_blk-0', 'pmsg-pstore_blk-0']);
    expect(pfs.list().map((f) => f.name)).toEqual(['dmesg-pstore_blk-0']);
  });

  it('writes a copy as <name>.N when the name holds other bytes from an earlier boot', () => {
    const dir = scratchDir('archive-');
    fs.writeFileSync(join(dir, 'dmesg-pstore_blk-0'), 'the crash of the boot before\n');
    const report = archivePstore(mounted(blkPartition({ dir: crashedPartition(), fsync: false })), {
      dir
    });
    const dump = report.copied.find((c) => c.name === 'dmesg-pstore_blk-0');
    expect(dump).toMatchObject({ path: join(dir, 'dmesg-pstore_blk-0.1'), status: 'renamed' });
    expect(fs.readFileSync(join(dir, 'dmesg-pstore_blk-0'), 'utf8')).toBe(
      'the crash of the boot before\n'
    );
    expect(fs.readFileSync(join(dir, 'dmesg-pstore_blk-0.1'), 'utf8')).toMatch(
      /^Panic: Total 1 times\n/
    );
  });

  it("replaces the old copy with collision 'replace', as systemd's COPY_REPLACE does", () => {
    const dir = scratchDir('archive-');
    fs.writeFileSync(join(dir, 'dmesg-pstore_blk-0'), 'the crash of the boot before\n');
    const pfs = mounted(blkPartition({ dir: crashedPartition(), fsync: false }));
    const report = archivePstore(pfs, { dir, collision: 'replace' });
    expect(report.copied.find((c) => c.name === 'dmesg-pstore_blk-0')?.status).toBe('replaced');
    expect(fs.readFileSync(join(dir, 'dmesg-pstore_blk-0'), 'utf8')).toMatch(
      /^Panic: Total 1 times\n/
    );
  });
});
