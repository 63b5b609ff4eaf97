import { parseKernelVersion, RamCoreError } from '@pstore/ram-core';
import {
  kernelCaseNames,
  readVectorJson,
  skipMessage,
  vectorsAvailable
} from '@pstore/test-vectors';
import { describe, expect, it } from 'vitest';
import { splitKernelCmdline } from '../src/config/cmdline.ts';
import { ramoopsFromCmdline } from '../src/config/module-params.ts';
import { ramoopsEra } from '../src/era.ts';

if (!vectorsAvailable) skipMessage();

const era = (v: string) => ramoopsEra(parseKernelVersion(v));
const v612 = era('6.12');
const read = (cmdline: string, e = v612) => ramoopsFromCmdline(cmdline, e);

describe('splitKernelCmdline (next_arg quoting)', () => {
  it('splits on whitespace and strips quotes around values and whole words', () => {
    expect(splitKernelCmdline('a=1  b="x y" "c=z w" d')).toEqual([
      { param: 'a', value: '1', raw: 'a=1' },
      { param: 'b', value: 'x y', raw: 'b="x y"' },
      { param: 'c', value: 'z w', raw: '"c=z w"' },
      { param: 'd', value: null, raw: 'd' }
    ]);
  });

  it('stops at a bare "--" (the rest belongs to init)', () => {
    expect(splitKernelCmdline('a=1 -- ramoops.mem_size=4').map((a) => a.param)).toEqual(['a']);
  });
});

