// printk lines/s from the kernel worker into the console zone: the board's
// actor path (board → kmsg → console → pstore-fs → ramoops, 256 lines per
// message, in one kernel worker) against the same components called
// in-process without actors, with ECC off and on. Goal: actor ≥ 0.5× direct.
import { ConsoleRegistry } from '@pstore/console';
import { KmsgDumpers, PrintkRing } from '@pstore/kmsg';
import { Pstore, PstoreFs } from '@pstore/pstore-fs';
import { RamoopsContext } from '@pstore/ramoops';
import { Board, deviceConfig, PersistentRam } from '../dist/index.js';
import { report } from '../../../tools/scripts/bench-lib.mjs';

const LINES = 60_000;
const ROUNDS = 5;
const lines = Array.from(
  { length: LINES },
  (_, i) => `eth0: link up, 1000 Mbps full duplex, rx ${i}`
);
const median = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];

function direct(cfg) {
  const ring = new PrintkRing({ logBufLen: 1 << 17 });
  const dumpers = new KmsgDumpers(ring, { kernel: cfg.kernel });
  const consoles = new ConsoleRegistry(ring);
  const pstore = new Pstore({ kernel: cfg.kernel, ring, dumpers, consoles });
  pstore.mount(new PstoreFs());
  const mem = new Uint8Array(cfg.config.memSize);
  pstore.register(RamoopsContext.probe(mem, cfg.config, { era: cfg.era, nrCpus: 1 }));
  const msgs = lines.map((l) => `${l}\n`);
  const rates = [];
  for (let r = 0; r < ROUNDS + 1; r++) {
    const t0 = performance.now();
    for (const m of msgs) ring.printk(m);
    if (r) rates.push(LINES / ((performance.now() - t0) / 1000));
  }
  return median(rates);
}

async function actors(cfg) {
  const ram = new PersistentRam(cfg.config.memSize, cfg.layout.zones.length);
  const board = new Board({ config: cfg, ram, placement: 'single', spare: false });
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

const rows = [];
for (const ecc of [0, 16]) {
  const cfg = deviceConfig(
    `ramoops.mem_size=0x100000 ramoops.record_size=0x4000 ramoops.console_size=0x20000 ramoops.pmsg_size=0x10000 ramoops.ecc=${ecc}`
  );
  const d = direct(cfg);
  const a = await actors(cfg);
  rows.push([`ECC ${ecc || 'off'}`, d / 1e3, a / 1e3, a / d]);
}
report(
  `printk into the console zone, ${LINES} lines of ~50 bytes (k lines/s, median of ${ROUNDS})`,
  ['path', 'direct (in-process)', 'actors (kernel worker)', 'actors / direct'],
  rows,
  'goal: actors / direct ≥ 0.5'
);
