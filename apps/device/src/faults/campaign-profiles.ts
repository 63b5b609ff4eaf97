/**
 * The campaigns that judge the board's reliability: each a placement, a
 * kernel, an ECC size and a seed, over every fault kind. ECC 16 (the
 * default) shows headers and flips corrected; ECC 0 and ECC 4 reach the
 * kernel's rejection paths that ECC 16 repairs (a header ECC 4 cannot
 * correct is counted as a bad block and read as is); the per-component
 * placement restarts a killed pmsg worker. CI runs the short profiles
 * (a few hundred cycles); `pnpm campaign:long` the long ones (≥ 10,000).
 * Kernel counterpart: none.
 */
import type { Placement } from '../placement/kernel-workers.ts';

export interface CampaignProfile {
  readonly name: string;
  readonly placement: Placement;
  readonly kernel: string;
  /** ramoops words added to the default board (ECC size). */
  readonly params: string;
  readonly seed: number;
  readonly runs: number;
}

const BASE: readonly Omit<CampaignProfile, 'runs'>[] = [
  { name: 'ecc16-single-6.12', placement: 'single', kernel: '6.12', params: '', seed: 1 },
  {
    name: 'ecc0-single-5.10',
    placement: 'single',
    kernel: '5.10',
    params: 'ramoops.ecc=0',
    seed: 2
  },
  {
    name: 'ecc4-single-4.19',
    placement: 'single',
    kernel: '4.19',
    params: 'ramoops.ecc=4',
    seed: 3
  },
  {
    name: 'ecc16-per-component-6.1',
    placement: 'per-component',
    kernel: '6.1',
    params: '',
    seed: 4
  }
];

/** Cycles per profile: CI's few hundred, and the long run's ≥ 10,000. */
const RUNS = {
  ci: [120, 60, 60, 16],
  long: [6000, 1800, 1800, 600]
} as const;

export function campaignProfiles(size: keyof typeof RUNS): CampaignProfile[] {
  return BASE.map((p, i) => ({ ...p, runs: RUNS[size][i]! }));
}

/** The `device campaign` words that run a profile. */
export function profileArgs(p: CampaignProfile): string[] {
  const args = ['--runs', String(p.runs), '--seed', String(p.seed), '--placement', p.placement];
  args.push('--kernel', p.kernel);
  if (p.params) args.push('--params', p.params);
  return args;
}
