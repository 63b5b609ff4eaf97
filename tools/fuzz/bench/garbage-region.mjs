// End-to-end `pstore decode --json --content` (in process) of a full, clean
// 1 MiB region against the same region with every data block garbage
// (headers valid and their parity right, every zone full): CPU ms per MiB,
// median of 5, and the ratio issue 11 bounds at 10×. Run after a build:
//   node tools/fuzz/bench/garbage-region.mjs
import { fillZone, zonesOf, fixHeaderParity } from '../dist/image-zones.js';
import { randomText, randomBytes } from '../dist/prng.js';
import { runInProcess } from '../dist/run-case.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
const dir = mkdtempSync(join(tmpdir(), 'garbage-region-'));
const MIB = 1 << 20;
for (const ecc of [16, 100]) {
  const params = `ramoops.mem_size=${MIB} ramoops.record_size=0x4000 ramoops.console_size=0x8000 ramoops.pmsg_size=0x8000 ramoops.ftrace_size=0x2000 ramoops.ecc=${ecc}`;
  const zones = zonesOf(params, '6.1.192', 1, 1 << 20);
  const clean = new Uint8Array(MIB);
  for (const [i, z] of zones.entries()) {
    const text = randomText(i + 1, z.geometry.bufferSize);
    if (z.type === 'dmesg') text.set(new TextEncoder().encode('====1700000000.000000-D\n'));
    fillZone(clean, z, z.type === 'ftrace' ? text.subarray(0, 96) : text);
  }
  const bad = clean.slice();
  for (const [i, z] of zones.entries()) {
    if (z.type === 'ftrace') continue;
    // Data and data parity replaced by random bytes: every block uncorrectable.
    const g = z.geometry;
    bad.set(randomBytes(1000 + i, g.parHeaderOffset - 12), z.offset + 12);
    fixHeaderParity(bad, z);
  }
  const args = ['--params', params, '--kernel', '6.1.192', '--json', '--content'];
  const cost = (img, name) => {
    const p = `${dir}/${name}.bin`;
    writeFileSync(p, img);
    const t = [];
    for (let k = 0; k < 5; k++) {
      const c0 = process.cpuUsage();
      const r = runInProcess(['decode', p, ...args]);
      const c = process.cpuUsage(c0);
      if (r.code !== 0) throw new Error(r.stderr);
      t.push((c.user + c.system) / 1000);
    }
    t.sort((a, b) => a - b);
    return t[2];
  };
  const a = cost(clean, `clean${ecc}`);
  const b = cost(bad, `bad${ecc}`);
  console.log(
    `ECC ${ecc}: clean ${a.toFixed(1)} ms/MiB, every block bad ${b.toFixed(1)} ms/MiB, ratio ${(b / a).toFixed(1)}x`
  );
}
rmSync(dir, { recursive: true, force: true });
