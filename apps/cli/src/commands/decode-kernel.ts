/**
 * The kernel `pstore decode` decodes as: --kernel, made exact or questioned
 * by the image's ftrace zone headers, which hold LINUX_VERSION_CODE. Only the
 * offsets where some kernel era lays out an ftrace zone are read, so the
 * cost does not grow with the region.
 * Kernel counterpart: fs/pstore/ram.c ramoops_init_przs() (the ftrace
 * zones' signature).
 */
import {
  chooseKernel,
  ftraceSignaturesAt,
  kernelFromFtraceSignatures,
  type KernelChoice
} from '@pstore/probe';
import { DEFAULT_KERNEL, parseKernelVersion } from '@pstore/ram-core';
import { ramoopsLayout } from '@pstore/ramoops';
import { optionValue, type ParsedArgs } from '../args.ts';
import { machineConfig, type MachineConfig } from '../config-options.ts';

/**
 * One kernel of each layout variant (ramoopsEra): dump zones of exactly
 * record_size (4.9) or split evenly (4.10+); split sizes rounded to even
 * (CVE-2023-52619 fix) or not; ftrace before pmsg or after it (6.2+).
 */
const LAYOUT_VARIANTS = ['4.9', '4.10.0', '6.1', '6.2.0', '6.12'];

/** Where the layouts of this configuration put ftrace zones, across the variants. */
function ftraceOffsets(args: ParsedArgs, memSize: number, given: string | undefined): number[] {
  const offsets: number[] = [];
  for (const kernel of given ? [given, ...LAYOUT_VARIANTS] : LAYOUT_VARIANTS) {
    try {
      const m = machineConfig(args, memSize, kernel);
      const layout = ramoopsLayout(m.config, m.era, { nrCpus: m.nrCpus });
      for (const z of layout.ftrace) offsets.push(z.offset);
    } catch {
      // A configuration this era refuses has no ftrace zone to look at.
    }
  }
  return offsets;
}

/** The kernel to decode `region` as, and the machine configuration for it. */
export function decodeKernel(
  args: ParsedArgs,
  machine: MachineConfig,
  region: Uint8Array
): { readonly machine: MachineConfig; readonly choice: KernelChoice } {
  const given = optionValue(args, 'kernel');
  const headers = ftraceSignaturesAt(
    region,
    ftraceOffsets(args, region.length, given),
    machine.endian
  );
  const choice = chooseKernel(
    given === undefined ? null : parseKernelVersion(given),
    kernelFromFtraceSignatures(headers),
    DEFAULT_KERNEL
  );
  if (choice.version === null) return { machine, choice };
  return { machine: machineConfig(args, region.length, choice.version), choice };
}
