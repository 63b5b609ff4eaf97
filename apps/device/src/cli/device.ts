/**
 * Dispatch to the subcommands of `device`, and its error policy: a user's
 * mistake is one line on stderr and exit 2; a bug is exit 1.
 * Kernel counterpart: none.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { colourWanted, painter, versionLine, type Paint } from '@pstore/cli-kit';
import { appRoot } from '../placement/app-files.ts';
import { runCampaignCommand } from './campaign.ts';
import { runCompletion } from './completion.ts';
import { runDemo } from './demo.ts';
import { isUserError } from './errors.ts';
import { runRun } from './run.ts';
import { runShell } from './shell.ts';

const USAGE = `usage: device <command> [options]

commands:
  demo             a narrated boot → crash → reboot on the default configuration
  run              run a script of board commands (--script FILE|-)
  shell            the same commands interactively
  campaign         many random crash/fault cycles, with a summary
  completion SHELL a completion script for bash, zsh or fish (see device completion --help)
  help [COMMAND]   this text, or a command's options (same as device COMMAND --help)

options: --version (-V) prints the version; --help (-h) this text.
device <command> --help shows each command's options.`;

const VERSION = versionLine(
  'device',
  pathToFileURL(join(appRoot(), 'package.json')),
  'pstore-ts: a simulated board with Linux pstore/ramoops, kernels 4.9–6.12'
);

export interface DeviceIo {
  readonly out: (line: string) => void;
  readonly err: (text: string) => void;
  /** Colours for stdout: escapes on a terminal, none otherwise (default none). */
  readonly paint?: Paint;
}

const processIo: DeviceIo = {
  out: (l) => void process.stdout.write(`${l}\n`),
  err: (t) => void process.stderr.write(t),
  paint: painter(colourWanted(process.stdout))
};

export async function runDevice(
  argv: readonly string[],
  io: DeviceIo = processIo
): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--version' || command === '-V') {
    io.out(VERSION);
    return 0;
  }
  if (command === 'help' && rest.length) return runDevice([rest[0]!, '--help'], io);
  if (command === undefined || command === '--help' || command === 'help' || command === '-h') {
    // Without a command the list is shown, but as a failure (exit 2, on stderr).
    if (command === undefined) io.err(`${USAGE}\n`);
    else io.out(USAGE);
    return command === undefined ? 2 : 0;
  }
  try {
    switch (command) {
      case 'demo':
        return await runDemo(rest, io.out, io.paint);
      case 'run':
        return await runRun(rest, io.out, io.paint);
      case 'shell':
        return await runShell(rest, io.out, io.paint);
      case 'campaign':
        return await runCampaignCommand(rest, io.out, io.err);
      case 'completion':
        return runCompletion(rest, io.out);
      default:
        io.err(
          `device: unknown command "${command}" (commands: demo, run, shell, campaign, completion)\n`
        );
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
