import { RamCoreError } from '@pstore/ram-core';
import { describe, expect, it } from 'vitest';
import {
  memparse,
  parseKernelInt,
  parseKernelUnsigned,
  roundDownPowerOfTwo
} from '../src/config/sizes.ts';
import { NO_ECC, type RamoopsPlatformData } from '../src/config/types.ts';
import { ramoopsProbeSizes } from '../src/config/validate.ts';

describe('memparse (kernel size syntax)', () => {
  it.each([
    ['16384', 16384n],
    ['0x4000', 0x4000n],
    ['1M', 0x100000n],
    ['1m', 0x100000n],
    ['64k', 65536n],
    ['2G', 2n << 30n],
    ['010', 8n]
  ])('reads %s as %s', (text, value) => {
    expect(memparse(text, 'record_size')).toBe(value);
  });

  it('rejects text that is not a size and names the parameter and the text', () => {
    expect(() => memparse('lots', 'record_size')).toThrow(/record_size: "lots" is not a size/);
    expect(() => memparse('4Q', 'console_size')).toThrow(/console_size: "4Q"/);
    expect(() => memparse('4Mb', 'x')).toThrow(RamCoreError);
  });
});

describe('kstrtoul/kstrtoint (module parameter syntax)', () => {
  it('reads decimal, 0x hex and leading-zero octal like base 0', () => {
    expect(parseKernelUnsigned('4096', 'p')).toBe(4096n);
    expect(parseKernelUnsigned('0x1000', 'p')).toBe(4096n);
    expect(parseKernelUnsigned('010000', 'p')).toBe(4096n);
    expect(parseKernelUnsigned('0', 'p')).toBe(0n);
  });

  it('rejects size suffixes, signs and invalid octal digits, which the kernel refuses too', () => {
    expect(() => parseKernelUnsigned('1M', 'ramoops.mem_size')).toThrow(/ramoops.mem_size: "1M"/);
    expect(() => parseKernelUnsigned('-1', 'p')).toThrow(RamCoreError);
    expect(() => parseKernelUnsigned('08', 'p')).toThrow(RamCoreError);
    expect(() => parseKernelUnsigned('0x', 'p')).toThrow(RamCoreError);
  });

  it('accepts a minus sign for int parameters and checks the int range', () => {
    expect(parseKernelInt('-1', 'ramoops.max_reason')).toBe(-1);
    expect(parseKernelInt('0x10', 'ramoops.ecc')).toBe(16);
    expect(() => parseKernelInt('0x80000000', 'ramoops.ecc')).toThrow(
      /does not fit in a 32-bit int/
    );
  });
});

describe('rounddown_pow_of_two', () => {
  it.each([
    [1, 1],
    [0x5000, 0x4000],
    [0x4000, 0x4000],
    [0x7fffffff, 0x40000000],
    [2 ** 40 - 1, 2 ** 39]
  ])('%s → %s', (n, p) => {
    expect(roundDownPowerOfTwo(n)).toBe(p);
  });
});

const pdata = (over: Partial<RamoopsPlatformData>): RamoopsPlatformData => ({
  memSize: 0x100000,
  memAddress: null,
  memType: 0,
  recordSize: 0x1000,
  consoleSize: 0x1000,
  ftraceSize: 0x1000,
  pmsgSize: 0x1000,
  maxReason: 2,
  flags: 0,
  ecc: NO_ECC,
  ...over
});

describe('ramoopsProbeSizes (ramoops_probe checks)', () => {
  it('rounds record/console/ftrace/pmsg sizes down to powers of two and says so', () => {
    const r = ramoopsProbeSizes(pdata({ recordSize: 0x5000, pmsgSize: 0x9000 }));
    expect(r.sizes).toEqual({
      recordSize: 0x4000,
      consoleSize: 0x1000,
      ftraceSize: 0x1000,
      pmsgSize: 0x8000
    });
    expect(r.notes).toEqual([
      'ramoops: record_size 0x5000 rounded down to 0x4000',
      'ramoops: pmsg_size 0x9000 rounded down to 0x8000'
    ]);
  });

  it('does not round mem_size (despite the documentation)', () => {
    expect(ramoopsProbeSizes(pdata({ memSize: 0x123456 })).notes).toEqual([]);
  });

  it('rejects mem_size 0 with EINVAL naming the sizes', () => {
    expect(() => ramoopsProbeSizes(pdata({ memSize: 0 }))).toThrow(/mem_size 0x0/);
  });

  it('rejects a configuration whose four zone sizes are all 0', () => {
    const err = (() => {
      try {
        ramoopsProbeSizes(pdata({ recordSize: 0, consoleSize: 0, ftraceSize: 0, pmsgSize: 0 }));
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(RamCoreError);
    expect((err as RamCoreError).code).toBe('EINVAL');
    expect((err as RamCoreError).message).toMatch(
      /at least one of record\/console\/ftrace\/pmsg size/
    );
  });

  it('rejects negative or fractional sizes', () => {
    expect(() => ramoopsProbeSizes(pdata({ consoleSize: -1 }))).toThrow(/console_size -1/);
    expect(() => ramoopsProbeSizes(pdata({ recordSize: 1.5 }))).toThrow(/record_size 1.5/);
  });
});
