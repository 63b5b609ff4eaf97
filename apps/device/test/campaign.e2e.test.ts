/**
 * Campaigns: every fault kind, seeded. Every boot succeeds whatever the
 * fault, the same seed replays the same run (same faults, same tallies), and
 * every loss carries its kind and real numbers, apart from the faults injected.
 */
import { describe, expect, it } from 'vitest';
import { CAMPAIGN_FAULTS, runCampaign, type CampaignSummary } from '../src/faults/campaign.ts';
import { LOSS_KINDS, LOSS_UNITS } from '../src/faults/loss.ts';
import { testBoard } from './helpers.ts';

const withoutTime = ({ seconds: _s, cyclesPerSecond: _c, ...rest }: CampaignSummary) => rest;

/** Every loss of the run is well formed, and the by-kind counts are those of the cycles. */
function expectHonestLosses(s: CampaignSummary): void {
  const losses = s.log.flatMap((c) => c.lost.map((l) => ({ ...l, cycleBoot: c.boot })));
  for (const l of losses) {
    expect(Object.keys(LOSS_KINDS)).toContain(l.kind);
    expect(LOSS_UNITS).toContain(l.unit);
    expect(l.zone).toMatch(/^(dmesg\d+|console|pmsg|ftrace\d*)$/);
    expect(l.detail.startsWith(`${l.zone}: `), l.detail).toBe(true);
    // Real numbers, never a placeholder; the amount is in the sentence.
    expect(l.detail).not.toMatch(/\bN\b/);
    if (l.bytes !== null) {
      expect(Number.isInteger(l.bytes) && l.bytes > 0, l.detail).toBe(true);
      expect(l.detail).toContain(String(l.bytes));
    }
    if (l.boot !== null) expect(l.boot).toBe(l.cycleBoot);
    // What the campaign injected is not a loss.
    expect(l.detail).not.toMatch(/fault during boot/);
  }
  const recount: Record<string, number> = {};
  for (const l of losses) recount[l.kind] = (recount[l.kind] ?? 0) + 1;
  expect(Object.fromEntries(Object.entries(s.lost).map(([k, t]) => [k, t.occurrences]))).toEqual(
    recount
  );
}

describe('a fault campaign', () => {
  it('boots after every fault, and the same seed gives the same run', async () => {
    const runs = CAMPAIGN_FAULTS.length;
    const seen: number[] = [];
    const a = await runCampaign(testBoard('single', { seed: 11 }), {
      runs,
      faults: CAMPAIGN_FAULTS,
      seed: 11,
      onCycle: (c) => seen.push(c.cycle)
    });
    const b = await runCampaign(testBoard('single', { seed: 11 }), {
      runs,
      faults: CAMPAIGN_FAULTS,
      seed: 11
    });
    expect(seen).toEqual(Array.from({ length: runs }, (_, i) => i + 1));
    expect(a.seed).toBe(11);
    expect(a.bootFailures).toBe(0);
    expect(Object.values(a.faults).reduce((n, v) => n + v, 0)).toBe(runs);
    expect(a.log.map((c) => c.fault)).toHaveLength(runs);
    expect(a.written.printk).toBeGreaterThan(0);
    expect(a.recovered.printkLines).toBeLessThanOrEqual(a.written.printk);
    expect(a.recovered.pmsgBytes).toBeLessThanOrEqual(a.written.pmsgBytes);
    expectHonestLosses(a);
    expect(withoutTime(b)).toEqual(withoutTime(a));
  });

  it('restarts pmsg and survives kills in the per-component placement', async () => {
    const s = await runCampaign(testBoard('per-component', { seed: 3 }), {
      runs: 4,
      faults: ['kill', 'torn'],
      seed: 3
    });
    expect(s.bootFailures).toBe(0);
    expect(s.cycles).toBe(4);
    expectHonestLosses(s);
  });

  it('counts everything a power loss took: every printk line and pmsg byte written', async () => {
    const s = await runCampaign(testBoard('single', { seed: 5 }), {
      runs: 2,
      faults: ['power-lost'],
      seed: 5
    });
    expect(s.written.pmsgBytes).toBeGreaterThan(0);
    expect(s.lost['power-lost']).toEqual({
      occurrences: s.log.flatMap((c) => c.lost).length,
      bytes: s.written.pmsgBytes,
      lines: s.written.printk,
      dumps: s.written.dumps,
      blocks: 0,
      unknown: 0
    });
    expect(s.recovered).toMatchObject({ printkLines: 0, pmsgBytes: 0, dumps: 0 });
    for (const c of s.log) {
      expect(c.injected).toEqual(['power cut, RAM lost']);
      expect(c.lost.every((l) => l.kind === 'power-lost' && l.boot === c.boot)).toBe(true);
    }
    expectHonestLosses(s);
  });

  it('says which zone a stale header emptied, and how much of that boot it took', async () => {
    const s = await runCampaign(testBoard('single', { seed: 2 }), {
      runs: 3,
      faults: ['size0'],
      seed: 2
    });
    for (const c of s.log) {
      // "console: start and size lost to 0 (…)": the zone the fault hit.
      const zone = /^(\w+): start and size lost to 0/.exec(c.injected[0] ?? '')![1]!;
      expect(c.lost).toHaveLength(1);
      const [l] = c.lost;
      expect(l).toMatchObject({ kind: 'header-empty', zone, boot: c.boot });
      if (zone === 'pmsg' || zone === 'console') {
        expect(l!.unit).toBe(zone === 'pmsg' ? 'bytes' : 'lines');
        // All that boot wrote there, with the real count: "44 of 44 byte(s) …".
        expect(l!.detail).toContain(`${l!.bytes} of ${l!.bytes} `);
      } else expect(l).toMatchObject({ unit: 'dumps', bytes: 1 });
    }
    expectHonestLosses(s);
  });
});
