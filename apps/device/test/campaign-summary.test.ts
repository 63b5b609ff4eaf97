/**
 * A campaign's summary from its cycles' losses: counted by kind with their
 * amounts and real examples, unexplained losses with the command that
 * replays their cycle, and the same in words.
 */
import { describe, expect, it } from 'vitest';
import { tallyLosses, type CycleRecord } from '../src/faults/campaign-summary.ts';
import { tallyCampaign } from '../src/faults/campaign-tally.ts';
import { formatCycle, formatSummary } from '../src/faults/campaign-text.ts';
import type { Loss } from '../src/faults/loss.ts';

describe('the summary', () => {
  const loss = (
    kind: Loss['kind'],
    record: Loss['record'],
    records: number,
    bytes: number
  ): Loss => ({
    kind,
    zone: record === 'pmsg' ? 'pmsg' : 'console',
    boot: 1,
    record,
    records,
    bytes,
    blocks: 0,
    detail: `${record === 'pmsg' ? 'pmsg' : 'console'}: ${bytes} byte(s) lost`
  });
  const cycle = (n: number, lost: Loss[]): CycleRecord => ({
    cycle: n,
    cycleSeed: 1000 + n,
    boot: n,
    fault: 'torn',
    injected: [`pmsg's worker armed to stop dead after ${100 * n} more bytes stored`],
    recovered: [`pmsg: ${n} of 50 bytes written in boot ${n}`],
    eccCorrectedBytes: n,
    headers:
      n === 2
        ? [
            { zone: 'pmsg', path: 'corrected' },
            { zone: 'console', path: 'bad-signature' }
          ]
        : [],
    compared: {
      printk: null,
      dumps: null,
      pmsg: {
        written: { records: 2, bytes: 50 },
        recovered: { records: 1, bytes: 30 },
        corrected: { records: 0, bytes: 0 }
      }
    },
    lost,
    bootFailure: null
  });
  const log = [
    cycle(1, [loss('torn-write', 'pmsg', 1, 20)]),
    cycle(2, [loss('torn-write', 'pmsg', 1, 17), loss('unexplained', 'pmsg', 0, 3)]),
    cycle(3, [loss('torn-write', 'pmsg', 1, 20)])
  ];
  const s = tallyCampaign(log, {
    seed: 42,
    seconds: 1,
    replay: (k) => `device campaign --seed 42 --cycle ${k} --verbose`
  });

  it('counts losses by cause in records and bytes, the most frequent first', () => {
    expect(Object.entries(tallyLosses(log))).toEqual([
      ['torn-write', { occurrences: 3, records: 3, bytes: 57, blocks: 0, unknown: 0 }],
      ['unexplained', { occurrences: 1, records: 0, bytes: 3, blocks: 0, unknown: 0 }]
    ]);
  });

  it('sums written, recovered and corrected by kind of record, and the header paths', () => {
    expect(s.written.pmsg).toEqual({ records: 6, bytes: 150 });
    expect(s.recovered.pmsg).toEqual({ records: 3, bytes: 90 });
    expect(s.corrected.eccBytes).toBe(6);
    expect(s.headers).toEqual({
      corrected: 1,
      paths: { 'header-uncorrectable': 0, 'bad-signature': 1, 'start>size': 0, 'size>capacity': 0 }
    });
  });

  it('lists each unexplained loss with its cycle seed and a replay command', () => {
    expect(s.unexplained).toBe(1);
    expect(s.replays).toEqual([
      {
        cycle: 2,
        cycleSeed: 1002,
        command: 'device campaign --seed 42 --cycle 2 --verbose',
        detail: 'pmsg: 3 byte(s) lost'
      }
    ]);
    const text = formatSummary(s);
    expect(text[0]).toMatch(/^seed 42: 3 cycles in /);
    expect(text).toContain('faults injected: torn 3');
    expect(text).toContain(
      'written:   printk 0 lines (0 bytes), pmsg 6 writes (150 bytes), dumps 0 dumps (0 bytes)'
    );
    expect(text).toContain('  torn-write: 3 losses: 3 record(s), 57 byte(s)');
    expect(text).toContain('    e.g. cycle 1: pmsg: 20 byte(s) lost');
    expect(text).toContain('unexplained: 1');
    expect(text).toContain('  cycle 2 (cycle seed 1002): pmsg: 3 byte(s) lost');
    expect(text).toContain('    replay: device campaign --seed 42 --cycle 2 --verbose');
    expect(text.join('\n')).not.toMatch(/\bN\b/);
  });

  it('one line per cycle for --verbose: faults injected, headers, recovered, lost and why', () => {
    expect(formatCycle(log[1]!, 3)).toBe(
      "cycle 2/3 (boot 2, torn): injected: pmsg's worker armed to stop dead after 200 more bytes stored" +
        ' | headers: pmsg corrected, console bad-signature' +
        ' | recovered: pmsg: 2 of 50 bytes written in boot 2 | ECC corrected 2 byte(s)' +
        ' | lost: [torn-write] pmsg: 17 byte(s) lost; [unexplained] pmsg: 3 byte(s) lost'
    );
  });
});
