import {
  linuxVersionCode,
  parseKernelVersion,
  PERSISTENT_RAM_SIG,
  PRZ_FLAG_NO_LOCK,
  PRZ_FLAG_ZAP_OLD,
  RamCoreError
} from '@pstore/ram-core';
import {
  kernelCaseNames,
  readKernelCase,
  readVector,
  readVectorJson,
  skipMessage,
  vectorsAvailable
} from '@pstore/test-vectors';
import { describe, expect, it } from 'vitest';
import { ramoopsFromCmdline } from '../src/config/module-params.ts';
import {
  ramoopsFromPlatformData,
  type RamoopsPlatformDataInput
} from '../src/config/platform-data.ts';
import { ramoopsEra } from '../src/era.ts';
import { ramoopsLayout, type RamoopsLayout } from '../src/layout.ts';

if (!vectorsAvailable) skipMessage();

const era = (v: string) => ramoopsEra(parseKernelVersion(v));
const layoutOf = (input: RamoopsPlatformDataInput, v: string, nrCpus = 1): RamoopsLayout => {
  const e = era(v);
  return ramoopsLayout(ramoopsFromPlatformData(input, e), e, { nrCpus });
};
/** [offset, size] of each zone of a type. */
const spans = (l: RamoopsLayout, type: string): [number, number][] =>
  l.zones.filter((z) => z.type === type).map((z) => [z.offset, z.size]);

const errorOf = (f: () => unknown): RamCoreError => {
  try {
    f();
  } catch (e) {
    if (e instanceof RamCoreError) return e;
    throw e;
  }
  throw new Error('expected a RamCoreError');
};

describe('ramoopsLayout: WORKED-EXAMPLES §L1 (module params, mem_size 0x100000, nr_cpus 4)', () => {
  const l1 = (v: string) => {
    const e = era(v);
    return ramoopsLayout(ramoopsFromCmdline('ramoops.mem_size=0x100000', e), e, { nrCpus: 4 });
  };

  it.each(['6.2', '6.12'])(
    '%s: 253 dmesg zones, console 0xfd000, pmsg 0xfe000, 4 ftrace zones at 0xff000',
    (v) => {
      const l = l1(v);
      expect(l.dumpCount).toBe(253);
      expect(new Set(l.dmesg.map((z) => z.size))).toEqual(new Set([0x1000]));
      expect(l.dmesg[252]?.offset).toBe(252 * 0x1000);
      expect(spans(l, 'console')).toEqual([[0xfd000, 0x1000]]);
      expect(spans(l, 'pmsg')).toEqual([[0xfe000, 0x1000]]);
      expect(spans(l, 'ftrace')).toEqual([
        [0xff000, 0x400],
        [0xff400, 0x400],
        [0xff800, 0x400],
        [0xffc00, 0x400]
      ]);
      expect(l.slack).toEqual({ offset: 0x100000, size: 0 });
    }
  );

  it.each(['4.20.0', '5.10', '6.1'])('%s: pmsg at 0xff000 and 4 ftrace zones at 0xfe000', (v) => {
    const l = l1(v);
    expect(l.dumpCount).toBe(253);
    expect(spans(l, 'console')).toEqual([[0xfd000, 0x1000]]);
    expect(spans(l, 'ftrace').map(([o]) => o)).toEqual([0xfe000, 0xfe400, 0xfe800, 0xfec00]);
    expect(spans(l, 'pmsg')).toEqual([[0xff000, 0x1000]]);
  });

  it('4.9: one 0x1000 ftrace zone at 0xfe000 and pmsg at 0xff000', () => {
    const l = l1('4.9');
    expect(l.dumpCount).toBe(253);
    expect(spans(l, 'ftrace')).toEqual([[0xfe000, 0x1000]]);
    expect(spans(l, 'pmsg')).toEqual([[0xff000, 0x1000]]);
  });

  it('labels zones like the kernel resources and marks per-CPU and zap-at-probe zones', () => {
    const l = l1('6.12');
    expect(l.dmesg[0]?.label).toBe('ramoops:dmesg(0/252)');
    expect(l.console).toMatchObject({
      label: 'ramoops:console',
      flags: PRZ_FLAG_ZAP_OLD,
      sigXor: 0
    });
    expect(l.pmsg).toMatchObject({ label: 'ramoops:pmsg', flags: PRZ_FLAG_ZAP_OLD });
    expect(l.ftrace[3]).toMatchObject({
      label: 'ramoops:ftrace(3/3)',
      flags: PRZ_FLAG_NO_LOCK,
      index: 3
    });
    expect(l.ftrace[0]?.sigXor).toBe(0x060c00);
    expect(l.dmesg[0]?.flags).toBe(0);
    expect(l1('4.9').ftrace[0]).toMatchObject({
      label: 'ramoops:ftrace',
      flags: PRZ_FLAG_ZAP_OLD,
      sigXor: 0x040900
    });
  });
});

