/**
 * CI's reliability campaigns (campaign-profiles.ts, the short sizes): every
 * fault kind on four boards — ECC 16, 0 and 4, kernels 4.19 to 6.12, both
 * placements. No boot fails, no loss is unexplained, the amounts add up, and
 * between them the runs reach every header path of the kernel: corrected by
 * the header ECC, uncorrectable, bad signature, start > size, size > capacity.
 */
import { describe, expect, it } from 'vitest';
import { unbalanced, type CampaignSummary } from '../src/faults/campaign-summary.ts';
import { campaignProfiles } from '../src/faults/campaign-profiles.ts';
import { CAMPAIGN_FAULTS, runCampaign } from '../src/faults/campaign.ts';
import { HEADER_PATHS } from '../src/faults/report.ts';
import { testBoard } from './helpers.ts';

const runs: CampaignSummary[] = [];

describe('the reliability campaigns CI runs', () => {
  it.each(campaignProfiles('ci').map((p) => [p.name, p] as const))(
    '%s: every boot succeeds, every loss is explained, and the amounts add up',
    async (_name, p) => {
      const board = testBoard(p.placement, { params: p.params || undefined, kernel: p.kernel });
      const s = await runCampaign(board, { runs: p.runs, seed: p.seed, faults: CAMPAIGN_FAULTS });
      runs.push(s);
      expect(s.bootFailures).toBe(0);
      expect(s.replays.map((r) => `${r.command}: ${r.detail}`)).toEqual([]);
      for (const c of s.log) {
        if (c.compared) expect(unbalanced(c.compared, c.lost), `cycle ${c.cycle}`).toEqual([]);
      }
      expect(s.written.printk.records).toBeGreaterThan(0);
    },
    120_000
  );

  it('between them reach every header path the kernel has', () => {
    expect(runs).toHaveLength(4);
    const corrected = runs.reduce((n, s) => n + s.headers.corrected, 0);
    expect(corrected).toBeGreaterThan(0);
    for (const path of HEADER_PATHS) {
      expect(
        runs.reduce((n, s) => n + s.headers.paths[path], 0),
        path
      ).toBeGreaterThan(0);
    }
  });
});
