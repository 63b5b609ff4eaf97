/**
 * A fault campaign: many boot → traffic → fault → reboot cycles with the
 * faults drawn from a seeded PRNG, tallying what was written, what came
 * back, what ECC corrected and what was lost and why. Every boot must
 * succeed whatever the fault.
 * Kernel counterpart: none (a soak test of the crash path).
 */
import type { Board } from '../board.ts';
import type { Component } from '../components.ts';
import { zoneByName, zoneLabel } from '../device-config.ts';
import {
  addRecovered,
  tallyLosses,
  type CampaignSummary,
  type CycleRecord
} from './campaign-summary.ts';
import { pmsgBytes } from './ledger.ts';
import { corruptHeader, flipAt, flipZone } from './ram-faults.ts';

export type { CampaignSummary, CycleRecord } from './campaign-summary.ts';

export const CAMPAIGN_FAULTS = [
  'panic',
  'torn',
  'kill',
  'flip',
  'flip-beyond',
  'sig',
  'size0',
  'size-huge',
  'power-lost',
  'power-kept'
] as const;
export type CampaignFault = (typeof CAMPAIGN_FAULTS)[number];

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
  // written, and the dump zones (ramoops writes dumps from zone 0 each boot).
  // The k-th stored dump of a boot is in dump zone k modulo their count
  // (a dump the backend refused does not advance ramoops' dump_write_cnt).
  const dataZones = () => {
    const names = ['console', ...(board.ledger.pmsg.length ? ['pmsg'] : [])];
    const dumpZones = config.layout.zones.filter((z) => z.type === 'dmesg').length;
    const stored = board.ledger.dumps.filter((d) => d.stored).length;
    for (let k = 0; k < Math.min(stored, dumpZones); k++) names.push(`dmesg${k}`);
    return names.map((n) => zoneByName(config, n)).filter((z): z is number => z !== null);
  };
  switch (fault) {
    case 'panic':
      await board.panic(`campaign cycle ${cycle}`);
      return;
    case 'torn': {
      // Single: the kernel worker's RAM layer; per-component: the worker that stores, ramoops.
      const target: Component =
        board.placement === 'single' ? rng.pick(['pmsg', 'console'] as const) : 'ramoops';
      await board.kill(target, 1 + rng.int(3000));
      for (let i = 0; i < 20 && board.is('running'); i++) {
        if (rng.int(2)) {
          await board.pmsg([`torn write ${cycle}.${i} ${'x'.repeat(rng.int(200))}\n`]);
        } else await board.printk([`torn printk ${cycle}.${i}`]);
      }
      if (board.is('running')) await board.panic(`campaign cycle ${cycle}: budget not reached`);
      return;
    }
    case 'kill': {
      const c = rng.pick(['kmsg', 'console', 'pstore-fs', 'ramoops', 'pmsg'] as const);
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
    const z = config.layout.zones[zone]!;
    const what = flipAt(board.ram, z.offset + 12 + rng.int(64), 9 + rng.int(8));
    board.ledger.faults.push(`${zoneLabel(config, zone)}: ${what}`);
  } else {
    board.ledger.faults.push(corruptHeader(board.ram, config, zone, fault, rng));
  }
}

export interface CampaignOptions {
  readonly runs: number;
  /** The faults to draw from. */
  readonly faults: readonly CampaignFault[];
  /** The seed the board's PRNG was made with: recorded so that the summary says how to replay it. */
  readonly seed: number;
  /** Called after every cycle, in order (progress, --verbose). */
  readonly onCycle?: (c: CycleRecord) => void;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export async function runCampaign(board: Board, o: CampaignOptions): Promise<CampaignSummary> {
  const started = performance.now();
  const faults: Record<string, number> = {};
  const written = { printk: 0, pmsg: 0, pmsgBytes: 0, dumps: 0 };
  const recovered = { files: 0, printkLines: 0, pmsgBytes: 0, dumps: 0 };
  const log: CycleRecord[] = [];
  const { rng } = board;
  const record = (c: CycleRecord) => {
    log.push(c);
    o.onCycle?.(c);
  };
  for (let cycle = 1; cycle <= o.runs; cycle++) {
    try {
      await board.boot();
    } catch (e) {
      record({
        cycle,
        boot: board.boots,
        fault: null,
        injected: [],
        recovered: [],
        eccCorrectedBytes: 0,
        lost: [],
        bootFailure: message(e)
      });
      continue;
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
    faults[fault] = (faults[fault] ?? 0) + 1;
    const ledger = board.ledger;
    await applyFault(board, fault, cycle);
    written.printk += ledger.printk.length;
    written.pmsg += ledger.pmsg.length;
    written.pmsgBytes += pmsgBytes(ledger);
    written.dumps += ledger.dumps.filter((d) => d.stored).length;
    // What the campaign did, in the words the board and the fault noted in the ledger.
    const base = { cycle, boot: ledger.boot, fault, injected: [...ledger.faults] };
    let r;
    try {
      r = await board.boot();
    } catch (e) {
      const failure = { recovered: [], eccCorrectedBytes: 0, lost: [] };
      record({ ...base, ...failure, bootFailure: message(e) });
      continue;
    }
    recovered.files += r.files.length;
    addRecovered(recovered, r.faults.compared);
    const eccCorrectedBytes = r.zones.reduce((n, z) => n + z.correctedBytes, 0);
    record({
      ...base,
      recovered: r.faults.recovered,
      eccCorrectedBytes,
      lost: r.faults.losses,
      bootFailure: null
    });
    // Start the next cycle from a clean store, as systemd-pstore would.
    for (const f of r.files) await board.rm(f.name).catch(() => undefined);
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    seed: o.seed,
    cycles: o.runs,
    seconds,
    cyclesPerSecond: o.runs / seconds,
    faults,
    written,
    recovered,
    eccCorrectedBytes: log.reduce((n, c) => n + c.eccCorrectedBytes, 0),
    bootFailures: log.filter((c) => c.bootFailure !== null).length,
    lost: tallyLosses(log),
    log
  };
}
