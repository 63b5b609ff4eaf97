/** Dispatch to the subcommands, and the error policy of the CLI. */
import { versionLine } from '@pstore/cli-kit';
import { isUserError } from './cli-error.ts';
import { runCompletion } from './commands/completion.ts';
import { runDecode } from './commands/decode.ts';
import { runEncode } from './commands/encode.ts';
import { runInflate } from './commands/inflate.ts';
import { processIo, type CommandIo } from './commands/io.ts';
import { runLayout } from './commands/layout.ts';
import { runProbe } from './commands/probe.ts';

export const USAGE = `usage: pstore <command> [options]

commands:
  decode IMAGE      show the records a kernel would find in a ramoops RAM image
  encode            build a ramoops image that a kernel reads back as given records
  layout            print the zone map of a ramoops configuration
  inflate FILE      expand one compressed dmesg record (.enc.z) as a kernel would
  probe IMAGE       infer the ramoops configuration and kernel that wrote an image
  completion SHELL  a completion script for bash, zsh or fish (see pstore completion --help)
  help [COMMAND]    this text, or a command's options (same as pstore COMMAND --help)

options: --version (-V) prints the version; --help (-h) this text.
pstore <command> --help shows each command's options.`;

/** What `--version` prints after the version. */
export const ABOUT = 'pstore-ts: Linux pstore/ramoops for kernels 4.9–6.12';

export const VERSION = versionLine('pstore', new URL('../package.json', import.meta.url), ABOUT);

const COMMANDS: Record<string, (argv: readonly string[], io: CommandIo) => number> = {
  decode: runDecode,
  encode: runEncode,
  layout: runLayout,
  probe: runProbe,
  inflate: runInflate,
  completion: runCompletion
};

/** Runs the CLI; returns the exit code. */
export function runCli(argv: readonly string[], io: CommandIo = processIo): number {
  const [command, ...rest] = argv;
  if (command === '--version' || command === '-V') {
    io.out(VERSION);
    return 0;
  }
  if (command === 'help' && rest.length) return runCli([rest[0]!, '--help'], io);
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    // Without a command the user needs the list, but it is not a success (a
    // script that forgot its command should fail).
    if (command === undefined) io.err(USAGE);
    else io.out(USAGE);
    return command === undefined ? 2 : 0;
  }
  const run = COMMANDS[command];
  if (!run) {
    io.err(`pstore: unknown command "${command}" (commands: ${Object.keys(COMMANDS).join(', ')})`);
    return 2;
  }
  try {
    return run(rest, io);
  } catch (e) {
    if (isUserError(e)) {
      io.err(`pstore ${command}: ${e.message}`);
      return 2;
    }
    io.err(`pstore ${command}: internal error: ${e instanceof Error ? e.message : String(e)}`);
    if (process.env['PSTORE_DEBUG'] && e instanceof Error) io.err(e.stack ?? '');
    return 1;
  }
}
