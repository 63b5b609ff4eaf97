/**
 * The configuration of a pstore/blk device as the commands take it with
 * `--backend blk`: the pstore_blk.* and pstore.* words of `--params`
 * (--compress on top), `--kernel`, `--cpus`. A frontend has a zone exactly
 * when its size word is given: the kernel's Kconfig default (64 KiB for a
 * frontend it was built with) cannot be known from here. The ramoops options
 * mean nothing for it and are refused.
 * Kernel counterpart: fs/pstore/blk.c module parameters; platform.c
 * pstore.compress.
 */
import { blkConfigFromCmdline, type BlkConfig } from '@pstore/pstore-zone';
import { DEFAULT_KERNEL, parseKernelVersion, type KernelVersion } from '@pstore/ram-core';
import { optionInt, optionValue, type ParsedArgs } from './args.ts';
import { CliError } from './cli-error.ts';
import { RAMOOPS_LAYOUT_OPTIONS } from './config-options.ts';

/** Options of the ramoops configuration: meaningless for pstore/blk. */
const RAMOOPS_ONLY = [
  ...RAMOOPS_LAYOUT_OPTIONS.filter((o) => o !== 'params'),
  'mem-address',
  'auto',
  'pmsg-format',
  'endian',
  'long'
];

export interface BlkSetup {
  readonly words: string;
  readonly config: BlkConfig;
  readonly compress: string | undefined;
  readonly version: KernelVersion;
  readonly cpus: number;
  /** The frontends without a size word (for a note: they have no zone here). */
  readonly unsized: readonly string[];
}

export function blkSetup(args: ParsedArgs): BlkSetup {
  for (const o of RAMOOPS_ONLY) {
    if (args.options.has(o)) {
      throw new CliError(
        `--${o} describes a ramoops region; --backend blk takes --params 'pstore_blk.…'`
      );
    }
  }
  const words = optionValue(args, 'params') ?? '';
  const stray = words
    .trim()
    .split(/\s+/)
    .filter((w) => w && !w.startsWith('pstore_blk.') && !w.startsWith('pstore.'));
  if (stray.length) {
    throw new CliError(
      `--backend blk takes pstore_blk.* and pstore.* words, not ${stray.join(' ')} ` +
        "(e.g. --params 'pstore_blk.kmsg_size=64 pstore_blk.console_size=64')"
    );
  }
  const given = (n: string): boolean => new RegExp(`(?:^|\\s)pstore_blk\\.${n}_size=`).test(words);
  const config = blkConfigFromCmdline(words, {
    pmsg: given('pmsg'),
    console: given('console'),
    ftrace: given('ftrace')
  });
  if (!/pstore_blk\.\w+_size=/.test(words)) {
    throw new CliError(
      "--backend blk needs the sizes the kernel used: --params 'pstore_blk.kmsg_size=64 …' " +
        '(in KiB; pmsg_size, console_size and ftrace_size for the frontends it was built with)'
    );
  }
  const fromWords = /(?:^|\s)pstore\.compress=(\S+)/.exec(words)?.[1];
  const cpus = optionInt(args, 'cpus') ?? 1;
  if (cpus < 1) throw new CliError(`--cpus must be at least 1 (got ${cpus})`);
  return {
    words,
    config,
    compress: optionValue(args, 'compress') ?? fromWords,
    version: parseKernelVersion(optionValue(args, 'kernel') ?? DEFAULT_KERNEL),
    cpus,
    unsized: ['pmsg', 'console', 'ftrace'].filter((t) => !given(t))
  };
}

/** The note for frontends without a size word. */
export function unsizedNote(unsized: readonly string[]): string | null {
  return unsized.length
    ? `no ${unsized.join(', ')} zone: a kernel built with those frontends gives each 64 KiB by ` +
        'default; give pstore_blk.<name>_size to lay them out'
    : null;
}
