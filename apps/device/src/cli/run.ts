/**
 * `device run … --script FILE|-`: runs a script of board commands and says
 * what happens. RAM is written back to --ram FILE at the end, so a script
 * that ends right after `panic` leaves FILE holding the crashed RAM.
 * Kernel counterpart: none.
 */
import { readFileSync } from 'node:fs';
import type { Paint } from '@pstore/cli-kit';
import { DeviceError } from '../hardware/ram.ts';
import { plain } from '../script/format.ts';
import { COMMAND_HELP, parseScript } from '../script/commands.ts';
import { runScript } from '../script/runner.ts';
import { parseOptions, stringOption } from './args.ts';
import { BOARD_HELP, BOARD_OPTIONS, makeBoard, placementOption } from './make-board.ts';

const RUN_HELP = `usage: device run [--ram FILE] [--params '<words>'] [--kernel V]
                  [--placement single|per-component] [--seed N] [--retain] --script FILE|-

Runs one command a line (FILE, or stdin with -) on the simulated board and prints what happens.
A command that needs a running kernel boots the board first.

${BOARD_HELP}

commands:
${COMMAND_HELP.map(([u, d]) => `  ${u.padEnd(34)} ${d}`).join('\n')}

example: printf 'printk hello\\npmsg Testing pstore\\npanic test\\n' | device run --ram ram.bin --script -`;

function readScript(path: string): string {
  try {
    return readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (e) {
    throw new DeviceError(
      `cannot read --script ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`
    );
  }
}

export const RUN_OPTIONS = { ...BOARD_OPTIONS, script: true, help: false } as const;

export async function runRun(
  argv: readonly string[],
  out: (l: string) => void,
  paint: Paint = plain
): Promise<number> {
  const { options, positional } = parseOptions(argv, RUN_OPTIONS, 'run');
  if (options.has('help')) {
    out(RUN_HELP);
    return 0;
  }
  if (positional.length) {
    throw new DeviceError(`unexpected argument "${positional[0]}" (see device run --help)`);
  }
  const path = stringOption(options, 'script');
  if (path === undefined) throw new DeviceError('missing --script FILE|- (see device run --help)');
  placementOption(options);
  const script = parseScript(readScript(path));
  const board = makeBoard(options, out, true, paint);
  try {
    const { failures } = await runScript(board, script, out, paint);
    return failures ? 1 : 0;
  } finally {
    await board.close();
  }
}
