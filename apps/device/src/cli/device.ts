/**
 * Dispatch to the subcommands of `device`, and its error policy: a user's
 * mistake is one line on stderr and exit 2; a bug is exit 1.
 * Kernel counterpart: none.
 */
import { runCampaignCommand } from './campaign.ts';
import { runDemo } from './demo.ts';
import { isUserError } from './errors.ts';
import { runRun } from './run.ts';
import { runShell } from './shell.ts';

export const USAGE = `usage: device <command> [options]

commands:
  demo       a narrated boot → crash → reboot on the default configuration
  run        run a script of board commands (--script FILE|-)
  shell      the same commands interactively
  campaign   many random crash/fault cycles, with a summary

device <command> --help shows each command's options.`;

export interface DeviceIo {
  readonly out: (line: string) => void;
  readonly err: (text: string) => void;
}

export const processIo: DeviceIo = {
  out: (l) => void process.stdout.write(`${l}\n`),
  err: (t) => void process.stderr.write(t)
};

export async function runDevice(
  argv: readonly string[],
  io: DeviceIo = processIo
): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === 'help' || command === '-h') {
    io.out(USAGE);
    return command === undefined ? 2 : 0;
  }
  try {
    switch (command) {
      case 'demo':
        return await runDemo(rest, io.out);
      case 'run':
        return await runRun(rest, io.out);
      case 'shell':
        return await runShell(rest, io.out);
      case 'campaign':
        return await runCampaignCommand(rest, io.out, io.err);
      default:
        io.err(`device: unknown command "${command}" (commands: demo, run, shell, campaign)\n`);
        return 2;
    }
  } catch (e) {
    if (isUserError(e)) {
      io.err(`device ${command}: ${e.message}\n`);
      return 2;
    }
    io.err(`device ${command}: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    if (process.env['DEVICE_DEBUG'] && e instanceof Error) io.err(`${e.stack ?? ''}\n`);
    return 1;
  }
}
