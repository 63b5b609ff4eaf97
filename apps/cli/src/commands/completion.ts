/**
 * `pstore completion bash|zsh|fish`: the shell completion script, made from
 * the options each subcommand really parses (see @pstore/cli-kit's
 * completion.ts), with what each option's value is: a file, a directory, or
 * one of some words.
 */
import {
  commandCompletion,
  completionCommand,
  type Completion,
  type CompletionSpec
} from '@pstore/cli-kit';
import type { OptionSpecs } from '../args.ts';
import { DECODE_OPTIONS } from './decode.ts';
import { ENCODE_OPTIONS } from './encode.ts';
import { INFLATE_OPTIONS } from './inflate.ts';
import type { CommandIo } from './io.ts';
import { LAYOUT_OPTIONS } from './layout.ts';
import { PROBE_OPTIONS } from './probe.ts';

/** What each option's value is, where it is more than any text. */
const VALUES: Readonly<Record<string, Completion>> = {
  dt: 'file',
  symbols: 'file',
  out: 'file', // decode: a directory, encode: a file; files complete both
  dmesg: 'file',
  console: 'file',
  pmsg: 'file',
  ftrace: 'file',
  compress: ['deflate', 'none', 'lzo', 'lz4', 'lz4hc', '842', 'zstd'],
  endian: ['little', 'big'],
  long: ['4', '8'],
  'pmsg-format': ['auto', 'android', 'raw'],
  backend: ['ramoops', 'blk'],
  kernel: ['4.9', '4.14', '4.19', '5.4', '5.10', '5.15', '6.1', '6.6', '6.12']
};

function options(spec: OptionSpecs) {
  return Object.entries(spec)
    .filter(([name]) => name.length > 1 && name !== 'help')
    .map(([name, o]) => ({ name, value: o.value ? (VALUES[name] ?? 'any') : null }));
}

const PSTORE_COMPLETION: CompletionSpec = commandCompletion('pstore', [
  {
    name: 'decode',
    help: 'the records a kernel would find in a RAM image',
    options: [
      ...options(DECODE_OPTIONS).filter((o) => o.name !== 'out'),
      { name: 'out', value: 'dir' }
    ],
    positional: 'file'
  },
  {
    name: 'encode',
    help: 'an image a kernel reads back as given records',
    options: options(ENCODE_OPTIONS),
    positional: null
  },
  {
    name: 'layout',
    help: 'the zone map of a configuration',
    options: options(LAYOUT_OPTIONS),
    positional: null
  },
  {
    name: 'probe',
    help: 'the configuration and kernel that wrote an image',
    options: options(PROBE_OPTIONS),
    positional: 'file'
  },
  {
    name: 'inflate',
    help: 'one compressed dmesg record expanded as a kernel would',
    options: options(INFLATE_OPTIONS),
    positional: 'file'
  }
]);

export function runCompletion(argv: readonly string[], io: CommandIo): number {
  const r = completionCommand(PSTORE_COMPLETION, argv);
  if ('error' in r) io.fail(r.error);
  io.out(r.text);
  return 0;
}
