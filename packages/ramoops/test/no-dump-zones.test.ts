/**
 * A configuration without dump zones (record_size 0, or no room left for
 * one): the kernels that run with it, and the ones whose probe oopses.
 * Kernel counterpart: fs/pstore/ram.c ramoops_probe() before and after
 * 8880fa32c557 "pstore/ram: Run without kernel crash dump region"
 * (PSTORE_FLAGS_DMESG only with dump zones, bufsize only from dprzs[0]).
 */
import { parseKernelVersion, RamCoreError } from '@pstore/ram-core';
import { PstoreFs, pstoreCompressor } from '@pstore/pstore-fs';
import { PSTORE_FLAGS, pstoreRecordInit, PSTORE_TYPE } from '@pstore/pstore-fs/backend';
import { describe, expect, it } from 'vitest';
import { RamoopsContext, ramoopsEra, ramoopsFromCmdline, ramoopsLayout } from '../src/index.ts';

const NO_DUMPS = 'ramoops.mem_size=0x10000 ramoops.record_size=0';
const era = (v: string) => ramoopsEra(parseKernelVersion(v));

describe('ramoopsEra().probeNeedsDumpZone', () => {
  it.each([
    ['4.9', false], // bufsize = max(record_size, 1024): no dprzs[0] needed
    ['4.14.123', false],
    ['4.14.124', false],
    ['4.19.0', false],
    ['4.19.1', true], // "Correctly calculate usable PRZ bytes" backported, the fix not yet
    ['4.19.48', true],
    ['4.19.49', false],
    ['4.20', true],
    ['5.0', true],
    ['5.1.7', true],
    ['5.1.8', false],
    ['5.1', false],
    ['5.2', false],
    ['5.10', false],
    ['6.1', false],
    ['6.12', false]
  ])('%s: %s', (v, expected) => {
    expect(era(v).probeNeedsDumpZone).toBe(expected);
  });
});

describe('a layout without dump zones', () => {
  it.each(['4.9', '4.19.49', '5.2', '5.10', '6.1.192', '6.12'])(
    '%s: has no dump zone and bufsize 0 (max(0, 1024) with a console on 4.9)',
    (v) => {
      const l = ramoopsLayout(ramoopsFromCmdline(NO_DUMPS, era(v)), era(v), { nrCpus: 1 });
      expect(l.dumpCount).toBe(0);
      expect(l.dumpZone).toBeNull();
      expect(l.dmesg).toEqual([]);
      expect(l.bufsize).toBe(v === '4.9' ? 1024 : 0);
      expect(l.zones.map((z) => z.type)).toEqual(
        v === '6.12' ? ['console', 'pmsg', 'ftrace'] : ['console', 'ftrace', 'pmsg']
      );
    }
  );

  it.each(['4.19.10', '4.20', '5.0', '5.1.7'])(
    '%s: is refused as the oops in ramoops_probe() it causes (EFAULT)',
    (v) => {
      let error: unknown;
      try {
        ramoopsLayout(ramoopsFromCmdline(NO_DUMPS, era(v)), era(v), { nrCpus: 1 });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(RamCoreError);
      expect((error as RamCoreError).code).toBe('EFAULT');
      expect((error as RamCoreError).message).toMatch(
        /cannot run without dump zones \(record_size 0x0, dump area 0xd000 bytes\): ramoops_probe\(\) takes bufsize from dprzs\[0\], a NULL pointer here, and oopses at boot \(fixed by .* in 5\.2, 5\.1\.8, 4\.19\.49, 4\.14\.124\)/
      );
    }
  );

  it('is refused on those kernels when the other zones leave no room for a dump either', () => {
    const cmd = 'ramoops.mem_size=0x3000'; // console, ftrace and pmsg take all of it
    expect(() =>
      ramoopsLayout(ramoopsFromCmdline(cmd, era('5.0')), era('5.0'), { nrCpus: 1 })
    ).toThrow(/cannot run without dump zones/);
    expect(
      ramoopsLayout(ramoopsFromCmdline(cmd, era('5.10')), era('5.10'), { nrCpus: 1 }).dumpCount
    ).toBe(0);
  });
});

describe('a backend without dump zones at work (6.12)', () => {
  const version = parseKernelVersion('6.12');
  const e = ramoopsEra(version);
  const config = ramoopsFromCmdline(NO_DUMPS, e);

  it('registers console, ftrace and pmsg but not DMESG, and refuses dumps with ENOSPC', () => {
    const cxt = RamoopsContext.probe(new Uint8Array(0x10000), config, { era: e });
    expect(cxt.flags).toBe(PSTORE_FLAGS.CONSOLE | PSTORE_FLAGS.FTRACE | PSTORE_FLAGS.PMSG);
    expect(cxt.bufsize).toBe(0);
    const dump = pstoreRecordInit(PSTORE_TYPE.DMESG);
    dump.buf = new TextEncoder().encode('Panic#1 Part1\n');
    dump.size = dump.buf.length;
    dump.part = 1;
    expect(cxt.write(dump)).toBe(-28);
  });

  it('shows its console record after a reboot, with no compressor needed', () => {
    const mem = new Uint8Array(0x10000);
    const first = RamoopsContext.probe(mem, config, { era: e });
    const line = pstoreRecordInit(PSTORE_TYPE.CONSOLE);
    line.buf = new TextEncoder().encode('[    1.000000] hello\n');
    line.size = line.buf.length;
    expect(first.write(line)).toBe(0);

    const rebooted = RamoopsContext.probe(mem, config, { era: e });
    const compressor = pstoreCompressor(version, { bufsize: rebooted.bufsize });
    expect(compressor.enabled).toBe(false);
    const fs = new PstoreFs();
    fs.mount(rebooted, compressor);
    expect(fs.list().map((f) => f.name)).toEqual(['console-ramoops-0']);
    expect(new TextDecoder().decode(fs.read('console-ramoops-0'))).toBe('[    1.000000] hello\n');
  });
});
