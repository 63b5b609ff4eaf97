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
import { corruptHeader, flipAt, flipZone } from './ram-faults.ts';

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

export interface CampaignSummary {
  readonly cycles: number;
  readonly seconds: number;
  readonly cyclesPerSecond: number;
  readonly faults: Readonly<Record<string, number>>;
  readonly written: { printk: number; pmsg: number; dumps: number };
  readonly recovered: { files: number; pmsgBytes: number; pmsgBytesWritten: number };
  readonly eccCorrectedBytes: number;
  readonly bootFailures: number;
  /** Reasons for losses, with how often each was given. */
  readonly lost: Readonly<Record<string, number>>;
}

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
  const dataZones = () => {
    const names = ['console', ...(board.ledger.pmsg.length ? ['pmsg'] : [])];
    board.ledger.dumps.forEach((d, i) => d.stored && names.push(`dmesg${i}`));
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

/** A loss reason without its numbers, so that like reasons are counted together. */
function reasonKey(line: string): string {
  return line
    .replace(/^fault during boot \d+: /, 'fault: ')
    .replace(/0x[0-9a-f]+|\d+/g, 'N')
    .replace(/dmesg N/g, 'dmesg');
}

export async function runCampaign(
  board: Board,
  runs: number,
  faults: readonly CampaignFault[],
  progress: (done: number) => void
): Promise<CampaignSummary> {
  const started = performance.now();
  const tally = {
    faults: {} as Record<string, number>,
    written: { printk: 0, pmsg: 0, dumps: 0 },
    recovered: { files: 0, pmsgBytes: 0, pmsgBytesWritten: 0 },
    eccCorrectedBytes: 0,
    bootFailures: 0,
    lost: {} as Record<string, number>
  };
  const { rng } = board;
  for (let cycle = 1; cycle <= runs; cycle++) {
    try {
      await board.boot();
    } catch {
      tally.bootFailures++;
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
    const fault = rng.pick(faults);
    tally.faults[fault] = (tally.faults[fault] ?? 0) + 1;
    const ledger = board.ledger;
    await applyFault(board, fault, cycle);
    tally.written.printk += ledger.printk.length;
    tally.written.pmsg += ledger.pmsg.length;
    tally.written.dumps += ledger.dumps.filter((d) => d.stored).length;
    let r;
    try {
      r = await board.boot();
    } catch {
      tally.bootFailures++;
      continue;
    }
    tally.recovered.files += r.files.length;
    tally.eccCorrectedBytes += r.zones.reduce((n, z) => n + z.correctedBytes, 0);
    for (const l of r.faults.recovered) {
      const m = /^pmsg: (\d+) of (\d+) bytes/.exec(l);
      if (m) {
        tally.recovered.pmsgBytes += Number(m[1]);
        tally.recovered.pmsgBytesWritten += Number(m[2]);
      }
    }
    for (const l of r.faults.lost) tally.lost[reasonKey(l)] = (tally.lost[reasonKey(l)] ?? 0) + 1;
    // Start the next cycle from a clean store, as systemd-pstore would.
    for (const f of r.files) await board.rm(f.name).catch(() => undefined);
    progress(cycle);
  }
  const seconds = (performance.now() - started) / 1000;
  return { cycles: runs, seconds, cyclesPerSecond: runs / seconds, ...tally };
}