describe('ramoopsLayout: WORKED-EXAMPLES §L2 and §L3', () => {
  it.each(['4.9', '6.1', '6.12'])(
    'L2 (record 0x4000, console 0x4000 from DT): 63 dmesg zones, console at 0xfc000 on %s',
    (v) => {
      const l = layoutOf(
        {
          memSize: 0x100000,
          recordSize: 0x4000,
          consoleSize: 0x4000,
          ftraceSize: 0,
          pmsgSize: 0,
          flags: 0
        },
        v
      );
      expect(l.dumpCount).toBe(63);
      expect(new Set(l.dmesg.map((z) => z.size))).toEqual(new Set([0x4000]));
      expect(spans(l, 'console')).toEqual([[0xfc000, 0x4000]]);
      expect(l.zones).toHaveLength(64);
    }
  );

  const l3 = {
    memSize: 0x100000,
    recordSize: 0x4000,
    consoleSize: 0x4000,
    ftraceSize: 0x1000,
    pmsgSize: 0x1000
  };

  it('L3 on 6.2+: 62 dmesg zones of 0x4084 (dump area split evenly), console at 0xf9ff8, 8 bytes of slack', () => {
    const l = layoutOf(l3, '6.12');
    expect(l.dumpCount).toBe(62);
    expect(new Set(l.dmesg.map((z) => z.size))).toEqual(new Set([0x4084]));
    expect(spans(l, 'console')).toEqual([[0xf9ff8, 0x4000]]);
    expect(spans(l, 'pmsg')).toEqual([[0xfdff8, 0x1000]]);
    expect(spans(l, 'ftrace')).toEqual([[0xfeff8, 0x1000]]);
    expect(l.slack).toEqual({ offset: 0xffff8, size: 8 });
  });

  it('L3 on 4.9: 62 dmesg zones of record_size, console right after them, 0x2000 bytes of slack', () => {
    const l = layoutOf(l3, '4.9');
    expect(new Set(l.dmesg.map((z) => z.size))).toEqual(new Set([0x4000]));
    expect(spans(l, 'console')).toEqual([[0xf8000, 0x4000]]);
    expect(spans(l, 'ftrace')).toEqual([[0xfc000, 0x1000]]);
    expect(spans(l, 'pmsg')).toEqual([[0xfd000, 0x1000]]);
    expect(l.slack).toEqual({ offset: 0xfe000, size: 0x2000 });
  });
});

describe('ramoopsLayout: WORKED-EXAMPLES §L4 (per-CPU split with an odd quotient, nr_cpus 3)', () => {
  const l4 = {
    memSize: 0x10000,
    recordSize: 0x1000,
    consoleSize: 0x1000,
    ftraceSize: 0x1000,
    pmsgSize: 0x1000
  };

  it.each(['6.2', '6.5', '6.6.15', '6.7.3'])(
    '%s: ftrace zones of 0x555 at 0xf000, 0xf555, 0xfaaa',
    (v) => {
      expect(spans(layoutOf(l4, v, 3), 'ftrace')).toEqual([
        [0xf000, 0x555],
        [0xf555, 0x555],
        [0xfaaa, 0x555]
      ]);
    }
  );

  it.each(['6.8', '6.12', '6.6.16', '6.7.4', '6.6'])(
    '%s: ftrace zones rounded to an even 0x554',
    (v) => {
      expect(spans(layoutOf(l4, v, 3), 'ftrace')).toEqual([
        [0xf000, 0x554],
        [0xf554, 0x554],
        [0xfaa8, 0x554]
      ]);
    }
  );

  it('before 6.2 a short ftrace area moves pmsg by the bytes the split left over', () => {
    const l = layoutOf(l4, '6.1.76', 3);
    expect(spans(l, 'ftrace').map(([o]) => o)).toEqual([0xe000, 0xe555, 0xeaaa]);
    expect(spans(l, 'pmsg')).toEqual([[0xefff, 0x1000]]);
  });
});

