/**
 * Which kernel a decode uses (chooseKernel) and how a signature mismatch is
 * told (explainSignature): the image completes a guess, never overrides a
 * statement, and a wrong guess is not reported as damage.
 * Kernel counterpart: fs/pstore/ram.c ramoops_init_przs(), ram_core.c
 * persistent_ram_post_init().
 */
import { PERSISTENT_RAM_SIG, parseKernelVersion } from '@pstore/ram-core';
import { describe, expect, it } from 'vitest';
import {
  chooseKernel,
  explainSignature,
  type FtraceSignature,
  type ImageKernel
} from '../src/index.ts';

const v = parseKernelVersion;
const sigOf = (code: number) => (PERSISTENT_RAM_SIG ^ code) >>> 0;

function one(version: string, offset = 0x100): ImageKernel {
  const ver = v(version);
  const code = (ver.major << 16) | (ver.minor << 8) | Math.min(ver.sublevel, 255);
  const h: FtraceSignature = { offset, sig: sigOf(code), code, version: ver, start: 0, size: 0 };
  return { kind: 'one', version: ver, headers: [h] };
}

describe('chooseKernel', () => {
  it('keeps the default when the image says nothing', () => {
    expect(chooseKernel(null, { kind: 'none' }, '6.12')).toEqual({
      version: null,
      source: 'default',
      note: null
    });
  });

  it('takes the image’s version when no --kernel was given', () => {
    expect(chooseKernel(null, one('5.10.100'), '6.12')).toMatchObject({
      version: '5.10.100',
      source: 'image'
    });
  });

  it('makes x.y exact from the same series, and keeps x.y of another series', () => {
    expect(chooseKernel(v('5.10'), one('5.10.100'), '6.12')).toMatchObject({
      version: '5.10.100',
      source: 'image'
    });
    const other = chooseKernel(v('5.15'), one('5.10.100'), '6.12');
    expect(other).toMatchObject({ version: null, source: 'option' });
    expect(other.note).toMatch(/signed by kernel 5\.10\.100, not by 5\.15/);
  });

  it('keeps an exact --kernel: silent when it agrees, a note when it does not', () => {
    expect(chooseKernel(v('5.10.100'), one('5.10.100'), '6.12')).toEqual({
      version: null,
      source: 'option',
      note: null
    });
    expect(chooseKernel(v('5.10.101'), one('5.10.100'), '6.12').note).toMatch(/may be right/);
  });

  it('reads a clamped sublevel as "or later", agreeing with any sublevel from 255 on', () => {
    expect(chooseKernel(v('4.9.337'), one('4.9.255'), '6.12').note).toBeNull();
    expect(chooseKernel(null, one('4.9.255'), '6.12')).toMatchObject({ version: '4.9.255' });
    expect(chooseKernel(null, one('4.9.255'), '6.12').note).toMatch(/kernel 4\.9\.255\+/);
  });

  it('reads sublevel 0 as the series (what pstore encode --kernel x.y signs with)', () => {
    const c = chooseKernel(null, one('6.1.0'), '6.12');
    expect(c).toMatchObject({ version: '6.1', source: 'image' });
    expect(c.note).toMatch(/--kernel 6\.1\.0 gives the release's$/);
    expect(chooseKernel(v('6.1'), one('6.1.0'), '6.12')).toMatchObject({ version: '6.1' });
    expect(chooseKernel(v('6.1.0'), one('6.1.0'), '6.12')).toEqual({
      version: null,
      source: 'option',
      note: null
    });
  });

  it('decides nothing when headers of several kernels are found', () => {
    const a = one('5.4.0', 0x10);
    const b = one('6.1.0', 0x20);
    if (a.kind !== 'one' || b.kind !== 'one') throw new Error('fixture');
    const several: ImageKernel = {
      kind: 'several',
      versions: [a.version, b.version],
      headers: [...a.headers, ...b.headers]
    };
    const c = chooseKernel(null, several, '6.12');
    expect(c).toMatchObject({ version: null, source: 'default' });
    expect(c.note).toBe(
      'ftrace zone headers of several kernels (5.4.0, 6.1.0, at 0x10, 0x20): the image does not say one kernel, so 6.12 is used'
    );
  });
});

describe('explainSignature', () => {
  const ftrace612 = sigOf(0x060c00);

  it('a blank header', () => {
    expect(explainSignature(0, PERSISTENT_RAM_SIG, 'dmesg', '6.12').kind).toBe('blank');
  });

  it('another kernel’s ftrace zone, in an ftrace slot', () => {
    const e = explainSignature(sigOf(0x0601c0), ftrace612, 'ftrace', '6.12');
    expect(e).toMatchObject({ kind: 'other-kernel', version: '6.1.192' });
    expect(e.words).toMatch(/decode with --kernel 6\.1\.192$/);
  });

  it('an ftrace header where this era puts another zone type', () => {
    const e = explainSignature(sigOf(0x0601c0), PERSISTENT_RAM_SIG, 'pmsg', '6.12');
    expect(e.kind).toBe('other-kernel');
    expect(e.words).toMatch(/where kernel 6\.12 puts pmsg/);
  });

  it('the plain signature in an ftrace slot: another zone order', () => {
    expect(explainSignature(PERSISTENT_RAM_SIG, ftrace612, 'ftrace', '6.12').kind).toBe(
      'other-zone-type'
    );
  });

  it('one or two flipped bits outside ftrace slots, even when they spell a version code', () => {
    // 0x050000 (5.0.0) is two bits away from PERSISTENT_RAM_SIG.
    const e = explainSignature(sigOf(0x050000), PERSISTENT_RAM_SIG, 'dmesg', '6.12');
    expect(e).toMatchObject({ kind: 'bits-flipped', bits: 2 });
    expect(
      explainSignature(PERSISTENT_RAM_SIG ^ 0x80, PERSISTENT_RAM_SIG, 'console', '6.12')
    ).toMatchObject({
      kind: 'bits-flipped',
      bits: 1
    });
  });

  it('three or four flipped bits that spell no version', () => {
    // Bits of the major number: 6 → 30, no kernel. (A flip in the low 16
    // bits of an ftrace signature spells another 6.x: told as another kernel.)
    expect(explainSignature(ftrace612 ^ 0x00180001, ftrace612, 'ftrace', '6.12')).toMatchObject({
      kind: 'bits-flipped',
      bits: 3
    });
  });

  it('foreign bytes', () => {
    expect(explainSignature(0x12345678, PERSISTENT_RAM_SIG, 'dmesg', '6.12').kind).toBe('foreign');
  });
});
