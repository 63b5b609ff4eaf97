/**
 * What a campaign counts as lost, from a boot's report worked out in
 * process (no workers): printk lines matched as whole lines, each loss's kind
 * and real numbers, the faults injected kept apart from the losses, and the
 * summary's counts by kind.
 */
import type { PstoreFileInfo } from '@pstore/pstore-fs';
import type { RamoopsZoneReport } from '@pstore/ramoops';
import { describe, expect, it } from 'vitest';
import { tallyLosses, type CycleRecord } from '../src/faults/campaign-summary.ts';
import { formatCycle, formatSummary } from '../src/faults/campaign-text.ts';
import type { CampaignSummary } from '../src/faults/campaign.ts';
import { matchConsoleLines } from '../src/faults/console-lines.ts';
import { newLedger, type Ledger } from '../src/faults/ledger.ts';
import { faultReport } from '../src/faults/report.ts';

const SIG = 0x43474244;
const encoder = new TextEncoder();

type Found = RamoopsZoneReport['probe']['found'];

function zone(
  type: RamoopsZoneReport['type'],
  index: number,
  o: { found?: Found; badBlocks?: number; oldSize?: number; dataCapacity?: number } = {}
): RamoopsZoneReport {
  const dataCapacity = o.dataCapacity ?? 4096;
  return {
    type,
    index,
    offset: 0,
    size: dataCapacity + 12,
    dataCapacity,
    label: `ramoops:${type}`,
    probe: {
      found: o.found ?? { state: 'valid', start: 0, size: o.oldSize ?? 100 },
      headerEcc: 0,
      zapped: false
    },
    correctedBytes: 0,
    badBlocks: o.badBlocks ?? 0,
    oldSize: o.oldSize ?? 100
  };
}

function file(name: string, type: string, id: number): PstoreFileInfo {
  return { name, type, id, size: 1, mode: 0o444, mtimeMs: 0, compressed: false };
}

function ledger(
  boot: number,
  o: Partial<Pick<Ledger, 'printk' | 'faults' | 'dumps'>> & { pmsg?: string[] }
) {
  const l = newLedger(boot);
  l.printk.push(...(o.printk ?? []));
  l.pmsg.push(...(o.pmsg ?? []).map((p) => encoder.encode(p)));
  l.dumps.push(...(o.dumps ?? []));
  l.faults.push(...(o.faults ?? []));
  return l;
}

const consoleRecord = (lines: string[]) =>
  encoder.encode(
    `${lines.map((l, i) => `[    0.${String(i).padStart(6, '0')}] ${l}`).join('\n')}\n\nECC: No errors detected\n`
  );

describe('printk lines found in the console record', () => {
  it('are whole lines: a missing "event 5.1" is not found inside "event 5.10"', () => {
    const text = '[    0.000500] ext4: event 5.10\n';
    expect(matchConsoleLines(text, ['ext4: event 5.1', 'ext4: event 5.10'])).toEqual({
      found: 1,
      missing: [0],
      dropped: 0
    });
  });

  it('need as many copies as were printed, with or without a prefix', () => {
    const text = '<6>[    1.000000][    T1] usb: reset\nirq: storm\n';
    expect(matchConsoleLines(text, ['usb: reset', 'usb: reset', 'irq: storm']).missing).toEqual([
      1
    ]);
  });

  it('are counted so in the report: the lost line is named with its real numbers', () => {
    const prev = ledger(4, { printk: ['ext4: event 5.1', 'ext4: event 5.10', 'usb: event 5.2'] });
    const zones = [zone('console', 0)];
    const r = faultReport(prev, { zones, files: [file('console-ramoops-0', 'console', 0)] }, () =>
      consoleRecord(['ext4: event 5.10', 'usb: event 5.2'])
    );
    expect(r.compared.printkLines).toEqual({ written: 3, recovered: 2 });
    expect(r.recovered).toContain('console: 2 of 3 printk lines of boot 4');
    expect(r.losses).toEqual([
      {
        kind: 'unexplained',
        zone: 'console',
        boot: 4,
        bytes: 1,
        unit: 'lines',
        detail:
          'console: 1 of 3 printk line(s) of boot 4 lost: lines are missing from the middle of the record, and nothing in the zone explains it'
      }
    ]);
  });
});

