/**
 * The configuration options every subcommand shares, and how they become
 * one ramoops configuration for one kernel version: `--params` (the
 * ramoops.* / pstore.* words of a kernel command line), `--dt FILE` (a .dts
 * with a ramoops node), individual flags on top, `--kernel`, `--cpus`,
 * `--endian`, `--long`. Without ramoops.mem_size the parameters not given
 * come from pstore-ts's default board (@pstore/ramoops ramoopsBoardConfig(),
 * shared with the device); with it, from the kernel's module defaults.
 * Kernel counterpart: the boot command line, fs/pstore/ram.c
 * ramoops_register_dummy() and ramoops_parse_dt().
 */
import { readFileSync } from 'node:fs';
import { chooseCompression } from '@pstore/pstore-fs';
import { DEFAULT_KERNEL, parseKernelVersion, type KernelVersion } from '@pstore/ram-core';
import {
  cmdlineSetsRegion,
  PSTORE_TS_DEFAULT_BOARD,
  ramoopsBoardConfig,
  ramoopsEra,
  ramoopsFromCmdline,
  ramoopsFromDeviceTree,
  ramoopsFromPlatformData,
  ramoopsLayout,
  type RamoopsConfig,
  type RamoopsEra
} from '@pstore/ramoops';
import { optionInt, optionValue, type OptionSpecs, type ParsedArgs } from './args.ts';
import { CliError } from './cli-error.ts';

export const CONFIG_OPTIONS: OptionSpecs = {
  params: { value: true },
  dt: { value: true },
  'mem-size': { value: true },
  'mem-address': { value: true },
  'record-size': { value: true },
  'console-size': { value: true },
  'ftrace-size': { value: true },
  'pmsg-size': { value: true },
  ecc: { value: true },
  'max-reason': { value: true },
  flags: { value: true },
  'mem-type': { value: true },
  compress: { value: true },
  kernel: { value: true },
  cpus: { value: true },
  endian: { value: true },
  long: { value: true }
};

/** The default board's words, wrapped for the help text. */
const BOARD_WORDS = PSTORE_TS_DEFAULT_BOARD.replace(
  ' ramoops.pmsg_size',
  '\n    ramoops.pmsg_size'
);

export const CONFIG_HELP = `Configuration (as the kernel would be configured; writer and reader must agree):
  --params '<words>'    ramoops.* and pstore.* words of a kernel command line, e.g.
                        'ramoops.mem_size=0x100000 ramoops.ecc=16 pstore.compress=none';
                        other words are ignored, so a whole /proc/cmdline works
  --dt FILE             a .dts file with a ramoops node (reserved-memory child)
  --mem-size N          ramoops.mem_size        --record-size N   ramoops.record_size
  --console-size N      ramoops.console_size    --ftrace-size N   ramoops.ftrace_size
  --pmsg-size N         ramoops.pmsg_size       --ecc N           ramoops.ecc (1 means 16)
  --max-reason N        ramoops.max_reason      --mem-type N      ramoops.mem_type
  --mem-address A       ramoops.mem_address: shown and checked, never moves the read position
  --flags N             RAMOOPS_FLAG_* (platform data/DT only; module parameters force 1)
  --compress ALG        pstore.compress: 4.17–6.5 run deflate, lzo, lz4, lz4hc, 842 or zstd (none
                        leaves dumps uncompressed); 6.6+ deflate or none (lzo … zstd fall back
                        to deflate, as the kernel does); before 4.17: no such parameter
  --kernel V            kernel version x.y or x.y.z, 4.9 or later (default ${DEFAULT_KERNEL}; a release
                        after 6.12 gets 6.12's rules, with a note); selects the era's layout,
                        header, compression and ECC notice
  --cpus N              nr_cpu_ids: number of per-CPU ftrace zones (default 1)
  --endian little|big   byte order of headers and ftrace records (default little)
  --long 4|8            sizeof(unsigned long) for ftrace records (default 8)
Sizes: 16384, 0x4000, 16K, 1M. Non-power-of-two record/console/ftrace/pmsg sizes are rounded
down as the kernel does, with a note.
Defaults: with ramoops.mem_size (in --params, --mem-size, or a --dt node's reg) the configuration
is a whole kernel command line: what it leaves out takes the kernel's module defaults (4 KiB
zones, ECC 0), as on a kernel booted with it, so pass your real /proc/cmdline. Without
ramoops.mem_size, the parameters not given come from pstore-ts's default board (the device's
board; not a kernel default), and --ecc 0 or 'ramoops.ecc=0' changes just that one:
    ${BOARD_WORDS}
\`pstore decode\` without mem_size takes the image (after --offset) as the region.`;

