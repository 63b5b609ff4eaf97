/**
 * A fault campaign: many boot → traffic → fault → reboot cycles with the
 * faults drawn from a seeded PRNG, tallying what was written, what came
 * back, what ECC corrected and what was lost and why. Every boot must
 * succeed whatever the fault.
 * Kernel counterpart: none (a soak test of the crash path).
 */
import { PSZ_HEADER_SIZE } from '@pstore/pstore-zone';
import type { Board } from '../board.ts';
import type { Component } from '../components.ts';
import { zoneByName } from '../device-config.ts';
import { tallyCampaign } from './campaign-tally.ts';
import { unbalanced, type CampaignSummary, type CycleRecord } from './campaign-summary.ts';
import type { Loss } from './loss.ts';
import type { Compared } from './report.ts';
import { createPrng, cycleSeed } from './prng.ts';
import { corruptHeader, flipAt, flipZone, HEADER_FAULTS } from './ram-faults.ts';

export type { CampaignSummary } from './campaign-summary.ts';

export const CAMPAIGN_FAULTS = [
  'panic',
  'torn',
  'kill',
  'flip',
  'flip-beyond',
  ...HEADER_FAULTS,
  'power-lost',
  'power-kept'
] as const;

/** A fault of either board: the ramoops board's, and a disk's lost write. */
export type CampaignFault = (typeof CAMPAIGN_FAULTS)[number] | 'lost-write';

/**
 * The faults of each backend (`CAMPAIGN_FAULTS` are the ramoops board's). A
 * disk has no ECC parity to keep consistent and keeps its contents without
 * power; RAM has no write cache to lose.
 */
export const BACKEND_FAULTS: Readonly<Record<'ramoops' | 'blk', readonly CampaignFault[]>> = {
  ramoops: CAMPAIGN_FAULTS,
  blk: [
    ...CAMPAIGN_FAULTS.filter((f) => !f.endsWith('-parity') && f !== 'power-lost'),
    'lost-write'
  ]
};

const WORDS = [
  'ext4',
  'usb',
  'eth0',
  'mmc0',
  'thermal',
  'watchdog',
  'audit',
  'binder',
  'dma',
  'irq'
];

/** Applies one fault to a running board and leaves it crashed, off or (torn, rare) running. */
async function applyFault(board: Board, fault: CampaignFault, cycle: number): Promise<void> {
  const { rng, config } = board;
  // Zones this boot wrote: the console (the boot log at least), pmsg when
  // written, and the dump zones (ramoops writes dumps from zone 0 each boot,
  // pstore/blk after the newest on the disk). The k-th stored dump of a boot
  // is k dump zones after the boot's first, modulo their count (a dump the
  // backend refused does not advance the cursor).
  const blk = config.backend === 'blk';
  const dataZones = () => {
    const names = ['console', ...(board.ledger.pmsg.length ? ['pmsg'] : [])];
    const dumpZones = config.zones.filter((z) => z.type === 'dmesg').length;
    const stored = board.ledger.dumps.filter((d) => d.stored).length;
    const first = board.ledger.firstDumpZone;
    for (let k = 0; k < Math.min(stored, dumpZones); k++) {
      names.push(`dmesg${(first + k) % dumpZones}`);
    }
    return names.map((n) => zoneByName(config, n)).filter((z): z is number => z !== null);
  };
  switch (fault) {
    case 'panic':
      await board.panic(`campaign cycle ${cycle}`);
      return;
    case 'torn':
    case 'lost-write': {
      // Single: the kernel worker's RAM layer; per-component: the worker that stores
      // (ramoops, or pstore-blk on a disk).
      const writer = blk ? 'pstore-blk' : 'ramoops';
      const target: Component =
        board.placement === 'single' ? rng.pick(['pmsg', 'console'] as const) : writer;
      if (fault === 'torn') await board.kill(target, 1 + rng.int(3000));
      else await board.loseWrite(rng.int(3000));
      for (let i = 0; i < 20 && board.is('running'); i++) {
        if (rng.int(2)) {
          await board.pmsg([`torn write ${cycle}.${i} ${'x'.repeat(rng.int(200))}\n`]);
        } else await board.printk([`torn printk ${cycle}.${i}`]);
      }
      if (board.is('running')) await board.panic(`campaign cycle ${cycle}: budget not reached`);
      return;
    }
    case 'kill': {
      const c = rng.pick<Component>([
        'kmsg',
        'console',
        'pstore-fs',
        blk ? 'pstore-blk' : 'ramoops',
        'pmsg'
      ]);
      await board.kill(c);
      if (board.is('running')) await board.panic(`campaign cycle ${cycle} after ${c} restarted`);
      return;
    }
    case 'power-lost':
    case 'power-kept':
      await board.cutPower(fault === 'power-kept');
      return;
    default:
      break;
  }
  const zones = dataZones();
  await board.panic(`campaign cycle ${cycle}`);
  const zone = rng.pick(zones);
  if (fault === 'flip') {
    board.ledger.faults.push(flipZone(board.ram, config, zone, 1 + rng.int(6), rng));
  } else if (fault === 'flip-beyond') {
    // More symbols than ECC 16 corrects, in the zone's first data block.
    const z = config.zones[zone]!;
    const at = flipAt(board.ram, config, z.offset + 12 + rng.int(64), 9 + rng.int(8));
    board.ledger.faults.push(...at.faults);
  } else {
    board.ledger.faults.push(corruptHeader(board.ram, config, zone, fault, rng));
  }
}

