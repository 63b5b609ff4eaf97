import { parseKernelVersion } from '@pstore/ram-core';
import { describe, expect, it } from 'vitest';
import { ramoopsEra, type RamoopsEra } from '../src/era.ts';

const era = (v: string): RamoopsEra => ramoopsEra(parseKernelVersion(v));

describe('ramoopsEra: even zone sizes (CVE-2023-52619 fix)', () => {
  it.each([
    ['4.19.306', false],
    ['4.19.307', true],
    ['5.4.268', false],
    ['5.4.269', true],
    ['5.10.209', false],
    ['5.10.210', true],
    ['5.15.148', false],
    ['5.15.149', true],
    ['6.1.76', false],
    ['6.1.77', true],
    ['6.6.15', false],
    ['6.6.16', true],
    ['6.7.3', false],
    ['6.7.4', true],
    ['6.8.0', true],
    ['6.12', true]
  ])('%s rounds split zones to even sizes: %s', (v, expected) => {
    expect(era(v).evenZoneSize).toBe(expected);
  });

  it('treats 6.1.192 (the kernel of the lab vectors) as patched', () => {
    expect(era('6.1.192').evenZoneSize).toBe(true);
  });

  it('assumes the newest stable release for "x.y" of a branch that got the backport', () => {
    expect(era('6.1').evenZoneSize).toBe(true);
    expect(era('4.19').evenZoneSize).toBe(true);
    expect(era('6.1').label).toBe('6.1 (newest 6.1.y assumed)');
  });

  it('leaves branches that were never patched unrounded (6.2 to 6.5, 5.16, 4.14)', () => {
    for (const v of ['6.2', '6.5', '5.16', '4.14']) expect(era(v).evenZoneSize).toBe(false);
  });

  it('"x.y.0" means the release as tagged', () => {
    expect(era('6.1.0').evenZoneSize).toBe(false);
    expect(era('6.1.0').label).toBe('6.1.0');
  });
});

describe('ramoopsEra: zone layout rules', () => {
  it('sizes dmesg zones by record_size on 4.9 and splits the dump area from 4.10', () => {
    expect(era('4.9').dmesgZoneSizing).toBe('record_size');
    expect(era('4.10').dmesgZoneSizing).toBe('split');
    expect(era('6.12').dmesgZoneSizing).toBe('split');
  });

  it('places pmsg before ftrace from 6.2 (pstore/ram: Move pmsg init earlier)', () => {
    expect(era('6.1').zoneOrder).toEqual(['console', 'ftrace', 'pmsg']);
    expect(era('6.2').zoneOrder).toEqual(['console', 'pmsg', 'ftrace']);
    expect(era('4.9').zoneOrder).toEqual(['console', 'ftrace', 'pmsg']);
  });

  it('knows per-CPU ftrace zones from 4.10 only', () => {
    expect(era('4.9.337').ftracePerCpu).toBe(false);
    expect(era('4.10').ftracePerCpu).toBe(true);
  });

  it('zaps console, ftrace and pmsg at probe on 4.9 but not ftrace from 4.10', () => {
    expect(era('4.9').zapAtProbe).toEqual(['console', 'ftrace', 'pmsg']);
    expect(era('6.6').zapAtProbe).toEqual(['console', 'pmsg']);
  });
});

describe('ramoopsEra: empty-zone check at persistent_ram_post_init', () => {
  it.each([
    ['4.9.0', 'none'],
    ['4.9.152', 'none'],
    ['4.9.153', 'size'],
    ['4.9', 'size'],
    ['4.14.95', 'none'],
    ['4.14.96', 'size'],
    ['4.14.326', 'sizeAndStart'],
    ['4.20.4', 'none'],
    ['4.20.5', 'size'],
    ['5.0', 'size'],
    ['6.1.52', 'size'],
    ['6.1.53', 'sizeAndStart'],
    ['6.5.2', 'size'],
    ['6.5.3', 'sizeAndStart'],
    ['6.6', 'sizeAndStart']
  ])('%s uses the %s rule', (v, rule) => {
    expect(era(v).emptyZoneCheck).toBe(rule);
  });
});

describe('ramoopsEra: dmesg record format and write path', () => {
  it('writes unpadded microseconds before 4.19 and zero-padded ones from 4.19', () => {
    expect(era('4.14').dmesgHeaderFormat).toBe('unpadded');
    expect(era('4.19').dmesgHeaderFormat).toBe('padded');
  });

  it.each([
    ['4.9', false],
    ['4.14', false],
    ['4.19.77', false],
    ['4.19.78', true],
    ['5.3.4', false],
    ['5.3.5', true],
    ['5.4.0', true]
  ])('%s scales the parsed fraction by 1000: %s', (v, expected) => {
    expect(era(v).dmesgHeaderUsecToNsec).toBe(expected);
  });

  it.each([
    ['4.9.0', false],
    ['4.9.208', false],
    ['4.9.209', true],
    ['4.14.162', false],
    ['4.14.163', true],
    ['4.19.93', false],
    ['4.19.94', true],
    ['5.3', false],
    ['5.4.8', false],
    ['5.4.9', true],
    ['5.5.0', true]
  ])('%s zaps a dmesg zone before writing a new dump: %s', (v, expected) => {
    expect(era(v).dmesgZapBeforeWrite).toBe(expected);
  });

  it('sizes the dump buffer by the zone on 4.9 and by the zone capacity from 4.20', () => {
    expect(era('4.9').bufsizeModel).toBe('record_size');
    expect(era('4.18').bufsizeModel).toBe('record_size');
    expect(era('4.20').bufsizeModel).toBe('buffer_size');
    expect(era('4.14.124').bufsizeModel).toBe('buffer_size');
  });
});

describe('ramoopsEra: features by release', () => {
  it('prefixes the ECC notice from 5.18', () => {
    expect(era('5.17').eccNoticePrefix).toBe(false);
    expect(era('5.18').eccNoticePrefix).toBe(true);
  });

  it('has max_reason from 5.8', () => {
    expect(era('5.7').maxReason).toBe(false);
    expect(era('5.8').maxReason).toBe(true);
  });

  it('stores {ip, parent_ip, cpu} ftrace records on 4.9 and {ip, parent_ip, ts} from 4.10', () => {
    expect(era('4.9').ftraceRecordFormat).toBe('4.9');
    expect(era('4.10').ftraceRecordFormat).toBe('ts');
  });

  it('renders ftrace with the 4.9, 4.10 and %ps formats', () => {
    expect(era('4.9').ftraceTextFormat).toBe('4.9');
    expect(era('5.2').ftraceTextFormat).toBe('4.10');
    expect(era('5.3').ftraceTextFormat).toBe('5.3');
  });

  it('reads ftrace last from 4.10', () => {
    expect(era('4.9').readOrder).toEqual(['console', 'ftrace', 'pmsg']);
    expect(era('6.1').readOrder).toEqual(['console', 'pmsg', 'ftrace']);
  });

  it('accepts ramoops.mem_name from 6.11 and pstore.kmsg_bytes from 6.2', () => {
    expect(era('6.10').memName).toBe(false);
    expect(era('6.11').memName).toBe(true);
    expect(era('6.1').kmsgBytesParam).toBe(false);
    expect(era('6.2').kmsgBytesParam).toBe(true);
  });
});
