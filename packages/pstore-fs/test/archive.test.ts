import * as fs from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PSTORE_TYPE } from '../src/backend/record.ts';
import { archivePstore } from '../src/archive/index.ts';
import { createFileBackend } from '../src/backends/file/index.ts';
import { PstoreFs } from '../src/fs/pstore-fs.ts';
import { dec, dumpRecord, scratchDir, streamRecord } from './helpers/file-backend.ts';
import { MemoryBackend } from './helpers/memory-backend.ts';

/** A pstore_blk directory after a crash: a dump, the console and pmsg of the last run. */
function crashedFileBackend(): string {
  const dir = scratchDir('pstore-blk-');
  const psi = createFileBackend({ dir, fsync: false });
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
    const blk = crashedFileBackend();
    const pfs = mounted(createFileBackend({ dir: blk, fsync: false }));
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
    expect(mounted(createFileBackend({ dir: blk, fsync: false })).list()).toEqual([]);
  });

  it('leaves pstore untouched with Storage=none, even with Unlink=yes', () => {
    const pfs = mounted(createFileBackend({ dir: crashedFileBackend(), fsync: false }));
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
    const pfs = mounted(createFileBackend({ dir: crashedFileBackend(), fsync: false }));
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
    const pfs = mounted(createFileBackend({ dir: crashedFileBackend(), fsync: false }));
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
    const report = archivePstore(
      mounted(createFileBackend({ dir: crashedFileBackend(), fsync: false })),
      { dir }
    );
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
    const pfs = mounted(createFileBackend({ dir: crashedFileBackend(), fsync: false }));
    const report = archivePstore(pfs, { dir, collision: 'replace' });
    expect(report.copied.find((c) => c.name === 'dmesg-pstore_blk-0')?.status).toBe('replaced');
    expect(fs.readFileSync(join(dir, 'dmesg-pstore_blk-0'), 'utf8')).toMatch(
      /^Panic: Total 1 times\n/
    );
  });

  it('reports copied files that pstore will not remove (a backend without erase)', () => {
    const psi = new MemoryBackend('efi_pstore', { canErase: false }).add(
      PSTORE_TYPE.PMSG,
      0,
      'hello\n'
    );
    const pfs = mounted(psi);
    const report = archivePstore(pfs, { dir: scratchDir('archive-') });
    expect(report.copied.map((c) => c.name)).toEqual(['pmsg-efi_pstore-0']);
    expect(report.unlinkFailed).toEqual([
      { name: 'pmsg-efi_pstore-0', error: 'backend efi_pstore cannot erase records' }
    ]);
    expect(pfs.list()).toHaveLength(1);
  });

  it('copies a dump that stayed compressed (.enc.z) as it is and does not join it', () => {
    const stream = Uint8Array.of(0x0b, 0x48, 0x2c, 0x05);
    const psi = new MemoryBackend('efi_pstore').add(PSTORE_TYPE.DMESG, 170000000001001n, stream, {
      compressed: true
    });
    const dir = scratchDir('archive-');
    const report = archivePstore(mounted(psi), { dir });
    expect(report.copied.map((c) => c.path)).toEqual([
      join(dir, 'dmesg-efi_pstore-170000000001001.enc.z')
    ]);
    expect([...fs.readFileSync(join(dir, 'dmesg-efi_pstore-170000000001001.enc.z'))]).toEqual([
      ...stream
    ]);
    expect(report.notJoined).toEqual([
      {
        name: 'dmesg-efi_pstore-170000000001001.enc.z',
        reason: 'still compressed (.enc.z): archived as it is, not joined'
      }
    ]);
    expect(report.dmesgTxt).toEqual([]);
  });

  it('refuses an unmounted pstore filesystem', () => {
    expect(() => archivePstore(new PstoreFs(), { dir: scratchDir('archive-') })).toThrow(
      /not mounted/
    );
  });
});
