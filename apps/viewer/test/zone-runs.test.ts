/**
 * How the worker folds zones into the map's runs: alike dump zones fold,
 * zones with a file or an ECC finding never do, and a map that would have
 * hundreds of runs folds by state alone, keeping every zone counted.
 */
import { describe, expect, it } from 'vitest';
import type { ZoneView } from '../src/decode/types.ts';
import { zoneRuns } from '../src/decode/zone-runs.ts';

function zone(
  index: number,
  state: string,
  reason: string,
  extra: Partial<ZoneView> = {}
): ZoneView {
  return {
    name: `dmesg ${index}`,
    type: 'dmesg',
    index,
    offset: index * 0x1000,
    size: 0x1000,
    capacity: 0x1000 - 12,
    start: null,
    used: null,
    state,
    rejected: state === 'bad-signature',
    reason,
    signature: { stored: 0, read: 0, expected: 0x43474244 },
    ecc: null,
    file: null,
    ...extra
  };
}

describe('zone runs', () => {
  it('fold alike dump zones, and keep apart those with a file or ECC findings', () => {
    const ecc = { blockSize: 128, eccSize: 16, checked: 3, total: 30, header: 0 };
    const zones = [
      zone(0, 'record', '100 bytes', { file: 'dmesg-ramoops-0' }),
      zone(1, 'empty', 'empty'),
      zone(2, 'empty', 'empty'),
      zone(3, 'empty', 'empty', {
        ecc: { ...ecc, blocks: [{ index: 1, state: 'corrected', symbols: 2 }] }
      }),
      zone(4, 'empty', 'empty'),
      zone(5, 'bad-signature', 'signature is 0x1'),
      zone(6, 'bad-signature', 'signature is 0x2'),
      { ...zone(0, 'record', '5 bytes'), name: 'console', type: 'console' }
    ];
    expect(zoneRuns(zones).map((r) => [r.first.name, r.count, r.last.index, r.reasons])).toEqual([
      ['dmesg 0', 1, 0, 1],
      ['dmesg 1', 2, 2, 1],
      ['dmesg 3', 1, 3, 1],
      ['dmesg 4', 1, 4, 1],
      ['dmesg 5', 1, 5, 1],
      ['dmesg 6', 1, 6, 1],
      ['console', 1, 0, 1]
    ]);
  });

  it('fold by state alone when a map would have hundreds of tiles', () => {
    const zones = Array.from({ length: 16384 }, (_, i) =>
      zone(i, i % 4096 === 7 ? 'empty' : 'bad-signature', `signature is 0x${i.toString(16)}`)
    );
    const runs = zoneRuns(zones);
    expect(runs.length).toBe(9); // four empty zones split the rejected ones into five runs
    expect(runs.reduce((n, r) => n + r.count, 0)).toBe(16384);
    expect(runs[0]).toMatchObject({ count: 7, reasons: 7, last: { index: 6, end: 7 * 0x1000 } });
  });
});
