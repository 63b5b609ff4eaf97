/**
 * archivePstore (systemd-pstore's archive step) over backends that keep every record in
 * memory: a backend without erase, a dump that stayed compressed, an unmounted filesystem.
 * Kernel counterpart: none (systemd src/pstore/pstore.c).
 */
import * as fs from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PstoreFs } from '@pstore/pstore-fs';
import { PSTORE_TYPE } from '@pstore/pstore-fs/backend';
import { archivePstore } from '../src/index.ts';
import { scratchDir } from './helpers/fixtures.ts';
import { MemoryBackend } from './helpers/memory-backend.ts';

function mounted(psi: Parameters<PstoreFs['mount']>[0]): PstoreFs {
  const pfs = new PstoreFs({ now: () => new Date(0) });
  pfs.mount(psi, null);
  return pfs;
}

describe('archivePstore (systemd-pstore, Storage=external)', () => {
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
