/**
 * `device demo`: a narrated run of the whole lifecycle on the default
 * configuration — the zone map, a boot on fresh RAM, kernel and app logging,
 * an oops, a panic, the reboot, and the records recovered after the crash.
 * Kernel counterpart: none.
 */
import { paintKernelLog, type Paint } from '@pstore/cli-kit';
import { formatFiles, formatZones, plain } from '../script/format.ts';
import { parseOptions } from './args.ts';
import { BOARD_HELP, BOARD_OPTIONS, makeBoard } from './make-board.ts';

const DEMO_HELP = `usage: device demo [board options]

A narrated boot → crash → reboot on the default configuration.

${BOARD_HELP}`;

export async function runDemo(
  argv: readonly string[],
  out: (l: string) => void,
  paint: Paint = plain
): Promise<number> {
  const { options } = parseOptions(argv, { ...BOARD_OPTIONS, help: false }, 'demo');
  if (options.has('help')) {
    out(DEMO_HELP);
    return 0;
  }
  const board = makeBoard(options, out, true, paint);
  const title = (t: string) => out(`\n== ${t}`);
  try {
    const { config } = board;
    title(`The board: kernel ${config.kernelText}, ${board.placement} placement`);
    out(`ramoops parameters: ${config.params}`);
    out(`The zone map the kernel computes from them (${config.layout.dumpCount} dump zones):`);
    formatZones(board, paint).forEach((l) => out(`  ${l}`));

    title('Power on: RAM was never written, so every zone is unsigned and gets reset');
    await board.boot();

    title('The system runs: the kernel logs, an app writes its last words to /dev/pmsg0');
    await board.printk([
      'usb 1-1: new high-speed USB device number 2',
      '<3>mmc0: timeout waiting for hardware interrupt'
    ]);
    await board.pmsg(['I/logd: battery 12%, shutting down camera\n']);
    out('printk: 2 lines; pmsg: 1 write');
    title('An oops: the kernel dumps its log (kmsg_dump OOPS) and keeps going');
    await board.oops('unable to handle page fault for address: ffffffffc0de0000');

    title('Kernel panic: kmsg_dump runs to completion, then every kernel worker is terminated');
    await board.panic('Fatal exception in interrupt');
    out(`the board is ${board.state}: ${board.why ?? ''}`);

    title('Reboot: RAM kept; ram-core re-attaches, ECC-checks and saves every zone');
    const r = await board.reboot();
    formatZones(board, paint).forEach((l) => out(`  ${l}`));
    title('/sys/fs/pstore after the crash');
    formatFiles(r.files).forEach((l) => out(`  ${l}`));
    for (const f of r.files) {
      title(f.name);
      const text = new TextDecoder()
        .decode(await board.cat(f.name))
        .trimEnd()
        .split('\n');
      const shown = text.length > 14 ? [...text.slice(0, 6), '  …', ...text.slice(-7)] : text;
      shown.forEach((l) => out(`  ${paintKernelLog(l, paint)}`));
    }
    title(
      'Done. `device run --ram ram.bin --script -` keeps the RAM in a file that `pstore decode` reads.'
    );
    return 0;
  } finally {
    await board.close();
  }
}
