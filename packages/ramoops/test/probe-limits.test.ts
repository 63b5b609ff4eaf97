/**
 * The kernel's own size limits on a layout: the dmesg prz pointer array
 * (kcalloc, KMALLOC_MAX_SIZE), max_dump_cnt's unsigned int, psinfo->buf
 * (kzalloc before 6.6), the int start/size of a zone header; and the 2^53
 * past which pstore-ts cannot compute exactly. Everything below the limits
 * is laid out, and cheaply: the dump zones are described, not listed.
 * Kernel counterpart: fs/pstore/ram.c ramoops_init_przs(), ramoops_probe();
 * fs/pstore/ram_core.c struct persistent_ram_buffer; include/linux/slab.h.
 */
import { parseKernelVersion, RamCoreError } from '@pstore/ram-core';
import { describe, expect, it } from 'vitest';
import { ramoopsFromCmdline } from '../src/config/module-params.ts';
import { ramoopsFromPlatformData } from '../src/config/platform-data.ts';
import { MAX_EXACT_SIZE, sizeToNumber, ULONG_MAX } from '../src/config/sizes.ts';
import { ramoopsEra } from '../src/era.ts';
import { ramoopsDumpZone, ramoopsLayout } from '../src/layout.ts';
import { KMALLOC_MAX_SIZE, MAX_DUMP_ZONES } from '../src/probe-limits.ts';

const era = (v: string) => ramoopsEra(parseKernelVersion(v));
const layoutOf = (cmdline: string, v = '6.12') => {
  const e = era(v);
  return ramoopsLayout(ramoopsFromCmdline(cmdline, e), e, { nrCpus: 1 });
};
const errorOf = (f: () => unknown): RamCoreError => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(RamCoreError);
    return e as RamCoreError;
  }
  throw new Error('no error');
};
/** mem_size for `zones` dump zones of 4 KiB plus the three 4 KiB module-default zones. */
const memFor = (zones: number) => (zones + 3) * 0x1000;

describe('the dmesg prz array: kcalloc() up to KMALLOC_MAX_SIZE', () => {
  it('is 4 MiB of 8-byte pointers: 524288 zones', () => {
    expect(KMALLOC_MAX_SIZE).toBe(4 * 1024 * 1024);
    expect(MAX_DUMP_ZONES).toBe(524288);
  });

  it('lays out the largest count the kernel allocates, without listing the zones', () => {
    const l = layoutOf(`ramoops.mem_size=${memFor(MAX_DUMP_ZONES)}`);
    expect(l.dumpCount).toBe(MAX_DUMP_ZONES);
    expect(l.dumpZone).toMatchObject({ offset: 0, size: 0x1000, dataCapacity: 4084 });
    expect(ramoopsDumpZone(l, MAX_DUMP_ZONES - 1)).toMatchObject({
      offset: (MAX_DUMP_ZONES - 1) * 0x1000,
      label: `ramoops:dmesg(${MAX_DUMP_ZONES - 1}/${MAX_DUMP_ZONES - 1})`
    });
    expect(l.console?.offset).toBe(MAX_DUMP_ZONES * 0x1000);
  });

  it.each(['4.9', '5.10', '6.12'])(
    '%s: refuses one zone more with ENOMEM, naming the limit',
    (v) => {
      const e = errorOf(() => layoutOf(`ramoops.mem_size=${memFor(MAX_DUMP_ZONES + 1)}`, v));
      expect(e.code).toBe('ENOMEM');
      expect(e.message).toBe(
        'ramoops: the 0x80001000-byte dump area / record_size 0x1000 = 524289 dmesg zones: their pointer ' +
          'array needs 4194312 bytes, more than kcalloc() gives (KMALLOC_MAX_SIZE 4194304, so at most ' +
          '524288 zones): ramoops_init_przs() fails with ENOMEM; use a larger record_size'
      );
    }
  );

  it('refuses 100 GiB of 4 KiB records at once (26 million zones)', () => {
    const e = errorOf(() => layoutOf('ramoops.mem_size=0x1900000000'));
    expect(e.message).toMatch(/= 26214397 dmesg zones: their pointer array needs 209715176 bytes/);
  });

  it('takes 100 GiB with records large enough, on a kernel that kvzallocs the dump buffer', () => {
    const l = layoutOf('ramoops.mem_size=0x1900000000 ramoops.record_size=0x40000000');
    expect(l.dumpCount).toBe(99);
    expect(l.bufsize).toBe(l.dumpZone!.dataCapacity);
  });

  it('refuses a count past max_dump_cnt (unsigned int) with ERANGE', () => {
    // 16 TiB of 16-byte records: 2^40 of them, which wraps to 0 in 32 bits.
    const e = errorOf(() =>
      layoutOf(
        'ramoops.mem_size=0x100000000000 ramoops.record_size=16 ramoops.console_size=0 ramoops.pmsg_size=0 ramoops.ftrace_size=0'
      )
    );
    expect(e.code).toBe('ERANGE');
    expect(e.message).toMatch(
      /= 1099511627776 dmesg zones, more than max_dump_cnt \(unsigned int\) holds \(4294967295\): the kernel's count wraps to 0/
    );
  });
});

