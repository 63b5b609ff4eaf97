// Makes the crashed-RAM images the interop suite hands to real kernels
// (direction 2): for each Debian kernel, `device run … panic` on the lab
// configuration, plus the descriptor tools/kernel-interop reads with
// `--images DIR`. Usage: node tools/scripts/device-images.mjs DIR
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node tools/scripts/device-images.mjs DIR');
  process.exit(2);
}
const root = new URL('../..', import.meta.url).pathname;
const params =
  'ramoops.mem_address=0x10000000 ramoops.mem_size=0x100000 ramoops.record_size=0x4000 ' +
  'ramoops.console_size=0x8000 ramoops.ftrace_size=0x2000 ramoops.pmsg_size=0x8000 ' +
  'ramoops.ecc=16 ramoops.max_reason=2';
const script = [
  'printk 4 device-run marker line',
  'pmsg Testing pstore: uuid=device-run-0001',
  'oops first failure',
  'printk 3 after the oops',
  'panic device-run panic',
  ''
].join('\n');

mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'script.txt'), script);
for (const kernel of ['5.10.262', '6.1.192', '6.12.118']) {
  const image = `device-panic-${kernel}.bin`;
  rmSync(join(dir, image), { force: true });
  execFileSync(
    process.execPath,
    [
      join(root, 'apps/device/dist/main.js'),
      'run',
      '--ram',
      join(dir, image),
      '--params',
      params,
      '--kernel',
      kernel,
      '--script',
      join(dir, 'script.txt')
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] }
  );
  writeFileSync(
    join(dir, `device-panic-${kernel}.json`),
    JSON.stringify({
      image,
      params,
      title: `device run … printk, pmsg, oops, panic (board on kernel ${kernel})`,
      kernels: [kernel.split('.').slice(0, 2).join('.')],
      cpus: 1
    }) + '\n'
  );
  console.log(`${dir}/${image}: the board's RAM after a panic on kernel ${kernel}`);
}
