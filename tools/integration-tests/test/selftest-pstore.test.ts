/**
 * tools/testing/selftests/pstore, in process: pstore_tests (before the
 * crash), pstore_crash_test (the panic), pstore_post_reboot_tests (after
 * the reboot), with the real ramoops backend over one byte array that
 * survives the "reboot". pmsg is written through the core's write_user path
 * (the /dev/pmsg0 device lives in @pstore/pmsg-chardev).
 */
import { describe, expect, it } from 'vitest';
import { KERN_INFO } from '@pstore/kmsg';
import {
  bootWithRamoops,
  dec,
  decodeImage,
  filesOf,
  panic,
  pmsgWrite,
  type Boot
} from './core-fixtures.ts';

const UUID = '3f0c2a9e-6d41-4b7a-9c55-0e8f1d2b7a64';
const TEST_STRING_PATTERN = 'Testing pstore: uuid=';

/** dmesg as `dmesg` prints it (console format, whole ring). */
function dmesg(b: Boot): string {
  return [...b.ring.records()].map((r) => dec(r.text)).join('\n');
}

describe.each([
  { kernel: '6.1.192', console: 'ramoops' },
  { kernel: '6.12.0', console: 'ramoops' },
  { kernel: '4.9', console: 'pstore' }
])('pstore selftests on $kernel', ({ kernel, console: consoleName }) => {
  const mem = new Uint8Array(0x40000);
  let crashBoot!: ReturnType<typeof bootWithRamoops>;
  let afterBoot!: ReturnType<typeof bootWithRamoops>;

  it(`pstore_tests: a console named "${consoleName}" is registered and the backend parameter reads "ramoops"`, () => {
    crashBoot = bootWithRamoops(mem, kernel);
    expect(crashBoot.pstore.backend).toBe('ramoops');
    expect(dmesg(crashBoot)).toMatch(new RegExp(`console \\[(pstore|ramoops)`));
    expect(dmesg(crashBoot)).toContain(`console [${consoleName}-1] enabled`);
    expect(dmesg(crashBoot)).toContain('pstore: Registered ramoops as persistent store backend');
  });

  it('pstore_tests: the uuid test string is written to pmsg', () => {
    const line = `${TEST_STRING_PATTERN}${UUID}\n`;
    expect(pmsgWrite(crashBoot.pstore, line)).toBe(line.length);
  });

  it('pstore_crash_test: a panic is dumped while the console keeps logging', () => {
    crashBoot.ring.printk(`${KERN_INFO}sysrq: Trigger a crash\n`);
    panic(crashBoot);
    expect(crashBoot.pstore.lastDump?.parts[0]).toMatchObject({ part: 1, ret: 0 });
  });

  it('after the reboot, the RAM decodes offline into what the next kernel shows', () => {
    const offline = filesOf(decodeImage(mem, kernel));
    afterBoot = bootWithRamoops(mem, kernel);
    const shown = filesOf(afterBoot.fs);
    expect([...shown.keys()].sort()).toEqual([...offline.keys()].sort());
    for (const [name, text] of shown) expect(text, name).toBe(offline.get(name));
  });

  it('pstore_post_reboot_tests: dmesg, console and pmsg files of the backend exist', () => {
    const names = afterBoot.fs.list().map((f) => f.name);
    expect(names).toEqual(
      expect.arrayContaining(['dmesg-ramoops-0', 'console-ramoops-0', 'pmsg-ramoops-0'])
    );
  });

  it('pstore_post_reboot_tests: every dmesg file and the console file contain "---[ end trace"', () => {
    const files = filesOf(afterBoot.fs);
    const dmesgFiles = [...files.keys()].filter((n) => n.startsWith('dmesg-ramoops-'));
    expect(dmesgFiles.length).toBeGreaterThan(0);
    for (const name of dmesgFiles) expect(files.get(name), name).toContain('---[ end trace');
    expect(files.get('dmesg-ramoops-0')).toMatch(/^Panic#1 Part1\n/);
    expect(files.get('console-ramoops-0')).toContain('---[ end trace');
  });

  it('pstore_post_reboot_tests: pmsg holds the test pattern exactly once, with the previous uuid', () => {
    const pmsg = filesOf(afterBoot.fs).get('pmsg-ramoops-0') ?? '';
    expect(pmsg.split(TEST_STRING_PATTERN).length - 1).toBe(1);
    expect(pmsg).toContain(`${TEST_STRING_PATTERN}${UUID}`);
  });

  it('pstore_post_reboot_tests: every file can be removed, and erased records stay gone after another reboot', () => {
    for (const f of afterBoot.fs.list()) afterBoot.fs.unlink(f.name);
    expect(afterBoot.fs.list()).toEqual([]);
    afterBoot.ring.printk(`${KERN_INFO}PSTEST-MARKER after unlink\n`);
    const third = bootWithRamoops(mem, kernel);
    const files = filesOf(third.fs);
    // Only the console of the second boot (written after the erase) is left.
    expect([...files.keys()]).toEqual(['console-ramoops-0']);
    expect(files.get('console-ramoops-0')).toContain('PSTEST-MARKER after unlink');
    expect(files.get('console-ramoops-0')).not.toContain('---[ end trace');
  });
});
