/**
 * Which kernel versions pstore-ts takes: 4.9 and later, never a release
 * that did not exist; the range and the series' last release are named.
 * Kernel counterpart: the kernel's own version history (Makefile VERSION /
 * PATCHLEVEL: 3.19 → 4.0, 4.20 → 5.0, 5.19 → 6.0).
 */
import { describe, expect, it } from 'vitest';
import { RamCoreError } from '../src/errno.ts';
import {
  linuxVersionCode,
  NEWEST_KNOWN_KERNEL,
  OLDEST_KERNEL,
  parseKernelVersion
} from '../src/kernel-version.ts';

function refusal(text: string): RamCoreError {
  try {
    parseKernelVersion(text);
  } catch (e) {
    expect(e).toBeInstanceOf(RamCoreError);
    return e as RamCoreError;
  }
  throw new Error(`kernel ${text} was accepted`);
}

describe('parseKernelVersion', () => {
  it('names the modelled range', () => {
    expect([OLDEST_KERNEL, NEWEST_KNOWN_KERNEL]).toEqual(['4.9', '6.12']);
  });

  it.each(['4.9', '4.9.337', '4.20', '5.0', '5.19', '6.0', '6.1.79', '6.12', '6.1.0-13-amd64'])(
    'takes %s',
    (text) => {
      expect(() => parseKernelVersion(text)).not.toThrow();
    }
  );

  it.each(['2.6', '3.0', '3.18', '4.4', '4.8', '0.1'])(
    'refuses %s as older than 4.9, naming the range',
    (text) => {
      const e = refusal(text);
      expect(e.code).toBe('EINVAL');
      expect(e.message).toBe(
        `kernel ${text} is older than 4.9, the oldest kernel pstore-ts models ` +
          "(supported: 4.9 to 6.12; later releases get 6.12's rules)"
      );
    }
  );

  it.each([
    ['4.21', 'the 4.x series ended at 4.20 (then came 5.0)'],
    ['4.99', 'the 4.x series ended at 4.20 (then came 5.0)'],
    ['5.20', 'the 5.x series ended at 5.19 (then came 6.0)'],
    ['5.20.3', 'the 5.x series ended at 5.19 (then came 6.0)']
  ])('refuses %s, a release that never existed, naming the last one', (text, why) => {
    const e = refusal(text);
    expect(e.code).toBe('EINVAL');
    expect(e.message).toMatch(`never existed: ${why}`);
  });

  it.each(['6.13', '6.20', '7.0', '99.1'])(
    'takes %s, newer than the newest known release (the era adds the note)',
    (text) => {
      const v = parseKernelVersion(text);
      expect(linuxVersionCode(v)).toBe((v.major << 16) | (v.minor << 8));
    }
  );

  it('refuses what LINUX_VERSION_CODE cannot hold', () => {
    expect(refusal('6.256').message).toMatch(/holds major and minor in 8 bits/);
    expect(refusal('256.1').message).toMatch(/holds major and minor in 8 bits/);
  });

  it('still refuses text that is no version', () => {
    expect(refusal('six').message).toMatch(/not of the form x\.y or x\.y\.z/);
  });
});
