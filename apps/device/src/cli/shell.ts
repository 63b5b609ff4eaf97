/**
 * `device shell`: the board's commands interactively, with history and
 * completion (commands, file names, zones, components).
 * Kernel counterpart: none.
 */
import { createInterface } from 'node:readline';
import type { Paint } from '@pstore/cli-kit';
import { plain } from '../script/format.ts';
import { COMPONENTS } from '../components.ts';
import { isUserError } from './errors.ts';
import { COMMAND_HELP, COMMAND_WORDS, parseCommand } from '../script/commands.ts';
import { runCommand } from '../script/runner.ts';
import { parseOptions } from './args.ts';
import { BOARD_HELP, BOARD_OPTIONS, makeBoard } from './make-board.ts';

const SHELL_HELP = `usage: device shell [board options]

The board's commands, one per line, with history (↑/↓) and completion (Tab). \`help\` lists them,
\`exit\` (or Ctrl-D) leaves and writes RAM back.

${BOARD_HELP}`;

export async function runShell(
  argv: readonly string[],
  out: (l: string) => void,
  paint: Paint = plain
): Promise<number> {
  const { options } = parseOptions(argv, { ...BOARD_OPTIONS, help: false }, 'shell');
  if (options.has('help')) {
    out(SHELL_HELP);
    return 0;
  }
  const board = makeBoard(options, out, true, paint);
  let names: string[] = [];
  const zones = ['console', 'pmsg', 'ftrace', 'dmesg0', 'dmesg1'];
  const completer = (line: string): [string[], string] => {
    const words = line.split(/\s+/);
    const last = words.at(-1) ?? '';
    const pool =
      words.length <= 1
        ? [...COMMAND_WORDS, 'help', 'exit']
        : ['cat', 'rm'].includes(words[0]!)
          ? names
          : words[0] === 'kill'
            ? [...COMPONENTS]
            : ['flip', 'corrupt'].includes(words[0]!)
              ? zones
              : [];
    return [pool.filter((p) => p.startsWith(last)), last];
  };
  const rl = createInterface({
    input: process.stdin,
    output: process.stdout,
    completer,
    historySize: 500
  });
  const prompt = () => {
    rl.setPrompt(`device(${board.state})> `);
    rl.prompt();
  };
  out('pstore-ts device shell: `help` lists the commands, Tab completes, `exit` leaves');
  prompt();
  for await (const line of rl) {
    const text = line.trim();
    if (text === 'exit' || text === 'quit') break;
    if (text === 'help') {
      for (const [u, d] of COMMAND_HELP) out(`  ${u.padEnd(34)} ${d}`);
    } else {
      try {
        const cmd = parseCommand(text);
        if (cmd) await runCommand(board, cmd, out, paint);
        if (cmd?.kind === 'ls' || cmd?.kind === 'reboot' || cmd?.kind === 'boot') {
          names = (await board.ls()).map((f) => f.name);
        }
      } catch (e) {
        if (!isUserError(e)) throw e;
        out(`error: ${e.message}`);
      }
    }
    prompt();
  }
  rl.close();
  await board.close();
  return 0;
}
