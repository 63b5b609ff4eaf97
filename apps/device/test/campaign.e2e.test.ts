/**
 * Campaigns: every fault kind, seeded. Every boot succeeds whatever the
 * fault, and the same seed replays the same run (same faults, same tallies).
 */
import { describe, expect, it } from 'vitest';
import { CAMPAIGN_FAULTS, runCampaign, type CampaignSummary } from '../src/faults/campaign.ts';
import { testBoard } from './helpers.ts';

const withoutTime = ({ seconds: _s, cyclesPerSecond: _c, ...rest }: CampaignSummary) => rest;

describe('a fault campaign', () => {
  it('boots after every fault, and the same seed gives the same run', async () => {
    const runs = CAMPAIGN_FAULTS.length;
    const progress: number[] = [];
    const a = await runCampaign(testBoard('single', { seed: 11 }), runs, CAMPAIGN_FAULTS, (d) =>
      progress.push(d)
    );
    const b = await runCampaign(
      testBoard('single', { seed: 11 }),
      runs,
      CAMPAIGN_FAULTS,
      () => undefined
    );
    expect(progress).toEqual(Array.from({ length: runs }, (_, i) => i + 1));
    expect(a.bootFailures).toBe(0);
    expect(Object.values(a.faults).reduce((n, v) => n + v, 0)).toBe(runs);
    expect(a.written.printk).toBeGreaterThan(0);
    expect(withoutTime(b)).toEqual(withoutTime(a));
  });

  it('restarts pmsg and survives kills in the per-component placement', async () => {
    const s = await runCampaign(
      testBoard('per-component', { seed: 3 }),
      4,
      ['kill', 'torn'],
      () => undefined
    );
    expect(s.bootFailures).toBe(0);
    expect(s.cycles).toBe(4);
  });
});