describe('each loss has its kind and real numbers', () => {
  it('a record cut short is a torn write of the bytes missing', () => {
    const pmsg = 'x'.repeat(100);
    const prev = ledger(3, { pmsg: [pmsg] });
    const r = faultReport(prev, { zones: [zone('pmsg', 0)], files: [] }, (n) =>
      n === 'pmsg-ramoops-0' ? encoder.encode(pmsg.slice(0, 60)) : null
    );
    expect(r.compared.pmsgBytes).toEqual({ written: 100, recovered: 60 });
    expect(r.losses).toEqual([
      {
        kind: 'torn-write',
        zone: 'pmsg',
        boot: 3,
        bytes: 40,
        unit: 'bytes',
        detail:
          'pmsg: 40 of 100 byte(s) written in boot 3 lost: the record holds 60 of the 100 bytes expected (a store cut short: a torn write)'
      }
    ]);
  });

  it('a wrapped pmsg ring loses the oldest bytes, and only those', () => {
    const writes = ['a'.repeat(60), 'b'.repeat(60)];
    const prev = ledger(2, { pmsg: writes });
    const tail = writes.join('').slice(-100);
    const r = faultReport(
      prev,
      { zones: [zone('pmsg', 0, { dataCapacity: 100, oldSize: 100 })], files: [] },
      () => encoder.encode(tail)
    );
    expect(r.losses).toMatchObject([
      { kind: 'ring-wrapped', zone: 'pmsg', boot: 2, bytes: 20, unit: 'bytes' }
    ]);
    expect(r.losses[0]!.detail).toMatch(/^pmsg: 20 of 120 byte\(s\) written in boot 2 lost: /);
    expect(r.compared.pmsgBytes).toEqual({ written: 120, recovered: 100 });
  });

  it('a reset zone says which signature it found; a missing dump names its zone', () => {
    const prev = ledger(7, {
      printk: ['thermal: event 1.0', 'dma: event 1.1'],
      dumps: [
        { reason: 'Oops', stored: true },
        { reason: 'Panic', stored: true }
      ],
      faults: ['console: flipped bit 0 of the signature']
    });
    const zones = [
      zone('dmesg', 0),
      zone('dmesg', 1, { found: { state: 'empty' } }),
      zone('console', 0, { found: { state: 'no-signature', found: SIG ^ 1, expected: SIG } })
    ];
    const r = faultReport(
      prev,
      { zones, files: [file('dmesg-ramoops-0', 'dmesg', 0)] },
      () => null
    );
    expect(r.losses).toEqual([
      {
        kind: 'header-reset',
        zone: 'console',
        boot: 7,
        bytes: 2,
        unit: 'lines',
        detail:
          'console: 2 of 2 printk line(s) of boot 7 lost: signature 0x43474245 is not 0x43474244 (a corrupted header): the zone was reset'
      },
      {
        kind: 'header-empty',
        zone: 'dmesg1',
        boot: 7,
        bytes: 1,
        unit: 'dumps',
        detail:
          'dmesg1: 1 of 2 dump(s) stored in boot 7 (Panic) is not shown: the header says the zone is empty (start and size 0)'
      }
    ]);
    expect(r.compared.dumps).toEqual({ stored: 2, shown: 1 });
    // The fault injected is reported apart, and narrated; it is not a loss.
    expect(r.injected).toEqual(['during boot 7: console: flipped bit 0 of the signature']);
    expect(r.lost).toEqual(r.losses.map((l) => l.detail));
  });

  it('blocks ECC could not correct outside what was compared are still a loss, in blocks', () => {
    const prev = ledger(5, { printk: ['irq: event 2.0'] });
    const zones = [zone('console', 0, { badBlocks: 1 })];
    const r = faultReport(prev, { zones, files: [] }, () => consoleRecord(['irq: event 2.0']));
    expect(r.losses).toEqual([
      {
        kind: 'ecc-uncorrectable',
        zone: 'console',
        boot: 5,
        bytes: 1,
        unit: 'blocks',
        detail: 'console: ECC could not correct 1 block(s); their bytes are shown as read'
      }
    ]);
  });

  it('a zone no ledger describes is reset with a size nobody knows', () => {
    const zones = [
      zone('ftrace', 0, { found: { state: 'invalid', start: 9, size: 4, capacity: 4096 } })
    ];
    const r = faultReport(null, { zones, files: [] }, () => null);
    expect(r.losses).toEqual([
      {
        kind: 'header-reset',
        zone: 'ftrace',
        boot: null,
        bytes: null,
        unit: 'bytes',
        detail: 'ftrace: start 9 > size 4: the zone was reset; what it held is not known'
      }
    ]);
  });
});

