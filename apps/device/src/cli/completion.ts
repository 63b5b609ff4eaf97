/**
 * `device completion bash|zsh|fish`: the shell completion script, made from
 * the options each subcommand really parses (see @pstore/cli-kit's
 * completion.ts).
 * Kernel counterpart: none.
 */
import {
  commandCompletion,
  completionCommand,
  type Completion,
  type CompletionSpec
} from '@pstore/cli-kit';
import { CAMPAIGN_FAULTS } from '../faults/campaign.ts';
import { DeviceError } from '../hardware/ram.ts';
import { CAMPAIGN_OPTIONS } from './campaign.ts';
import { BOARD_OPTIONS } from './make-board.ts';
import { RUN_OPTIONS } from './run.ts';

/** What each option's value is, where it is more than any text. */
const VALUES: Readonly<Record<string, Completion>> = {
  ram: 'file',
  disk: 'file',
  script: 'file',
  backend: ['ramoops', 'blk'],
  placement: ['single', 'per-component'],
  faults: [...CAMPAIGN_FAULTS, 'lost-write']
};

const options = (spec: Readonly<Record<string, boolean>>) =>
  Object.entries(spec)
    .filter(([name]) => name !== 'help')
    .map(([name, takesValue]) => ({ name, value: takesValue ? (VALUES[name] ?? 'any') : null }));

const DEVICE_COMPLETION: CompletionSpec = commandCompletion('device', [
  {
    name: 'demo',
    help: 'a narrated boot → crash → reboot',
    options: options(BOARD_OPTIONS),
    positional: null
  },
  {
    name: 'run',
    help: 'run a script of board commands',
    options: options(RUN_OPTIONS),
    positional: null
  },
  {
    name: 'shell',
    help: 'the board commands interactively',
    options: options(BOARD_OPTIONS),
    positional: null
  },
  {
    name: 'campaign',
    help: 'many random crash/fault cycles',
    options: options(CAMPAIGN_OPTIONS),
    positional: null
  }
]);

export function runCompletion(argv: readonly string[], out: (l: string) => void): number {
  const r = completionCommand(DEVICE_COMPLETION, argv);
  if ('error' in r) throw new DeviceError(r.error);
  out(r.text);
  return 0;
}