export interface CampaignOptions {
  readonly runs: number;
  /** The number of the first cycle (default 1): `--cycle K` runs cycle K alone. */
  readonly first?: number;
  /** The faults to draw from. */
  readonly faults: readonly CampaignFault[];
  /** The seed of the run; cycle K draws from cycleSeed(seed, K). */
  readonly seed: number;
  /** The command line that replays cycle K, given K (the summary prints it for unexplained losses). */
  readonly replay?: (cycle: number) => string;
  /** Called after every cycle, in order (progress, --verbose). */
  readonly onCycle?: (c: CycleRecord) => void;
}

/** Amounts that do not add up, as unexplained losses: the accounting itself went wrong. */
function accountingErrors(compared: Compared, lost: readonly Loss[], boot: number): Loss[] {
  return unbalanced(compared, lost).map((d) => ({
    kind: 'unexplained',
    zone: '-',
    boot,
    record: 'zone',
    records: null,
    bytes: null,
    blocks: 0,
    detail: `accounting: ${d}`
  }));
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** One cycle: boot, traffic, one fault, reboot; the next boot's report compared with the ledger. */
async function runCycle(board: Board, o: CampaignOptions, cycle: number): Promise<CycleRecord> {
  const seed = cycleSeed(o.seed, cycle);
  board.rng = createPrng(seed);
  const { rng } = board;
  const failed = (boot: number, fault: string | null, injected: string[], why: unknown) => ({
    cycle,
    cycleSeed: seed,
    boot,
    fault,
    injected,
    recovered: [],
    eccCorrectedBytes: 0,
    headers: [],
    compared: null,
    lost: [],
    bootFailure: message(why)
  });
  try {
    await board.boot();
  } catch (e) {
    return failed(board.boots, null, [], e);
  }
  const lines = Array.from(
    { length: 1 + rng.int(20) },
    (_, i) => `${rng.pick(WORDS)}: event ${cycle}.${i}`
  );
  await board.printk(lines);
  const writes = Array.from(
    { length: rng.int(4) },
    (_, i) => `app ${cycle}.${i}: state=${rng.int(1e6)}\n`
  );
  if (writes.length) await board.pmsg(writes);
  if (rng.int(10) === 0) await board.oops(`campaign oops ${cycle}`);
  const fault = rng.pick(o.faults);
  const ledger = board.ledger;
  await applyFault(board, fault, cycle);
  const injected = ledger.faults.map((f) => f.words);
  let r;
  try {
    r = await board.boot();
  } catch (e) {
    return failed(ledger.boot, fault, injected, e);
  }
  // Start the next cycle from a clean store, as systemd-pstore would.
  for (const f of r.files) await board.rm(f.name).catch(() => undefined);
  // pstore/blk: a ring header whose start lies beyond its datalen fails every
  // recovery, and the kernel never rewrites it. The campaign wipes that header
  // (as a user would re-create the partition) and reboots, so that the next
  // cycle starts on a disk the kernel recovers; this cycle's losses stand.
  const stuck = r.zones.find((z) => 'state' in z && z.state === 'start-beyond-datalen');
  if (stuck) {
    board.ram.bytes.fill(0, stuck.offset, stuck.offset + PSZ_HEADER_SIZE);
    await board.reboot();
  }
  return {
    cycle,
    cycleSeed: seed,
    boot: ledger.boot,
    fault,
    injected,
    recovered: r.faults.recovered,
    eccCorrectedBytes: r.zones.reduce((n, z) => n + z.correctedBytes, 0),
    headers: r.faults.headers,
    compared: r.faults.compared,
    lost: [
      ...r.faults.losses,
      ...accountingErrors(r.faults.compared, r.faults.losses, ledger.boot)
    ],
    bootFailure: null
  };
}

export async function runCampaign(board: Board, o: CampaignOptions): Promise<CampaignSummary> {
  const started = performance.now();
  const log: CycleRecord[] = [];
  const first = o.first ?? 1;
  for (let cycle = first; cycle < first + o.runs; cycle++) {
    const c = await runCycle(board, o, cycle);
    log.push(c);
    o.onCycle?.(c);
  }
  const seconds = (performance.now() - started) / 1000;
  return tallyCampaign(log, { seed: o.seed, seconds, replay: o.replay });
}