describe('ramoopsFromCmdline (module parameters)', () => {
  it('uses 4096-byte zones, per-CPU ftrace and max_reason OOPS by default', () => {
    const c = read('ramoops.mem_size=0x100000');
    expect(c).toMatchObject({
      source: 'module-params',
      memSize: 0x100000,
      memAddress: 0n,
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

  it('ignores unrelated words and reads ramoops.* and pstore.* among them', () => {
    const c = read(
      'console=ttyS0 nokaslr memmap=1M$0x10000000 ramoops.mem_address=0x10000000 ' +
        'ramoops.mem_size=0x100000 ramoops.record_size=0x4000 pstore.compress=none pstore.backend="ramoops"'
    );
    expect(c.memAddress).toBe(0x10000000n);
    expect(c.recordSize).toBe(0x4000);
    expect(c.pstore).toEqual({ compress: 'none', backend: 'ramoops' });
  });

  it('treats ramoops.ecc=1 as 16 parity bytes and other values literally', () => {
    expect(read('ramoops.mem_size=0x100000 ramoops.ecc=1').ecc.eccSize).toBe(16);
    expect(read('ramoops.mem_size=0x100000 ramoops.ecc=32').ecc.eccSize).toBe(32);
  });

  it.each([
    ['', 2],
    ['ramoops.max_reason=4', 4],
    ['ramoops.max_reason=0', 0],
    ['ramoops.dump_oops=0', 1],
    ['ramoops.dump_oops=1', 2],
    ['ramoops.max_reason=-1 ramoops.dump_oops=0', 1],
    ['ramoops.max_reason=3 ramoops.dump_oops=0', 3]
  ])(
    'resolves "%s" to max_reason %s (max_reason ≥ 0 wins, then dump_oops, else OOPS)',
    (words, reason) => {
      expect(read(`ramoops.mem_size=0x100000 ${words}`).maxReason).toBe(reason);
    }
  );

  it('lets the last occurrence of a parameter win and treats - like _ in names', () => {
    const c = read('ramoops.mem_size=0x1000 ramoops.mem-size=0x100000 ramoops.record-size=0x2000');
    expect(c.memSize).toBe(0x100000);
    expect(c.recordSize).toBe(0x2000);
  });

  it('rejects an unknown ramoops.* word, naming it', () => {
    expect(() => read('ramoops.mem_size=0x100000 ramoops.record_sz=0x4000')).toThrow(
      /unknown parameter "ramoops.record_sz=0x4000"/
    );
    expect(() => read('ramoops.mem_size=0x100000 pstore.compres=none')).toThrow(
      /pstore has no parameter "compres"/
    );
  });

  it('takes a K/M/G size as meant but warns that kstrtoul (the kernel) rejects it', () => {
    const c = read('ramoops.mem_size=1M ramoops.record_size=16K');
    expect([c.memSize, c.recordSize]).toEqual([0x100000, 0x4000]);
    expect(c.warnings.join('\n')).toMatch(
      /ramoops\.mem_size=1M: a real kernel rejects size suffixes/
    );
  });

  it('rejects a suffix on a non-size parameter and any other non-number, naming it', () => {
    expect(() => read('ramoops.mem_size=0x1000 ramoops.ecc=1M')).toThrow(/ramoops.ecc/);
    expect(() => read('ramoops.mem_size=lots')).toThrow(/ramoops.mem_size: "lots"/);
  });

  it('fails without ramoops.mem_size because the kernel then ignores every ramoops.* word', () => {
    expect(() => read('ramoops.record_size=0x4000')).toThrow(RamCoreError);
    expect(() => read('ramoops.mem_size=0')).toThrow(/mem_size is missing or 0/);
  });

  it('rejects mem_type above 2 and a negative ECC size', () => {
    expect(() => read('ramoops.mem_size=0x100000 ramoops.mem_type=3')).toThrow(
      /mem_type=3 is invalid/
    );
    expect(() => read('ramoops.mem_size=0x100000 ramoops.ecc=-4')).toThrow(/cannot be negative/);
  });

  it('ignores max_reason on kernels before 5.8 with a warning, and uses dump_oops', () => {
    const c = read(
      'ramoops.mem_size=0x100000 ramoops.max_reason=4 ramoops.dump_oops=0',
      era('5.4')
    );
    expect(c.maxReason).toBe(1);
    expect(c.warnings).toEqual([
      'ramoops.max_reason does not exist before Linux 5.8; kernel 5.4 (newest 5.4.y assumed) ignores it'
    ]);
  });

  it('has no per-CPU ftrace flag on 4.9', () => {
    expect(read('ramoops.mem_size=0x100000', era('4.9')).flags).toBe(0);
  });

  it('takes the region size from reserve_mem= for ramoops.mem_name on 6.11+', () => {
    const c = read('reserve_mem=2M:4096:oops ramoops.mem_name=oops');
    expect(c.memSize).toBe(0x200000);
    expect(c.memAddress).toBeNull();
    expect(() => read('ramoops.mem_name=oops')).toThrow(/names no reserve_mem=/);
  });

  it('ignores ramoops.mem_name before 6.11 with a warning', () => {
    const c = read('ramoops.mem_size=0x100000 ramoops.mem_name=oops', era('6.6'));
    expect(c.memSize).toBe(0x100000);
    expect(c.warnings[0]).toMatch(/mem_name does not exist before Linux 6.11/);
  });

  it('reads pstore.kmsg_bytes only from 6.2', () => {
    expect(read('ramoops.mem_size=0x100000 pstore.kmsg_bytes=20000').pstore.kmsgBytes).toBe(20000);
    const old = read('ramoops.mem_size=0x100000 pstore.kmsg_bytes=20000', era('6.1'));
    expect(old.pstore.kmsgBytes).toBeUndefined();
    expect(old.warnings).toHaveLength(1);
  });
});

describe.skipIf(!vectorsAvailable)('ramoopsFromCmdline on the real kernel command lines', () => {
  it('reads every case.json command line into its ramoops.* parameters', () => {
    for (const name of kernelCaseNames()) {
      const meta = readVectorJson<{ cmdline: string; params: Record<string, string> }>(
        `kernel/${name}/case.json`
      );
      const c = read(meta.cmdline, era('6.1.192'));
      const p = meta.params;
      expect(c.memSize).toBe(Number(p['ramoops.mem_size']));
      expect(c.memAddress).toBe(BigInt(p['ramoops.mem_address'] ?? 'x'));
      expect(c.recordSize).toBe(Number(p['ramoops.record_size']));
      expect(c.consoleSize).toBe(Number(p['ramoops.console_size']));
      expect(c.ftraceSize).toBe(Number(p['ramoops.ftrace_size']));
      expect(c.pmsgSize).toBe(Number(p['ramoops.pmsg_size']));
      expect(c.ecc.eccSize).toBe(Number(p['ramoops.ecc']));
      expect(c.maxReason).toBe(Number(p['ramoops.max_reason']));
      expect(c.pstore.compress).toBe(p['pstore.compress']);
      expect(c.warnings).toEqual([]);
    }
  });
});
