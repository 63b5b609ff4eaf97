import * as fs from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PstoreFs } from '@pstore/pstore-fs';
import { PSTORE_TYPE } from '@pstore/pstore-fs/backend';
import { archivePstore } from '../src/index.ts';
import { planDmesgGroups } from '../src/dmesg-groups.ts';
import { scratchDir } from './helpers/fixtures.ts';
import { MemoryBackend } from './helpers/memory-backend.ts';

function mounted(psi: MemoryBackend): PstoreFs {
  const pfs = new PstoreFs({ now: () => new Date(0) });
  pfs.mount(psi, null);
  return pfs;
}

const SEC = 1_700_000_000;

/** Part n of a dump as pstore_dump writes it: its header line, then its slice of the log. */
const part = (reason: string, count: number, n: number, lines: string[]): string =>
  `${reason}#${count} Part${n}\n${lines.map((l) => `<6>[    ${l}\n`).join('')}`;

describe('planDmesgGroups (process_dmesg_files name parsing)', () => {
  it('files EFI parts under <id minus 5 digits>/<count>, highest part first', () => {
    const plan = planDmesgGroups([
      'dmesg-efi_pstore-170000000001001',
      'dmesg-efi_pstore-170000000002001',
      'dmesg-efi-170000000001002',
      'console-efi_pstore-0'
    ]);
    expect(plan.placements).toEqual([
      { name: 'dmesg-efi_pstore-170000000002001', subdirs: ['1700000000', '001'], backend: 'efi' },
      { name: 'dmesg-efi_pstore-170000000001001', subdirs: ['1700000000', '001'], backend: 'efi' },
      { name: 'dmesg-efi-170000000001002', subdirs: ['1700000000', '002'], backend: 'efi' }
    ]);
    expect(plan.notJoined).toEqual([]);
  });

  it('groups runs of consecutive ERST ids under the highest id of the run', () => {
    const ids = ['100', '101', '102', '200', '201', '99'];
    const plan = planDmesgGroups(ids.map((id) => `dmesg-erst-${id}`));
    expect(plan.placements.map((p) => [p.name.slice(11), p.subdirs[0]])).toEqual([
      ['99', '99'],
      ['201', '201'],
      ['200', '201'],
      ['102', '102'],
      ['101', '102'],
      ['100', '102']
    ]);
  });

  it('joins nothing else, and says why', () => {
    const plan = planDmesgGroups([
      'dmesg-ramoops-0',
      'dmesg-efi_pstore-12345',
      'dmesg-erst-12x',
      'dmesg-erst-18446744073709551616',
      'dmesg-efi_pstore-170000000001001.enc.z'
    ]);
    expect(plan.placements).toEqual([]);
    expect(plan.notJoined.map((n) => [n.name, n.reason])).toEqual([
      [
        'dmesg-ramoops-0',
        'not an EFI or ERST dump: archived as it is (systemd joins only those backends)'
      ],
      [
        'dmesg-erst-18446744073709551616',
        'ERST record id "18446744073709551616" is not a 64-bit decimal number'
      ],
      ['dmesg-erst-12x', 'ERST record id "12x" is not a 64-bit decimal number'],
      [
        'dmesg-efi_pstore-170000000001001.enc.z',
        'still compressed (.enc.z): archived as it is, not joined'
      ],
      ['dmesg-efi_pstore-12345', 'EFI record id "12345" has fewer than 6 digits']
    ]);
  });
});

describe('archivePstore dmesg.txt (EFI and ERST multi-part dumps)', () => {
  it('joins the parts of each EFI dump into one dmesg.txt, oldest text first', () => {
    const psi = new MemoryBackend('efi_pstore');
    // Part1 holds the newest lines; Part3 the oldest.
    psi.addEfiPart(SEC, 1, 1, part('Panic', 1, 1, ['3.0] Kernel panic - not syncing']));
    psi.addEfiPart(SEC, 2, 1, part('Panic', 1, 2, ['2.0] Call Trace:']));
    psi.addEfiPart(SEC, 3, 1, part('Panic', 1, 3, ['1.0] Oops: 0002']));
    psi.addEfiPart(SEC, 1, 2, part('Oops', 2, 1, ['9.0] second oops']));
    psi.add(PSTORE_TYPE.CONSOLE, 0, 'console\n');
    const pfs = mounted(psi);
    const dir = scratchDir('archive-');
    const report = archivePstore(pfs, { dir });

    const group1 = join(dir, '1700000000', '001');
    expect(report.dmesgTxt).toEqual([
      {
        path: join(group1, 'dmesg.txt'),
        parts: [
          'dmesg-efi_pstore-170000000003001',
          'dmesg-efi_pstore-170000000002001',
          'dmesg-efi_pstore-170000000001001'
        ],
        bytes: fs.statSync(join(group1, 'dmesg.txt')).size,
        status: 'written'
      },
      {
        path: join(dir, '1700000000', '002', 'dmesg.txt'),
        parts: ['dmesg-efi_pstore-170000000001002'],
        bytes: part('Oops', 2, 1, ['9.0] second oops']).length,
        status: 'written'
      }
    ]);
    expect(fs.readFileSync(join(group1, 'dmesg.txt'), 'utf8')).toBe(
      part('Panic', 1, 3, ['1.0] Oops: 0002']) +
        part('Panic', 1, 2, ['2.0] Call Trace:']) +
        part('Panic', 1, 1, ['3.0] Kernel panic - not syncing'])
    );
    expect(fs.statSync(join(group1, 'dmesg.txt')).mode & 0o777).toBe(0o640);
    expect(fs.readdirSync(group1).sort()).toEqual([
      'dmesg-efi_pstore-170000000001001',
      'dmesg-efi_pstore-170000000002001',
      'dmesg-efi_pstore-170000000003001',
      'dmesg.txt'
    ]);
    expect(fs.existsSync(join(dir, 'console-efi_pstore-0'))).toBe(true);
    expect(report.unlinked).toHaveLength(5);
    expect(pfs.list()).toEqual([]);
  });

  it('joins consecutive ERST records into the directory of the highest id', () => {
    const psi = new MemoryBackend('erst');
    psi.add(PSTORE_TYPE.DMESG, 7000, part('Panic', 1, 1, ['2.0] newest']));
    psi.add(PSTORE_TYPE.DMESG, 7001, part('Panic', 1, 2, ['1.0] oldest']));
    const dir = scratchDir('archive-');
    const report = archivePstore(mounted(psi), { dir });
    expect(report.dmesgTxt.map((d) => [d.path, d.parts])).toEqual([
      [join(dir, '7001', 'dmesg.txt'), ['dmesg-erst-7001', 'dmesg-erst-7000']]
    ]);
    expect(fs.readFileSync(join(dir, '7001', 'dmesg.txt'), 'utf8')).toBe(
      part('Panic', 1, 2, ['1.0] oldest']) + part('Panic', 1, 1, ['2.0] newest'])
    );
  });

  it('does not repeat the text in dmesg.txt when run again with Unlink=no', () => {
    const psi = new MemoryBackend('efi_pstore');
    psi.addEfiPart(SEC, 1, 1, part('Panic', 1, 1, ['3.0] last words']));
    psi.addEfiPart(SEC, 2, 1, part('Panic', 1, 2, ['2.0] before']));
    const pfs = mounted(psi);
    const dir = scratchDir('archive-');
    archivePstore(pfs, { dir, unlink: false });
    const again = archivePstore(pfs, { dir, unlink: false });
    expect(again.dmesgTxt.map((d) => d.status)).toEqual(['identical']);
    expect(fs.readFileSync(join(dir, '1700000000', '001', 'dmesg.txt'), 'utf8')).toBe(
      part('Panic', 1, 2, ['2.0] before']) + part('Panic', 1, 1, ['3.0] last words'])
    );
  });

  it('retries a part whose group copy failed at the top of the archive, then unlinks it', () => {
    const psi = new MemoryBackend('efi_pstore');
    psi.addEfiPart(SEC, 1, 1, part('Panic', 1, 1, ['3.0] last words']));
    const dir = scratchDir('archive-');
    fs.writeFileSync(join(dir, '1700000000'), 'a file where the group directory should go');
    const pfs = mounted(psi);
    const report = archivePstore(pfs, { dir });
    expect(report.failed.map((f) => f.path)).toEqual([
      join(dir, '1700000000', '001', 'dmesg-efi_pstore-170000000001001'),
      join(dir, '1700000000', '001', 'dmesg.txt')
    ]);
    expect(report.copied.map((c) => c.path)).toEqual([
      join(dir, 'dmesg-efi_pstore-170000000001001')
    ]);
    expect(report.unlinked).toEqual(['dmesg-efi_pstore-170000000001001']);
    expect(pfs.list()).toEqual([]);
  });
});
