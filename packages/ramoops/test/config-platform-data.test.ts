import { parseKernelVersion, RamCoreError } from '@pstore/ram-core';
import { describe, expect, it } from 'vitest';
import { ramoopsFromPlatformData } from '../src/config/platform-data.ts';
import { ramoopsEra } from '../src/era.ts';

const era = (v: string) => ramoopsEra(parseKernelVersion(v));

describe('ramoopsFromPlatformData', () => {
  it('fills missing fields with the module-parameter defaults', () => {
    expect(ramoopsFromPlatformData({ memSize: 0x100000 }, era('6.12'))).toEqual({
      source: 'platform-data',
      memSize: 0x100000,
      memAddress: null,
      memType: 0,
      recordSize: 4096,
      consoleSize: 4096,
      ftraceSize: 4096,
      pmsgSize: 4096,
      maxReason: 2,
      flags: 1,
      ecc: { eccSize: 0, blockSize: 0, symsize: 0, poly: 0 },
      pstore: {},
      warnings: []
    });
  });

  it('accepts sizes as numbers, bigints or size text with K/M/G suffixes', () => {
    const c = ramoopsFromPlatformData(
      {
        memSize: '1M',
        recordSize: '16K',
        consoleSize: '0x8000',
        ftraceSize: 8192n,
        pmsgSize: 0,
        memAddress: '0x10000000'
      },
      era('6.1')
    );
    expect(c).toMatchObject({
      memSize: 0x100000,
      recordSize: 0x4000,
      consoleSize: 0x8000,
      ftraceSize: 0x2000,
      pmsgSize: 0,
      memAddress: 0x10000000n
    });
  });

  it('takes a numeric ecc literally (no ecc=1 → 16 rule) and keeps full ECC info', () => {
    expect(ramoopsFromPlatformData({ memSize: 0x100000, ecc: 1 }, era('6.1')).ecc.eccSize).toBe(1);
    expect(
      ramoopsFromPlatformData(
        { memSize: 0x100000, ecc: { eccSize: 16, blockSize: 64 } },
        era('6.1')
      ).ecc
    ).toEqual({ eccSize: 16, blockSize: 64, symsize: 0, poly: 0 });
  });

  it('drops the per-CPU ftrace flag on 4.9 with a warning', () => {
    const c = ramoopsFromPlatformData({ memSize: 0x100000, flags: 1 }, era('4.9'));
    expect(c.flags).toBe(0);
    expect(c.warnings[0]).toMatch(/no per-CPU ftrace zones/);
    expect(ramoopsFromPlatformData({ memSize: 0x100000 }, era('4.9')).flags).toBe(0);
  });

  it('rejects sizes that are not byte counts, naming the field and the value', () => {
    expect(() => ramoopsFromPlatformData({ memSize: 'big' }, era('6.1'))).toThrow(/memSize: "big"/);
    expect(() =>
      ramoopsFromPlatformData({ memSize: 0x1000, recordSize: -4096 }, era('6.1'))
    ).toThrow(/recordSize -4096/);
    expect(() => ramoopsFromPlatformData({ memSize: 0x1000, memType: 3 }, era('6.1'))).toThrow(
      RamCoreError
    );
  });
});
