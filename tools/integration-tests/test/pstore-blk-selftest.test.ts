/**
 * tools/testing/selftests/pstore against pstore/blk on a partition image (a file as the block
 * device, with a panic writer as mtdpstore has), through the real pstore core:
 * pstore_tests (console and backend registered, the uuid written to pmsg), pstore_crash_test
 * (a panic), pstore_post_reboot_tests (a new boot and a new backend over the same directory
 * find dmesg-, console- and pmsg-pstore_blk-0 with the right content; rm erases them all).
 * pmsg goes through the core's write_user path (zone.c has no write_user of its own, so it
 * is the compat fallback onto write()).
 */
import * as nodeFs from 'node:fs';
import * as os from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KERN_INFO } from '@pstore/kmsg';
import { PstoreFs } from '@pstore/pstore-fs';
import {
  blkConfigFromCmdline,
  PstoreZoneBackend,
  pstoreZoneInfo,
  pszLayout
} from '@pstore/pstore-zone';
import { fileZoneDevice } from '@pstore/pstore-zone/file';
import { boot, dec, filesOf, panic, pmsgWrite, type Boot } from './core-fixtures.ts';

const UUID = '9b1f6a52-0c3e-4d8b-a7f4-2e61c05d9f38';
const PATTERN = 'Testing pstore: uuid=';

/** The partition's words: pmsg, console and dump zones of 64 KiB. */
const WORDS = 'pstore_blk.kmsg_size=64 pstore_blk.pmsg_size=64 pstore_blk.console_size=64';

/** One boot with pstore/blk over the partition in `dir` registered and pstore mounted. */
function bootWithBlk(dir: string, kernel: string, compress?: string) {
  const b = boot(kernel, compress === undefined ? {} : { params: { compress } });
  b.ring.printk(`${KERN_INFO}Linux version ${kernel} (pstore-ts test)\n`);
  const device = fileZoneDevice(join(dir, 'pstore-part.img'), {
    create: 1024 * 1024,
    panicWrite: true
  });
  const [major, minor, sublevel] = kernel.split('.').map(Number) as [number, number, number];
  const config = blkConfigFromCmdline(WORDS, { pmsg: true, console: true, ftrace: false });
  const layout = pszLayout(pstoreZoneInfo(config, device.size, { major, minor, sublevel }));
  const psi = new PstoreZoneBackend(device, layout);
  b.pstore.register(psi);
  const fs = new PstoreFs({ now: () => new Date(0) });
  b.pstore.mount(fs);
  return { ...b, psi, fs };
}

function dmesg(b: Boot): string {
  return [...b.ring.records()].map((r) => dec(r.text)).join('\n');
}

describe.each([
  { kernel: '6.1.192', compress: undefined, header: /^Panic#1 Part1\n/ },
  { kernel: '6.12.0', compress: 'none', header: /^Panic: Total 1 times\nPanic#1 Part1\n/ }
])(
  'pstore selftests on pstore/blk over a partition image, $kernel, compress=$compress',
  ({ kernel, compress, header }) => {
    // One directory for the whole sequence: it is the disk that survives the reboots.
    const dir = nodeFs.mkdtempSync(join(os.tmpdir(), 'pstore-blk-selftest-'));
    afterAll(() => nodeFs.rmSync(dir, { recursive: true, force: true }));
    let crashBoot!: ReturnType<typeof bootWithBlk>;
    let afterBoot!: ReturnType<typeof bootWithBlk>;

    it('pstore_tests: a console named after the backend is registered and the backend reads "pstore_blk"', () => {
      crashBoot = bootWithBlk(dir, kernel, compress);
      expect(crashBoot.pstore.backend).toBe('pstore_blk');
      expect(dmesg(crashBoot)).toContain('console [pstore_blk-1] enabled');
      expect(dmesg(crashBoot)).toContain(
        'pstore: Registered pstore_blk as persistent store backend'
      );
    });

    it('pstore_tests: the uuid test string is written to pmsg', () => {
      const line = `${PATTERN}${UUID}\n`;
      expect(pmsgWrite(crashBoot.pstore, line)).toBe(line.length);
    });

    it('pstore_crash_test: the panic stores Part1 and the backend refuses the other parts', () => {
      crashBoot.ring.printk(`${KERN_INFO}sysrq: Trigger a crash\n`);
      panic(crashBoot);
      const parts = crashBoot.pstore.lastDump?.parts ?? [];
      expect(parts[0]).toMatchObject({ part: 1, ret: 0 });
      expect(parts.slice(1).every((p) => p.ret === -28)).toBe(true);
      expect(crashBoot.psi.dirtyZones()).toEqual([]);
    });

    it('pstore_post_reboot_tests: dmesg, console and pmsg files of the backend exist', () => {
      afterBoot = bootWithBlk(dir, kernel, compress);
      const names = afterBoot.fs.list().map((f) => f.name);
      expect(names).toEqual(['dmesg-pstore_blk-0', 'pmsg-pstore_blk-0', 'console-pstore_blk-0']);
    });

    it('pstore_post_reboot_tests: the dmesg and console files contain "---[ end trace"', () => {
      const files = filesOf(afterBoot.fs);
      expect(files.get('dmesg-pstore_blk-0')).toMatch(header);
      expect(files.get('dmesg-pstore_blk-0')).toContain('---[ end trace');
      expect(files.get('console-pstore_blk-0')).toContain('---[ end trace');
    });

    it('pstore_post_reboot_tests: pmsg holds the test pattern exactly once, with the previous uuid', () => {
      const pmsg = filesOf(afterBoot.fs).get('pmsg-pstore_blk-0') ?? '';
      expect(pmsg.split(PATTERN).length - 1).toBe(1);
      expect(pmsg).toContain(`${PATTERN}${UUID}`);
    });

    it('pstore_post_reboot_tests: every file can be removed, and stays removed after another reboot', () => {
      for (const f of afterBoot.fs.list()) afterBoot.fs.unlink(f.name);
      expect(afterBoot.fs.list()).toEqual([]);
      afterBoot.ring.printk(`${KERN_INFO}PSTEST-MARKER after unlink\n`);
      const third = bootWithBlk(dir, kernel, compress);
      const files = filesOf(third.fs);
      // Only the console of the second boot (written after the erase) is left.
      expect([...files.keys()]).toEqual(['console-pstore_blk-0']);
      expect(files.get('console-pstore_blk-0')).toContain('PSTEST-MARKER after unlink');
      expect(files.get('console-pstore_blk-0')).not.toContain('---[ end trace');
    });
  }
);
