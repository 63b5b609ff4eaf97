/**
 * The ramoops configuration and kernel a decode uses, from the form's words,
 * exactly as `pstore decode --params WORDS --kernel V --cpus N` builds them
 * (apps/cli/src/config-options.ts and commands/decode-kernel.ts, without the
 * file and flag sources a page has no use for): without ramoops.mem_size the
 * region is the image after the offset and the other parameters come from
 * pstore-ts's default board; with it, the words are a whole kernel command line.
 * The kernel: the one typed, made exact or questioned by the image's ftrace
 * zone headers (which hold LINUX_VERSION_CODE), else the default.
 * Kernel counterpart: the boot command line; fs/pstore/ram.c ramoops_probe().
 */
import { chooseCompression } from '@pstore/pstore-fs';
import { chooseKernel, ftraceSignaturesAt, kernelFromFtraceSignatures } from '@pstore/probe';
import { DEFAULT_KERNEL, parseKernelVersion, type KernelVersion } from '@pstore/ram-core';
import {
  cmdlineSetsRegion,
  ramoopsBoardConfig,
  ramoopsEra,
  ramoopsLayout,
  type RamoopsConfig,
  type RamoopsEra
} from '@pstore/ramoops';

/** The machine a region is decoded as. */
export interface Machine {
  readonly version: KernelVersion;
  readonly era: RamoopsEra;
  readonly config: RamoopsConfig;
  readonly nrCpus: number;
}

/**
 * Builds the configuration for one kernel.
 * @param regionBytes the bytes after the offset: the region when the words set no mem_size
 * @throws the packages' errors for what the kernel would refuse (bad words, a layout its
 *   probe fails on, a compressor it never knew)
 */
export function ramoopsMachine(
  words: string,
  kernel: string,
  nrCpus: number,
  regionBytes: number
): Machine {
  const version = parseKernelVersion(kernel || DEFAULT_KERNEL);
  const era = ramoopsEra(version);
  if (!Number.isInteger(nrCpus) || nrCpus < 1 || nrCpus > 8192) {
    throw new Error(`${nrCpus} is not a CPU count (1..8192)`);
  }
  const board = ramoopsBoardConfig(
    words,
    era,
    cmdlineSetsRegion(words)
      ? undefined
      : { memSize: regionBytes, from: 'the image after the offset' }
  );
  let config = board.config;
  const notes = [...era.notes, ...(board.note ? [board.note] : [])];
  chooseCompression(version, config.pstore.compress);
  ramoopsLayout(config, era, { nrCpus });
  if (notes.length) config = { ...config, warnings: [...notes, ...config.warnings] };
  return { version, era, config, nrCpus };
}

/**
 * One kernel of each layout variant (dump zones of exactly record_size in 4.9 or split
 * evenly; split sizes rounded to even or not; ftrace before pmsg or after it from 6.2):
 * where any of them puts an ftrace zone, its header may name the kernel.
 */
const LAYOUT_VARIANTS = ['4.9', '4.10.0', '6.1', '6.2.0', '6.12'];

function ftraceOffsets(words: string, given: string, cpus: number, bytes: number): number[] {
  const offsets: number[] = [];
  for (const kernel of given ? [given, ...LAYOUT_VARIANTS] : LAYOUT_VARIANTS) {
    try {
      const m = ramoopsMachine(words, kernel, cpus, bytes);
      for (const z of ramoopsLayout(m.config, m.era, { nrCpus: cpus }).ftrace) {
        offsets.push(z.offset);
      }
    } catch {
      // A configuration this era refuses has no ftrace zone to look at.
    }
  }
  return offsets;
}

/** The machine to decode `region` as, with where its kernel version came from. */
export function decodeMachine(
  words: string,
  given: string,
  cpus: number,
  region: Uint8Array
): { machine: Machine; from: 'option' | 'image' | 'default'; note: string | null } {
  const first = ramoopsMachine(words, given, cpus, region.length);
  const headers = ftraceSignaturesAt(region, ftraceOffsets(words, given, cpus, region.length));
  const choice = chooseKernel(
    given ? parseKernelVersion(given) : null,
    kernelFromFtraceSignatures(headers),
    DEFAULT_KERNEL
  );
  const machine =
    choice.version === null ? first : ramoopsMachine(words, choice.version, cpus, region.length);
  return { machine, from: choice.source, note: choice.note };
}