/** Everything the commands need to know about the machine and its kernel. */
export interface MachineConfig {
  readonly version: KernelVersion;
  readonly era: RamoopsEra;
  readonly config: RamoopsConfig;
  readonly nrCpus: number;
  readonly endian: 'little' | 'big';
  readonly longBytes: 4 | 8;
}

const PARAM_FLAGS: readonly [string, string][] = [
  ['mem-size', 'ramoops.mem_size'],
  ['mem-address', 'ramoops.mem_address'],
  ['record-size', 'ramoops.record_size'],
  ['console-size', 'ramoops.console_size'],
  ['ftrace-size', 'ramoops.ftrace_size'],
  ['pmsg-size', 'ramoops.pmsg_size'],
  ['ecc', 'ramoops.ecc'],
  ['max-reason', 'ramoops.max_reason'],
  ['mem-type', 'ramoops.mem_type'],
  ['compress', 'pstore.compress']
];

const SIZE_FLAGS = new Set(['mem-size', 'record-size', 'console-size', 'ftrace-size', 'pmsg-size']);

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new CliError(
      `cannot read ${what} ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`
    );
  }
}

/**
 * A size flag (--mem-size 100G) as the decimal digits of a module
 * parameter. Parsed exactly (bigint), so the configuration's checks can
 * name the real limits (ULONG_MAX, 2^53) rather than a rounded number.
 */
function sizeFlag(text: string, what: string): string {
  const m = /^(0x[0-9a-f]+|\d+)([kmgtpe])?$/i.exec(text.trim());
  if (!m?.[1]) throw new CliError(`${what}: "${text}" is not a number (use 16384, 0x4000 or 16K)`);
  const shift = 10 * ' kmgtpe'.indexOf((m[2] ?? ' ').toLowerCase());
  return String(BigInt(m[1]) << BigInt(shift));
}

/**
 * Builds the configuration (as kernel `kernel` when given, else --kernel
 * or the default). `defaultMemSize` is the region's size when
 * nothing sets ramoops.mem_size (decode: the bytes the image holds after
 * --offset); without it the default board's 1 MiB. Given as a function, it
 * is called only when it is needed, so a stream whose length must be read
 * to be known (/dev/zero, a pipe) is not read when mem_size is given.
 * @throws RamCoreError / PstoreFormatError / CliError for what the chosen
 * kernel would refuse: the checks of the configuration sources, a
 * pstore.compress name no kernel knew, a layout the probe fails on.
 */
