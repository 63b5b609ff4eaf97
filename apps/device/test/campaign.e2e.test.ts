/**
 * Campaigns on real boards (workers, SharedArrayBuffer RAM): every fault
 * kind, seeded. Every boot succeeds whatever the fault; the same seed
 * replays the same run, and a cycle replays alone from its cycle seed; every
 * loss carries its cause and real numbers; the amounts add up (written =
 * recovered + corrected + lost, by kind of record, in records and bytes);
 * and no loss is unexplained.
 */
import { describe, expect, it } from 'vitest';
import { unbalanced } from '../src/faults/campaign-summary.ts';
import { CAMPAIGN_FAULTS, runCampaign, type CampaignSummary } from '../src/faults/campaign.ts';
import { LOSS_KINDS, LOSS_RECORDS } from '../src/faults/loss.ts';
import { testBoard } from './helpers.ts';

const withoutTime = ({ seconds: _s, cyclesPerSecond: _c, ...rest }: CampaignSummary) => rest;

/** Every loss of the run is well formed and explained, and the amounts add up. */
function expectHonest(s: CampaignSummary): void {
  expect(s.replays, JSON.stringify(s.replays, null, 1)).toEqual([]);
  expect(s.unexplained).toBe(0);
  for (const c of s.log) {
    if (c.compared) expect(unbalanced(c.compared, c.lost), `cycle ${c.cycle}`).toEqual([]);
    for (const l of c.lost) {
      expect(Object.keys(LOSS_KINDS)).toContain(l.kind);
      expect(LOSS_RECORDS).toContain(l.record);
      expect(l.zone).toMatch(/^(dmesg\d+|console|pmsg|ftrace\d*)$/);
      expect(l.detail.startsWith(`${l.zone}: `), l.detail).toBe(true);
      expect(l.detail).not.toMatch(/\bN\b/);
      if (l.record !== 'zone') {
        expect(l.boot).toBe(c.boot);
        expect(l.bytes !== null && l.bytes >= 0, l.detail).toBe(true);
      }
    }
  }
  const recount: Record<string, number> = {};
  for (const l of s.log.flatMap((c) => c.lost)) recount[l.kind] = (recount[l.kind] ?? 0) + 1;
  const counted = Object.entries(s.lost).map(([k, t]) => [k, t.occurrences]);
  expect(Object.fromEntries(counted)).toEqual(recount);
}

describe('a fault campaign', () => {
  it('boots after every fault, and the same seed gives the same run', async () => {
    const runs = CAMPAIGN_FAULTS.length;
    const seen: number[] = [];
    const a = await runCampaign(testBoard('single'), {
      runs,
      faults: CAMPAIGN_FAULTS,
      seed: 11,
      onCycle: (c) => seen.push(c.cycle)
    });
    const b = await runCampaign(testBoard('single'), { runs, faults: CAMPAIGN_FAULTS, seed: 11 });
    expect(seen).toEqual(Array.from({ length: runs }, (_, i) => i + 1));
    expect(a.seed).toBe(11);
    expect(a.bootFailures).toBe(0);
    expect(Object.values(a.faults).reduce((n, v) => n + v, 0)).toBe(runs);
    expect(a.written.printk.records).toBeGreaterThan(0);
    expectHonest(a);
    expect(withoutTime(b)).toEqual(withoutTime(a));
  });

  it('replays one cycle alone: the same fault, the same traffic', async () => {
    const all = await runCampaign(testBoard('single'), {
      runs: 6,
      faults: CAMPAIGN_FAULTS,
      seed: 21
    });
    const alone = await runCampaign(testBoard('single'), {
      runs: 1,
      first: 5,
      faults: CAMPAIGN_FAULTS,
      seed: 21
    });
    const [c5] = alone.log;
    const k5 = all.log[4]!;
    expect(c5).toMatchObject({ cycle: 5, cycleSeed: k5.cycleSeed, fault: k5.fault });
    expect(c5!.compared?.printk?.written).toEqual(k5.compared?.printk?.written);
  });

  it('restarts components and survives kills and torn writes in the per-component placement', async () => {
    const s = await runCampaign(testBoard('per-component'), {
      runs: 4,
      faults: ['kill', 'torn'],
      seed: 3
    });
    expect(s.bootFailures).toBe(0);
    expect(s.cycles).toBe(4);
    expectHonest(s);
  });

  it('counts everything a power loss took, compared: every printk line, pmsg byte and dump', async () => {
    const s = await runCampaign(testBoard('single'), { runs: 2, faults: ['power-lost'], seed: 5 });
    expect(s.written.pmsg.bytes).toBeGreaterThan(0);
    const t = s.lost['power-lost']!;
    const w = s.written;
    expect(t.records).toBe(w.printk.records + w.pmsg.records + w.dumps.records);
    expect(t.bytes).toBe(w.printk.bytes + w.pmsg.bytes + w.dumps.bytes);
    expect(s.recovered).toEqual({
      printk: { records: 0, bytes: 0 },
      pmsg: { records: 0, bytes: 0 },
      dumps: { records: 0, bytes: 0 }
    });
    for (const c of s.log) {
      expect(c.injected).toEqual(['power cut, RAM lost']);
      expect(c.lost.every((l) => l.kind === 'power-lost' && l.boot === c.boot)).toBe(true);
    }
    expectHonest(s);
  });

  it('a kept-RAM power cut or a plain panic loses nothing, and dumps come back byte for byte', async () => {
    const s = await runCampaign(testBoard('single'), {
      runs: 6,
      faults: ['power-kept', 'panic'],
      seed: 8
    });
    expect(s.lost).toEqual({});
    expect(s.written.dumps.records).toBeGreaterThan(0);
    expect(s.recovered.dumps).toEqual(s.written.dumps);
    expect(s.recovered.printk).toEqual(s.written.printk);
    expectHonest(s);
  });

  it('says which zone a stale header emptied, and how much of that boot it took', async () => {
    const s = await runCampaign(testBoard('single'), { runs: 3, faults: ['size0'], seed: 2 });
    for (const c of s.log) {
      // "console: start and size lost to 0 (…)": the zone the fault hit.
      const zone = /^(\w+): start and size lost to 0/.exec(c.injected[0] ?? '')![1]!;
      expect(c.lost).toHaveLength(1);
      const [l] = c.lost;
      expect(l).toMatchObject({ kind: 'header-empty', zone, boot: c.boot });
      if (zone === 'pmsg' || zone === 'console') {
        expect(l!.record).toBe(zone === 'pmsg' ? 'pmsg' : 'printk');
        expect(l!.detail).toMatch(/: (\d+) of \1 /);
      } else expect(l).toMatchObject({ record: 'dump', records: 1 });
    }
    expectHonest(s);
  });
});