describe('psinfo->buf: kzalloc() up to KMALLOC_MAX_SIZE before 6.6', () => {
  const cmd = (record: number) =>
    `ramoops.mem_size=${record * 4} ramoops.record_size=${record} ramoops.console_size=0 ramoops.pmsg_size=0 ramoops.ftrace_size=0`;

  it('takes a 4 MiB record on 6.1 (bufsize 4 MiB − 12 fits)', () => {
    expect(layoutOf(cmd(KMALLOC_MAX_SIZE), '6.1').bufsize).toBe(KMALLOC_MAX_SIZE - 12);
  });

  it.each(['4.9', '4.14', '5.10', '6.1', '6.5'])(
    '%s: refuses an 8 MiB record, whose dump buffer kmalloc() cannot give',
    (v) => {
      const e = errorOf(() => layoutOf(cmd(2 * KMALLOC_MAX_SIZE), v));
      expect(e.code).toBe('ENOMEM');
      expect(e.message).toMatch(
        /allocates the \d+-byte dump buffer .* with kmalloc\(\), which gives at most KMALLOC_MAX_SIZE 4194304 bytes: the probe fails with ENOMEM/
      );
    }
  );

  it.each(['6.6', '6.12'])('%s: takes it (kvzalloc since 6.6)', (v) => {
    expect(layoutOf(cmd(2 * KMALLOC_MAX_SIZE), v).bufsize).toBe(2 * KMALLOC_MAX_SIZE - 12);
  });

  it('notes before 6.6 that a console over 4 MiB cannot be saved whole', () => {
    const big = 'ramoops.mem_size=0x1000000 ramoops.console_size=0x800000';
    expect(layoutOf(big, '6.1').notes.join('\n')).toMatch(
      /the console zone holds 8388596 bytes, but kernel 6\.1 .* saves a zone's old contents with kmalloc\(\)/
    );
    expect(layoutOf(big, '6.12').notes.join('\n')).not.toMatch(/kmalloc/);
  });
});

describe('a zone over 2 GiB', () => {
  it('is laid out, with a note on its int start/size', () => {
    const l = layoutOf('ramoops.mem_size=0x200000000 ramoops.record_size=0x100000000');
    expect(l.dumpCount).toBe(1);
    expect(l.notes.join('\n')).toMatch(
      /each dmesg zone holds \d+ bytes, more than the int start\/size of a zone header count \(INT_MAX 2147483647\)/
    );
  });
});

describe('sizes beyond what a kernel or a JS number holds', () => {
  it('takes 2^53 − 1', () => {
    expect(sizeToNumber(BigInt(MAX_EXACT_SIZE - 1), 'x')).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('refuses 2^53 and more, naming 2^53', () => {
    const e = errorOf(() => layoutOf('ramoops.mem_size=0x20000000000000'));
    expect(e.code).toBe('ERANGE');
    expect(e.message).toBe(
      'ramoops.mem_size 0x20000000000000 is 2^53 (9007199254740992) or more: pstore-ts computes ' +
        'layouts in JavaScript numbers, which are exact only below 2^53'
    );
  });

  it('refuses more than ULONG_MAX as the kernel does (kstrtoul: ERANGE)', () => {
    expect(ULONG_MAX).toBe(2n ** 64n - 1n);
    const e = errorOf(() => layoutOf('ramoops.mem_size=0x10000000000000000'));
    expect(e.code).toBe('ERANGE');
    expect(e.message).toMatch(/does not fit an unsigned long \(ULONG_MAX 0xffffffffffffffff\)/);
  });

  it('refuses a typed size of 2^53 too', () => {
    const e = errorOf(() => ramoopsFromPlatformData({ memSize: 2n ** 53n }, era('6.12')));
    expect(e.message).toMatch(/2\^53/);
  });
});

describe('the dump zone table', () => {
  it('is the same whether listed or derived zone by zone', () => {
    const l = layoutOf('ramoops.mem_size=0x100000 ramoops.record_size=0x3000 ramoops.ecc=16');
    expect(l.dmesg).toHaveLength(l.dumpCount);
    for (const z of l.dmesg) expect(ramoopsDumpZone(l, z.index)).toEqual(z);
    expect(l.zones).toEqual([...l.dmesg, ...l.afterDumps]);
    expect(() => ramoopsDumpZone(l, l.dumpCount)).toThrow(RangeError);
  });
});
