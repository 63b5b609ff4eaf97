// Crash → reboot cycles per second with one kernel worker (the single
// placement): panic() with its dump, every worker terminated, then a full
// boot (attach, probe, register, mount, frontends). With the spare kernel
// worker the next boot's worker is already loaded. Goal: ≥ 20 cycles/s.
import { Board, deviceConfig, PersistentRam } from '../dist/index.js';
import { report } from '../../../tools/scripts/bench-lib.mjs';

const CYCLES = 30;
const cfg = deviceConfig();

async function cycles(spare) {
  const ram = new PersistentRam(cfg.config.memSize, cfg.layout.zones.length);
  const board = new Board({ config: cfg, ram, placement: 'single', spare });
  await board.boot();
  await board.reboot(); // warm up: both the kernel worker and the spare
  const t0 = performance.now();
  for (let i = 0; i < CYCLES; i++) {
    await board.panic(`bench ${i}`);
    await board.reboot();
  }
  const rate = CYCLES / ((performance.now() - t0) / 1000);
  await board.close();
  return rate;
}

const withSpare = await cycles(true);
const without = await cycles(false);
report(
  `crash → reboot cycles, one kernel worker, default configuration (${CYCLES} cycles)`,
  ['kernel worker', 'cycles/s'],
  [
    ['spawned at boot', without],
    ['spare, loaded while the last boot ran', withSpare]
  ],
  'goal: ≥ 20 cycles/s'
);