describe('ramoopsLayout: zone capacity (WORKED-EXAMPLES §G)', () => {
  it.each([
    [64, 0, 52],
    [256, 0, 244],
    [256, 16, 196],
    [1024, 16, 884],
    [4096, 0, 4084],
    [4096, 16, 3604],
    [16384, 16, 14532],
    [32768, 16, 29092]
  ])('a %s-byte zone with ecc %s holds %s data bytes', (size, ecc, capacity) => {
    const l = layoutOf(
      { memSize: size, recordSize: size, consoleSize: 0, ftraceSize: 0, pmsgSize: 0, ecc },
      '6.12'
    );
    expect(l.dmesg).toHaveLength(1);
    expect(l.dmesg[0]?.dataCapacity).toBe(capacity);
    expect(l.bufsize).toBe(capacity);
  });

  it('uses the whole record size as the dump buffer on 4.9', () => {
    expect(layoutOf({ memSize: 0x10000, ecc: 16 }, '4.9').bufsize).toBe(4096);
    expect(layoutOf({ memSize: 0x10000, recordSize: 0, ecc: 16 }, '4.9').bufsize).toBe(1024);
  });
});

describe('ramoopsLayout: failing like ramoops_probe()', () => {
  it('rounds sizes first and reports it', () => {
    const l = layoutOf({ memSize: 0x100000, recordSize: 0x5000 }, '6.12');
    expect(l.sizes.recordSize).toBe(0x4000);
    expect(l.notes[0]).toBe('ramoops: record_size 0x5000 rounded down to 0x4000');
  });

  it('fails with ENOMEM when console + ftrace + pmsg exceed mem_size', () => {
    const e = errorOf(() => layoutOf({ memSize: 0x2000 }, '6.12'));
    expect(e.code).toBe('ENOMEM');
    expect(e.message).toMatch(
      /console_size 0x1000 \+ ftrace_size 0x1000 \+ pmsg_size 0x1000 = 0x3000 exceed mem_size 0x2000/
    );
  });

  it('fails with ENOMEM when the dump area holds no record', () => {
    const e = errorOf(() => layoutOf({ memSize: 0x3800 }, '6.12'));
    expect(e.code).toBe('ENOMEM');
    expect(e.message).toMatch(/dmesg record count == 0: the dump area of 0x800 bytes/);
  });

  it('names the zone that does not fit when there are no dmesg zones', () => {
    const e = errorOf(() => layoutOf({ memSize: 0x1800, recordSize: 0, ftraceSize: 0 }, '6.12'));
    expect(e.message).toBe(
      'no room for pmsg mem region (0x1000 bytes at offset 0x1000) in the 0x1800-byte ramoops region'
    );
  });

  it('keeps no dmesg zone when the dump area is exactly empty (6.x) but fails on 4.9', () => {
    const l = layoutOf({ memSize: 0x3000 }, '6.12');
    expect(l.dumpCount).toBe(0);
    expect(l.bufsize).toBe(0);
    expect(spans(l, 'console')).toEqual([[0, 0x1000]]);
    expect(() => layoutOf({ memSize: 0x3000 }, '4.9')).toThrow(/record count == 0/);
  });

  it('fails when the ECC parity does not fit a zone, naming the zone', () => {
    const e = errorOf(() =>
      layoutOf(
        { memSize: 0x100, recordSize: 0x20, consoleSize: 0, ftraceSize: 0, pmsgSize: 0, ecc: 16 },
        '6.12'
      )
    );
    expect(e.code).toBe('EINVAL');
    expect(e.message).toMatch(
      /^failed to request dmesg mem region \(0x20 bytes at offset 0x0\): invalid ecc_size 16/
    );
  });

  it('fails when a per-CPU ftrace zone would be empty', () => {
    expect(() => layoutOf({ memSize: 0x10000, ftraceSize: 2 }, '6.12', 4)).toThrow(
      /ftrace record size == 0 \(0x2 \/ 4\)/
    );
    expect(() => layoutOf({ memSize: 0x10000, ftraceSize: 4 }, '6.12', 3)).toThrow(
      /ftrace zone size == 0/
    );
  });

  it('fails when even rounding leaves a 1-byte dmesg zone empty (6.8+)', () => {
    const tiny = { memSize: 1, recordSize: 1, consoleSize: 0, ftraceSize: 0, pmsgSize: 0 };
    expect(() => layoutOf(tiny, '6.12')).toThrow(/dmesg zone size == 0 \(0x1 \/ 1\)/);
    expect(() => layoutOf(tiny, '6.7.3')).toThrow(/failed to request dmesg mem region/);
  });

  it('rejects a CPU count that is not a positive integer', () => {
    expect(() => layoutOf({ memSize: 0x100000 }, '6.12', 0)).toThrow(/nr_cpus 0/);
  });
});

