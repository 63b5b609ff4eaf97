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

// The board on pstore/blk (`device run --backend blk --disk …`): Debian's
// 6.1 and 6.12 build pstore_blk with the dump frontend only, so the disk
// holds 64 KiB dump zones; the oops reaches the disk, the panic dump cannot
// (a virtio disk has no panic_write), as on the kernel.
const blkParams = 'pstore_blk.kmsg_size=64 pstore_blk.max_reason=2 pstore_blk.best_effort=y';
const blkScript = [
  'printk 4 device-run-blk marker line',
  'oops first failure on the disk',
  'printk 3 after the oops',
  'sleep 1000',
  'panic device-run-blk panic',
  ''
].join('\n');
writeFileSync(join(dir, 'script-blk.txt'), blkScript);
for (const kernel of ['6.1.192', '6.12.118']) {
  const image = `device-blk-panic-${kernel}.img`;
  rmSync(join(dir, image), { force: true });
  execFileSync(
    process.execPath,
    [
      join(root, 'apps/device/dist/main.js'),
      'run',
      '--backend',
      'blk',
      '--disk',
      join(dir, image),
      '--params',
      blkParams,
      '--kernel',
      kernel,
      '--script',
      join(dir, 'script-blk.txt')
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] }
  );
  writeFileSync(
    join(dir, `device-blk-panic-${kernel}.json`),
    JSON.stringify({
      image,
      backend: 'blk',
      params: blkParams,
      title: `device run --backend blk … printk, oops, panic (board on kernel ${kernel}): the oops on the disk, the panic lost`,
      kernels: [kernel.split('.').slice(0, 2).join('.')],
      cpus: 1
    }) + '\n'
  );
  console.log(`${dir}/${image}: the board's disk after a panic on kernel ${kernel}`);
}
