/**
 * `pstore decode` takes the kernel version from the image when --kernel
 * does not give it exactly: an ftrace zone's signature holds
 * LINUX_VERSION_CODE. On the real 6.1.192 images, a decode without
 * --kernel gives exactly the kernel's files; "--kernel 6.1" is made exact;
 * an exact --kernel that disagrees is kept, with a note, and the ftrace
 * zone's reason names the real writer instead of blaming flipped bits.
 * Kernel counterpart: fs/pstore/ram.c ramoops_init_przs() (ftrace zones are
 * signed with PERSISTENT_RAM_SIG ^ LINUX_VERSION_CODE).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  kernelCaseNames,
  readKernelCase,
  skipMessage,
  vectorsAvailable
} from '@pstore/test-vectors';
import { describe, expect, it } from 'vitest';
import { decodeCaseOut, expectFiles, kernelCaseImage, pstore, tmp } from './helpers.ts';

if (!vectorsAvailable) skipMessage();

interface DecodeJson {
  kernel: { version: string; from: string };
  zones: { type: string; state: string; reason: string }[];
  records: { name: string }[];
  notes: string[];
}

function imageFile(name: string): { path: string; cmdline: string } {
  const c = readKernelCase(name);
  const path = join(tmp('kernel-from-image'), 'image.bin');
  writeFileSync(path, c.image);
  return { path, cmdline: c.cmdline };
}

const decodeJson = (path: string, cmdline: string, ...more: string[]): DecodeJson => {
  const r = pstore('decode', path, '--params', cmdline, '--json', ...more);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as DecodeJson;
};

describe.skipIf(!vectorsAvailable)('the kernel version from the image (issue 13)', () => {
  it.each(kernelCaseNames())('%s without --kernel: exactly the files 6.1.192 showed', (name) => {
    const c = kernelCaseImage(name);
    const r = decodeCaseOut(c.path, '--params', c.cmdline);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expectFiles(r.out, c.files);
    expect(r.stdout).toMatch(/kernel 6\.1\.192 \(from its ftrace zone header\)/);
  });

  it('says where the version came from, in --json', () => {
    const { path, cmdline } = imageFile('custom-6.1-ecc16-all');
    const j = decodeJson(path, cmdline);
    expect(j.kernel).toEqual({ version: '6.1.192', from: 'image' });
    expect(j.notes).toContain(
      'kernel 6.1.192: the ftrace zone header at 0xf5fce is signed by kernel 6.1.192 (no --kernel given)'
    );
    expect(j.zones.every((z) => z.state !== 'bad-signature')).toBe(true);
  });

  it('makes --kernel 6.1 exact', () => {
    const { path, cmdline } = imageFile('custom-6.1-ecc0-all');
    const j = decodeJson(path, cmdline, '--kernel', '6.1');
    expect(j.kernel).toEqual({ version: '6.1.192', from: 'image' });
    expect(j.notes.join('\n')).toMatch(/--kernel 6\.1 made exact/);
  });

  it('keeps an exact --kernel that agrees, with nothing to say', () => {
    const { path, cmdline } = imageFile('custom-6.1-ecc0-all');
    const j = decodeJson(path, cmdline, '--kernel', '6.1.192');
    expect(j.kernel).toEqual({ version: '6.1.192', from: 'option' });
    expect(j.notes.join('\n')).not.toMatch(/signed by/);
  });

  it('keeps a --kernel that disagrees, and names the writer instead of flipped bits', () => {
    const { path, cmdline } = imageFile('custom-6.1-ecc16-all');
    // One sublevel off: the same layout, another LINUX_VERSION_CODE.
    const exact = decodeJson(path, cmdline, '--kernel', '6.1.191');
    expect(exact.kernel).toEqual({ version: '6.1.191', from: 'option' });
    expect(exact.notes).toContain(
      'the ftrace zone header at 0xf5fce is signed by kernel 6.1.192, not by 6.1.191: ' +
        'decoded as --kernel 6.1.191 asks; --kernel 6.1.192 may be right'
    );
    const ftrace = exact.zones.find((z) => z.type === 'ftrace')!;
    expect(ftrace.state).toBe('bad-signature');
    expect(ftrace.reason).toMatch(
      /an ftrace zone signed by kernel 6\.1\.192 \(LINUX_VERSION_CODE 0x601c0\), not by 6\.1\.191: decode with --kernel 6\.1\.192/
    );
    expect(ftrace.reason).not.toMatch(/flipped/);
    // 6.12 lays pmsg before ftrace: its ftrace slot holds 6.1's pmsg header.
    const later = decodeJson(path, cmdline, '--kernel', '6.12');
    expect(later.kernel.from).toBe('option');
    const slot = later.zones.find((z) => z.type === 'ftrace')!;
    expect(slot.reason).toMatch(
      /a dmesg, console or pmsg zone's header where kernel 6\.12 puts ftrace/
    );
    expect(slot.reason).not.toMatch(/flipped/);
  });

  it('leaves the default when the image has no ftrace header', () => {
    const img = new Uint8Array(0x10000);
    const path = join(tmp('no-ftrace'), 'ram.bin');
    writeFileSync(path, img);
    const j = decodeJson(path, 'ramoops.mem_size=0x10000 ramoops.record_size=0x4000');
    expect(j.kernel).toEqual({ version: '6.12', from: 'default' });
  });
});
