// printk lines/s from the kernel worker into the console zone: the board's
// actor path (board → kmsg → console → pstore-fs → ramoops, 4096 lines per
// message, in one kernel worker) against the same components called
// in-process without actors, with ECC off and on. Goal: actor ≥ 0.5× direct.
// Also, with no goal: the same path in the per-component placement (each
// component in a worker of its own: the stages run side by side on the
// machine's cores instead of one after another in one thread).
import { inProcessKernel } from './in-process-kernel.mjs';
import { Board, deviceConfig, PersistentRam } from '../dist/index.js';
import { figure, median, report } from '../../../tools/scripts/bench-lib.mjs';

const LINES = 60_000;
const ROUNDS = 5;
const lines = Array.from(
  { length: LINES },
  (_, i) => `eth0: link up, 1000 Mbps full duplex, rx ${i}`
);

function direct(cfg) {
  const { ring } = inProcessKernel(cfg);
  const msgs = lines.map((l) => `${l}\n`);
  const rates = [];
  for (let r = 0; r < ROUNDS + 1; r++) {
    const t0 = performance.now();
    for (const m of msgs) ring.printk(m);
    if (r) rates.push(LINES / ((performance.now() - t0) / 1000));
  }
  return median(rates);
}

async function actors(cfg, placement = 'single') {
  const ram = new PersistentRam(cfg.config.memSize, cfg.layout.zones.length);
  const board = new Board({ config: cfg, ram, placement, spare: false });
  await board.boot();
  const rates = [];
  for (let r = 0; r < ROUNDS + 1; r++) {
    board.ledger.printk.length = 0;
    const t0 = performance.now();
    await board.printk(lines); // returns once the lines are in the console zone
    if (r) rates.push(LINES / ((performance.now() - t0) / 1000));
  }
  await board.close();
  return median(rates);
}

/**
 * The floor of the work: each line's bytes (encoded beforehand) copied into
 * a console-zone-sized ring in a SharedArrayBuffer, no header, no ECC.
 */
function copyLoop(zoneBytes) {
  const zone = new Uint8Array(new SharedArrayBuffer(zoneBytes));
  const bytes = lines.map((l) => new TextEncoder().encode(`${l}\n`));
  const rates = [];
  for (let r = 0; r < ROUNDS + 1; r++) {
    let at = 0;
    const t0 = performance.now();
    for (const b of bytes) {
      if (at + b.length > zone.length) at = 0;
      zone.set(b, at);
      at += b.length;
    }
    if (r) rates.push(LINES / ((performance.now() - t0) / 1000));
  }
  return median(rates);
}

// The copy loop runs last: its 60,000 live Uint8Arrays change how V8
// allocates typed arrays for the rest of the process (measured: the direct
// path ran 2.3× slower after it, and after any 60,000 small Uint8Arrays).
// The direct paths run before any board: a board's workers, ports and
// buffers left in this process slowed the direct path measured after them
// (measured: 0.62 M lines/s with ECC 16 after the ECC-off board, 0.69–0.70 M
// before any).
const cfgOf = (ecc) =>
  deviceConfig(
    `ramoops.mem_size=0x100000 ramoops.record_size=0x4000 ramoops.console_size=0x20000 ramoops.pmsg_size=0x10000 ramoops.ecc=${ecc}`
  );
const directs = [0, 16].map((ecc) => direct(cfgOf(ecc)));
const measured = [];
for (const [k, ecc] of [0, 16].entries()) {
  const cfg = cfgOf(ecc);
  measured.push([ecc, directs[k], await actors(cfg), await actors(cfg, 'per-component')]);
}
const copy = copyLoop(0x20000);
const rows = [];
for (const [ecc, d, a, p] of measured) {
  rows.push([`ECC ${ecc || 'off'}`, d / 1e3, a / 1e3, a / d, p / 1e3, p / d]);
  const tag = ecc ? 'eccon' : 'eccoff';
  const want = ecc ? 1e6 : 2e6;
  figure({
    name: `printk.direct.${tag}`,
    value: d,
    unit: 'lines/s',
    baseline: copy,
    goal: `≥ ${want / 1e6} M lines/s`,
    met: d >= want
  });
  figure({
    name: `printk.actor.${tag}`,
    value: a,
    unit: 'lines/s',
    baseline: d,
    goal: '≥ 0.5× direct',
    met: a / d >= 0.5
  });
  figure({
    name: `printk.actor.percomponent.${tag}`,
    value: p,
    unit: 'lines/s',
    baseline: d,
    goal: 'none (for comparison)'
  });
}
console.log(
  `(the bare copy loop into the same SharedArrayBuffer: ${(copy / 1e6).toFixed(1)} M lines/s)`
);
report(
  `printk into the console zone, ${LINES} lines of ~50 bytes (k lines/s, median of ${ROUNDS})`,
  [
    'path',
    'direct (in-process)',
    'actors (kernel worker)',
    'actors / direct',
    'actors (per-component)',
    'per-component / direct'
  ],
  rows,
  'goal: actors (one kernel worker) / direct ≥ 0.5; the per-component placement has no goal'
);