describe.skipIf(!vectorsAvailable)('ramoopsLayout on images written by Linux 6.1.192', () => {
  it('matches the lab geometry: 59 dmesg zones of 0x408a, console 0xedfce, ftrace 0xf5fce, pmsg 0xf7fce', () => {
    const kc = readKernelCase('custom-6.1-ecc0-all');
    const e = era('6.1.192');
    const l = ramoopsLayout(ramoopsFromCmdline(kc.cmdline, e), e, { nrCpus: kc.nr_cpus });
    expect(l.dumpCount).toBe(59);
    expect(new Set(l.dmesg.map((z) => z.size))).toEqual(new Set([0x408a]));
    expect(spans(l, 'console')).toEqual([[0xedfce, 0x8000]]);
    expect(spans(l, 'ftrace')).toEqual([[0xf5fce, 0x2000]]);
    expect(spans(l, 'pmsg')).toEqual([[0xf7fce, 0x8000]]);
    expect(l.ftrace[0]?.sigXor).toBe(linuxVersionCode(parseKernelVersion('6.1.192')));
  });

  it('finds the kernel-written signature at the start of every zone of every case', () => {
    const names = kernelCaseNames();
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      const kc = readKernelCase(name);
      const e = era('6.1.192');
      const l = ramoopsLayout(ramoopsFromCmdline(kc.cmdline, e), e, { nrCpus: kc.nr_cpus });
      const view = new DataView(kc.image.buffer, kc.image.byteOffset, kc.image.byteLength);
      for (const z of l.zones) {
        const sig = view.getUint32(z.offset, true);
        expect({ name, label: z.label, sig: sig.toString(16) }).toEqual({
          name,
          label: z.label,
          sig: ((PERSISTENT_RAM_SIG ^ z.sigXor) >>> 0).toString(16)
        });
      }
      if (l.ftrace.length) expect(view.getUint32(l.ftrace[0]?.offset ?? 0, true)).toBe(0x43414384);
    }
  });

  it('gives ECC-16 zones the capacity the kernel used (header size ≤ capacity)', () => {
    const kc = readKernelCase('custom-6.1-ecc16-all');
    const e = era('6.1.192');
    const l = ramoopsLayout(ramoopsFromCmdline(kc.cmdline, e), e, { nrCpus: kc.nr_cpus });
    const view = new DataView(kc.image.buffer, kc.image.byteOffset, kc.image.byteLength);
    for (const z of l.zones) {
      expect(view.getUint32(z.offset + 8, true)).toBeLessThanOrEqual(z.dataCapacity);
    }
    expect(l.dmesg[0]?.dataCapacity).toBeLessThan(0x408a - 12);
  });
});

describe.skipIf(!vectorsAvailable)('ramoopsLayout on the U-Boot composite region', () => {
  interface Composite {
    mem_size: number;
    record_size: number;
    console_size: number;
    ftrace_size: number;
    pmsg_size: number;
    dump_zones: number;
    console_offset: number;
    ftrace_offset: number;
    pmsg_offset: number;
  }

  it('reproduces the pre-6.2 layout U-Boot reads: 253 dump zones, console, ftrace, pmsg', () => {
    const x =
      readVectorJson<Record<string, Composite>>('u-boot/expected.json')[
        'ramoops_region_1MiB_composite.bin'
      ];
    if (!x) throw new Error('expected.json has no composite entry');
    const l = layoutOf(
      {
        memSize: x.mem_size,
        recordSize: x.record_size,
        consoleSize: x.console_size,
        ftraceSize: x.ftrace_size,
        pmsgSize: x.pmsg_size
      },
      '6.1',
      1
    );
    expect(l.dumpCount).toBe(x.dump_zones);
    expect(l.console?.offset).toBe(x.console_offset);
    expect(l.ftrace.map((z) => z.offset)).toEqual([x.ftrace_offset]);
    expect(l.pmsg?.offset).toBe(x.pmsg_offset);
    const img = readVector('u-boot/ramoops_region_1MiB_composite.bin');
    const view = new DataView(img.buffer, img.byteOffset, img.byteLength);
    const signed = l.zones
      .filter((z) => view.getUint32(z.offset, true) === PERSISTENT_RAM_SIG)
      .map((z) => z.label);
    expect(signed).toEqual(['ramoops:dmesg(0/252)', 'ramoops:dmesg(1/252)', 'ramoops:console']);
  });
});
