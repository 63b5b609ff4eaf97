// The worst case of reading a zone with ECC: every data block corrupted
// beyond repair (a region of garbage with a valid header), against the clean
// read of the same zone. Issue 11 asks the worst case to stay within 10× the
// clean cost; this prints both as CPU seconds per MiB, for ECC 16 and 100.
// Run after a build: node packages/ram-core/bench/ecc-worst-case.bench.mjs
import { PersistentRamZone } from '../dist/index.js';
import { report } from '../../../tools/scripts/bench-lib.mjs';

const MIB = 1 << 20;

/** A 1 MiB zone written full with ECC `eccSize`: its RAM bytes. */
function fullZone(eccSize) {
  const mem = new Uint8Array(MIB);
  const ecc = { eccSize, blockSize: 128, symsize: 8, poly: 0x11d };
  const zone = PersistentRamZone.attach(mem, { ecc });
  const text = new Uint8Array(zone.bufferSize);
  let seed = 7;
  for (let i = 0; i < text.length; i++)
    text[i] = 0x20 + (((seed = (seed * 1103515245 + 12345) >>> 0) >>> 25) % 90);
  zone.write(text);
  return { mem, ecc, capacity: zone.bufferSize };
}

/** CPU seconds of attaching (probe + ECC check of every block) a copy of `mem`, median of runs. */
function attachCost(mem, ecc, expectBad) {
  const samples = [];
  for (let r = 0; r < 5; r++) {
    const copy = mem.slice();
    const t0 = process.cpuUsage();
    const zone = PersistentRamZone.attach(copy, { ecc });
    const t = process.cpuUsage(t0);
    if (zone.badBlocks > 0 !== expectBad) throw new Error(`bad blocks ${zone.badBlocks}`);
    samples.push((t.user + t.system) / 1e6);
  }
  samples.sort((a, b) => a - b);
  return samples[2];
}

const rows = [];
for (const eccSize of [16, 100]) {
  const { mem, ecc, capacity } = fullZone(eccSize);
  const clean = attachCost(mem, ecc, false);
  // Garbage in every block: 8 bytes of each 128-byte block overwritten,
  // more than ECC 16 corrects; for ECC 100 (corrects 50) half of each block.
  const bad = mem.slice();
  let seed = 99;
  const per = eccSize === 16 ? 16 : 64;
  for (let b = 0; b * 128 < capacity; b++) {
    for (let k = 0; k < per; k++)
      bad[12 + b * 128 + ((k * 2) % 128)] ^=
        1 + (((seed = (seed * 1103515245 + 12345) >>> 0) >>> 24) % 255);
  }
  const corrupted = attachCost(bad, ecc, true);
  const mib = mem.length / MIB;
  rows.push([`ECC ${eccSize}`, (clean * 1e3) / mib, (corrupted * 1e3) / mib, corrupted / clean]);
}
report(
  'ram-core: reading a 1 MiB zone, every block corrupted beyond repair (CPU ms per MiB, median of 5)',
  ['ECC', 'clean', 'all blocks bad', 'ratio'],
  rows,
  'Issue 11 bound: ratio ≤ 10.'
);
