// pstore_dump() of a 10 KiB kmsg log into a ramoops dump zone, compressed
// (deflate, 6.12's default), through kmsg_dump(): the kmsg iterator, the
// header, compression and the zone write with ECC 16 — the components
// called in-process. Goal (issue 16): < 1 ms median.
import { inProcessKernel } from './in-process-kernel.mjs';
import { deviceConfig } from '../dist/index.js';
import { figure, median, report } from '../../../tools/scripts/bench-lib.mjs';

const KMSG_DUMP_OOPS = 2;
const DUMPS = 400;
const cfg = deviceConfig(); // the default board: 16 KiB records, ECC 16, kernel 6.12 (deflate)

const { ring, dumpers } = inProcessKernel(cfg);

// About 10 KiB of kernel log: the tail a dump of the default board holds.
let logged = 0;
for (let i = 0; logged < 10 * 1024; i++) {
  const line = `<4>usb 1-1.${i % 7}: device descriptor read/64, error -71 (attempt ${i})\n`;
  ring.printk(line);
  logged += line.length;
}

const times = [];
for (let i = 0; i < DUMPS + 20; i++) {
  const t0 = process.hrtime.bigint();
  dumpers.kmsgDump(KMSG_DUMP_OOPS);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (i >= 20) times.push(ms); // the first ones warm the JIT up
}
const med = median(times);
const p90 = times[Math.floor(times.length * 0.9)];
report(
  `pstore_dump of ${(logged / 1024).toFixed(1)} KiB of kmsg, deflate, ECC 16 (ms, ${DUMPS} dumps)`,
  ['case', 'median', '90th percentile'],
  [['kmsg_dump(OOPS) → ramoops dump zone', med, p90]],
  'goal: < 1 ms median'
);
figure({ name: 'dump.10KiB', value: med, unit: 'ms', goal: '< 1 ms median', met: med < 1 });