describe('the summary', () => {
  const cycle = (n: number, lost: CycleRecord['lost']): CycleRecord => ({
    cycle: n,
    boot: n,
    fault: 'torn',
    injected: [`pmsg's worker armed to stop dead after ${100 * n} more bytes stored`],
    recovered: [`pmsg: ${n} of 50 bytes written in boot ${n}`],
    eccCorrectedBytes: 0,
    lost,
    bootFailure: null
  });
  const torn = (n: number, bytes: number, unit: 'bytes' | 'lines') => ({
    kind: 'torn-write' as const,
    zone: unit === 'bytes' ? 'pmsg' : 'console',
    boot: n,
    bytes,
    unit,
    detail: `${unit === 'bytes' ? 'pmsg' : 'console'}: ${bytes} of 50 ${unit} lost in boot ${n}`
  });
  const log = [
    cycle(1, [torn(1, 17, 'bytes')]),
    cycle(2, [
      torn(2, 3, 'lines'),
      {
        kind: 'ecc-uncorrectable',
        zone: 'dmesg0',
        boot: 2,
        bytes: 2,
        unit: 'blocks',
        detail: 'dmesg0: 2 blocks'
      }
    ]),
    cycle(3, [torn(3, 4, 'bytes')])
  ];

  it('counts losses by kind, in every unit, the most frequent kind first', () => {
    expect(Object.entries(tallyLosses(log))).toEqual([
      ['torn-write', { occurrences: 3, bytes: 21, lines: 3, dumps: 0, blocks: 0, unknown: 0 }],
      ['ecc-uncorrectable', { occurrences: 1, bytes: 0, lines: 0, dumps: 0, blocks: 2, unknown: 0 }]
    ]);
  });

  it('in words: the seed, the counts by kind and real examples, never a placeholder', () => {
    const s: CampaignSummary = {
      seed: 42,
      cycles: 3,
      seconds: 1,
      cyclesPerSecond: 3,
      faults: { torn: 3 },
      written: { printk: 30, pmsg: 3, pmsgBytes: 150, dumps: 0 },
      recovered: { files: 3, printkLines: 27, pmsgBytes: 129, dumps: 0 },
      eccCorrectedBytes: 0,
      bootFailures: 0,
      lost: tallyLosses(log),
      log
    };
    const text = formatSummary(s);
    expect(text[0]).toMatch(/^seed 42: 3 cycles in /);
    expect(text).toContain('faults injected: torn 3');
    expect(text).toContain(
      'recovered: 3 files; printk 27 of 30 lines; pmsg 129 of 150 bytes; dumps 0 of 0'
    );
    expect(text).toContain('  torn-write: 3 losses: 21 byte(s), 3 printk line(s)');
    expect(text).toContain('    e.g. cycle 1: pmsg: 17 of 50 bytes lost in boot 1');
    expect(text).toContain('    e.g. cycle 2: console: 3 of 50 lines lost in boot 2');
    expect(text).toContain('  ecc-uncorrectable: 1 loss: 2 ECC block(s)');
    expect(text.join('\n')).not.toMatch(/\bN\b/);
  });

  it('one line per cycle for --verbose: faults injected, recovered, lost and why', () => {
    expect(formatCycle(log[0]!, 3)).toBe(
      "cycle 1/3 (boot 1, torn): injected: pmsg's worker armed to stop dead after 100 more bytes stored" +
        ' | recovered: pmsg: 1 of 50 bytes written in boot 1 | ECC corrected 0 byte(s)' +
        ' | lost: [torn-write] pmsg: 17 of 50 bytes lost in boot 1'
    );
  });
});
