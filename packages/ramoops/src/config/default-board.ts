/**
 * pstore-ts's default board, and the one rule by which both tools (`pstore`
 * and `device`) combine it with what the user gives:
 * (a) no configuration at all: the default board;
 * (b) words without ramoops.mem_size (or ramoops.mem_name): each replaces
 *     that one parameter of the default board (`ramoops.ecc=0`);
 * (c) words with ramoops.mem_size (or mem_name): a whole kernel command
 *     line; every parameter not given takes the kernel's module default,
 *     as a kernel booted with that line would (a user's /proc/cmdline must
 *     decode as their kernel wrote it, not with the board's sizes);
 * (d) a region whose size is known from elsewhere (`pstore decode`: the
 *     image) without mem_size: (a)/(b) with that size as mem_size.
 * Kernel counterpart: none. A kernel has no default region: without
 * ramoops.mem_size, ramoops_register_dummy() registers nothing.
 */
import type { RamoopsEra } from '../era.ts';
import { normalizeParamName, splitKernelCmdline } from './cmdline.ts';
import { ramoopsFromCmdline } from './module-params.ts';
import { hex } from './sizes.ts';
import type { RamoopsConfig } from './types.ts';

/**
 * pstore-ts's default board, NOT a kernel default: 1 MiB of persistent RAM
 * with 16 KiB dump records, a 128 KiB console, 64 KiB pmsg, 4 KiB ftrace,
 * and 16 bytes of ECC per 128-byte block. (The kernel's module defaults,
 * which a command line with ramoops.mem_size gets, are 4 KiB for every
 * zone and no ECC.) A realistic board: several dumps, a console that holds
 * a boot log, ECC on.
 */
export const PSTORE_TS_DEFAULT_BOARD =
  'ramoops.mem_size=0x100000 ramoops.record_size=0x4000 ramoops.console_size=0x20000 ' +
  'ramoops.pmsg_size=0x10000 ramoops.ftrace_size=0x1000 ramoops.ecc=16';

/** mem_size of {@link PSTORE_TS_DEFAULT_BOARD}. */
export const PSTORE_TS_DEFAULT_MEM_SIZE = 0x100000;

/** Which rule gave the configuration. */
export type RamoopsConfigBasis = 'default-board' | 'kernel-cmdline';

/** A configuration with how it was arrived at. */
export interface RamoopsBoardConfig {
  readonly config: RamoopsConfig;
  readonly basis: RamoopsConfigBasis;
  /** One line for the user when the default board filled anything in; null otherwise. */
  readonly note: string | null;
}

/** Where the region's size comes from when the words do not give it (rule d). */
export interface RamoopsRegionSize {
  readonly memSize: number;
  /** For the note, e.g. "the image after --offset". */
  readonly from: string;
}

/** The ramoops.* / pstore.* parameter names the words set, normalized. */
function paramsOf(cmdline: string): Set<string> {
  return new Set(
    splitKernelCmdline(cmdline)
      .map((a) => normalizeParamName(a.param))
      .filter((p) => p.startsWith('ramoops.') || p.startsWith('pstore.'))
  );
}

/**
 * True when the words give the region themselves (ramoops.mem_size or
 * ramoops.mem_name), so they are a whole kernel command line (rule c) and
 * a region size from elsewhere is not needed.
 */
export function cmdlineSetsRegion(cmdline: string): boolean {
  const given = paramsOf(cmdline);
  return given.has('ramoops.mem_size') || given.has('ramoops.mem_name');
}

/**
 * The configuration the words give under the rules above.
 *
 * @example
 * ```ts
 * ramoopsBoardConfig('', era).config.recordSize;                        // 0x4000 (default board)
 * ramoopsBoardConfig('ramoops.ecc=0', era).config.ecc.eccSize;          // 0, rest from the board
 * ramoopsBoardConfig('ramoops.mem_size=0x100000', era).config.recordSize; // 4096 (kernel default)
 * ```
 * @throws RamCoreError for words the kernel would refuse (see ramoopsFromCmdline()).
 */
export function ramoopsBoardConfig(
  cmdline: string,
  era: RamoopsEra,
  region?: RamoopsRegionSize
): RamoopsBoardConfig {
  const given = paramsOf(cmdline);
  if (cmdlineSetsRegion(cmdline)) {
    return { config: ramoopsFromCmdline(cmdline, era), basis: 'kernel-cmdline', note: null };
  }
  // Later words win (kernel/params.c), so the user's words replace the board's.
  const board =
    region === undefined
      ? PSTORE_TS_DEFAULT_BOARD
      : PSTORE_TS_DEFAULT_BOARD.replace(
          /ramoops\.mem_size=\S+/,
          `ramoops.mem_size=${region.memSize}`
        );
  const config = ramoopsFromCmdline(`${board} ${cmdline}`, era);
  const shown = region === undefined ? board : board.replace(/ramoops\.mem_size=\S+ /, '');
  const filled = given.size
    ? `the parameters not given come from pstore-ts's default board (${shown})`
    : `${region === undefined ? '' : 'the other parameters are '}pstore-ts's default board (${shown})`;
  const head =
    region === undefined
      ? given.size
        ? 'ramoops.mem_size not given: '
        : 'no configuration given: '
      : `ramoops.mem_size not given: the region is ${region.from} (${hex(region.memSize)} bytes); `;
  return {
    config,
    basis: 'default-board',
    note:
      `${head}${filled}, not a kernel default ` +
      '(with ramoops.mem_size, the words are a whole kernel command line and the rest takes the module defaults)'
  };
}
