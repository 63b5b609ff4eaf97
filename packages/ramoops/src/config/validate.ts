/**
 * The checks and adjustments ramoops_probe() makes to a configuration before
 * carving zones: the region and at least one zone size must be non-zero, and
 * the four zone sizes are rounded down to powers of two (mem_size is not).
 * Kernel counterpart: fs/pstore/ram.c ramoops_probe() (up to the zone setup).
 */
import { RamCoreError } from '@pstore/ram-core';
import { hex, isPowerOfTwo, roundDownPowerOfTwo } from './sizes.ts';
import type { RamoopsPlatformData } from './types.ts';

/** The four zone sizes after the probe's rounding. */
export interface RamoopsZoneSizes {
  readonly recordSize: number;
  readonly consoleSize: number;
  readonly ftraceSize: number;
  readonly pmsgSize: number;
}

/** Result of {@link ramoopsProbeSizes}. */
export interface RamoopsProbedSizes {
  readonly sizes: RamoopsZoneSizes;
  /** One line per size that changed, e.g. "ramoops: record_size 0x5000 rounded down to 0x4000". */
  readonly notes: readonly string[];
}

const SIZE_FIELDS = [
  ['recordSize', 'record_size'],
  ['consoleSize', 'console_size'],
  ['ftraceSize', 'ftrace_size'],
  ['pmsgSize', 'pmsg_size']
] as const;

function checkCount(value: number, name: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RamCoreError('EINVAL', `ramoops: ${name} ${value} is not a size in bytes`);
  }
}

/**
 * Validates the region like ramoops_probe() and rounds the zone sizes.
 * @throws RamCoreError EINVAL when mem_size is 0, when all four sizes are 0,
 * or when a size is not a non-negative integer.
 */
export function ramoopsProbeSizes(pdata: RamoopsPlatformData): RamoopsProbedSizes {
  checkCount(pdata.memSize, 'mem_size');
  for (const [field, name] of SIZE_FIELDS) checkCount(pdata[field], name);
  if (
    pdata.memSize === 0 ||
    (!pdata.recordSize && !pdata.consoleSize && !pdata.ftraceSize && !pdata.pmsgSize)
  ) {
    throw new RamCoreError(
      'EINVAL',
      'ramoops: the memory size and at least one of record/console/ftrace/pmsg size must be ' +
        `non-zero (mem_size ${hex(pdata.memSize)}, record_size ${hex(pdata.recordSize)}, ` +
        `console_size ${hex(pdata.consoleSize)}, ftrace_size ${hex(pdata.ftraceSize)}, ` +
        `pmsg_size ${hex(pdata.pmsgSize)})`
    );
  }
  const notes: string[] = [];
  const rounded = (field: (typeof SIZE_FIELDS)[number][0], name: string): number => {
    const size = pdata[field];
    if (size === 0 || isPowerOfTwo(size)) return size;
    const down = roundDownPowerOfTwo(size);
    notes.push(`ramoops: ${name} ${hex(size)} rounded down to ${hex(down)}`);
    return down;
  };
  const sizes: RamoopsZoneSizes = {
    recordSize: rounded('recordSize', 'record_size'),
    consoleSize: rounded('consoleSize', 'console_size'),
    ftraceSize: rounded('ftraceSize', 'ftrace_size'),
    pmsgSize: rounded('pmsgSize', 'pmsg_size')
  };
  return { sizes, notes };
}