export function machineConfig(
  args: ParsedArgs,
  defaultMemSize?: number | (() => number),
  kernel?: string
): MachineConfig {
  const version = parseKernelVersion(kernel ?? optionValue(args, 'kernel') ?? DEFAULT_KERNEL);
  const era = ramoopsEra(version);
  const nrCpus = optionInt(args, 'cpus') ?? 1;
  if (nrCpus < 1 || nrCpus > 8192) {
    throw new CliError(`--cpus ${nrCpus} is not a CPU count (1..8192)`);
  }
  const endian = optionValue(args, 'endian') ?? 'little';
  if (endian !== 'little' && endian !== 'big') {
    throw new CliError(`--endian must be little or big (got "${endian}")`);
  }
  const long = optionValue(args, 'long') ?? '8';
  if (long !== '4' && long !== '8') throw new CliError(`--long must be 4 or 8 (got "${long}")`);

  const params = optionValue(args, 'params');
  const dt = optionValue(args, 'dt');
  if (params !== undefined && dt !== undefined) {
    throw new CliError('give either --params or --dt, not both (the kernel uses one source)');
  }
  const words: string[] = [];
  for (const [flag, param] of PARAM_FLAGS) {
    let v = optionValue(args, flag);
    if (v === undefined) continue;
    // Flags take 16K/1M like the docs write sizes; module parameters
    // themselves are plain numbers, so convert before handing them on.
    if (SIZE_FLAGS.has(flag)) v = sizeFlag(v, `--${flag}`);
    words.push(`${param}=${v}`);
  }
  const flagsText = optionValue(args, 'flags');

  let config: RamoopsConfig;
  const notes: string[] = [...era.notes];
  if (dt !== undefined) {
    // A DT node always has its region (reg): a whole kernel configuration.
    const base = ramoopsFromDeviceTree(readText(dt, '--dt file'), era);
    config = words.length || flagsText !== undefined ? override(base, words, flagsText, era) : base;
  } else {
    const cmdline = [params ?? '', ...words].join(' ');
    const board = ramoopsBoardConfig(
      cmdline,
      era,
      defaultMemSize === undefined || cmdlineSetsRegion(cmdline)
        ? undefined
        : {
            memSize: typeof defaultMemSize === 'function' ? defaultMemSize() : defaultMemSize,
            from: 'the image after --offset'
          }
    );
    if (board.note) notes.push(board.note);
    config = flagsText !== undefined ? override(board.config, [], flagsText, era) : board.config;
  }
  // What the kernel refuses is refused by every command, before any of
  // them allocates the region: a compressor name no kernel knew, a layout
  // its probe fails on (sizes beyond its allocation limits included).
  chooseCompression(version, config.pstore.compress);
  ramoopsLayout(config, era, { nrCpus });
  if (notes.length) config = { ...config, warnings: [...notes, ...config.warnings] };
  return { version, era, config, nrCpus, endian, longBytes: long === '8' ? 8 : 4 };
}

/** Applies individual flags on top of a DT configuration, or --flags on any. */
function override(
  base: RamoopsConfig,
  words: readonly string[],
  flagsText: string | undefined,
  era: RamoopsEra
): RamoopsConfig {
  // Parse the words on their own to validate them the way the kernel would.
  const fromWords = words.length
    ? ramoopsFromCmdline(`ramoops.mem_size=${base.memSize} ${words.join(' ')}`, era)
    : null;
  const given = (p: string) => words.some((w) => w.startsWith(`${p}=`));
  const pick = <T>(param: string, a: T, b: T | undefined): T =>
    given(param) && b !== undefined ? b : a;
  const cfg = ramoopsFromPlatformData(
    {
      memSize: pick('ramoops.mem_size', base.memSize, fromWords?.memSize),
      memAddress: pick('ramoops.mem_address', base.memAddress, fromWords?.memAddress),
      memType: pick('ramoops.mem_type', base.memType, fromWords?.memType),
      recordSize: pick('ramoops.record_size', base.recordSize, fromWords?.recordSize),
      consoleSize: pick('ramoops.console_size', base.consoleSize, fromWords?.consoleSize),
      ftraceSize: pick('ramoops.ftrace_size', base.ftraceSize, fromWords?.ftraceSize),
      pmsgSize: pick('ramoops.pmsg_size', base.pmsgSize, fromWords?.pmsgSize),
      maxReason: pick('ramoops.max_reason', base.maxReason, fromWords?.maxReason),
      ecc: pick('ramoops.ecc', base.ecc, fromWords?.ecc),
      flags: flagsText !== undefined ? parseFlags(flagsText) : base.flags,
      pstore: { ...base.pstore, ...(fromWords?.pstore ?? {}) }
    },
    era
  );
  return { ...cfg, warnings: [...base.warnings, ...cfg.warnings] };
}

function parseFlags(text: string): number {
  const n = /^(0x[0-9a-f]+|\d+)$/i.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) {
    throw new CliError(`--flags: "${text}" is not a number (e.g. 1 for per-CPU ftrace zones)`);
  }
  return n;
}

/** The options that set a ramoops layout (decode --auto infers them; --backend blk has none). */
export const RAMOOPS_LAYOUT_OPTIONS = [
  'params',
  'dt',
  'mem-size',
  'record-size',
  'console-size',
  'ftrace-size',
  'pmsg-size',
  'ecc'
];
