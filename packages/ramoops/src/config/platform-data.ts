/**
 * ramoops configuration from a typed object, the way board code passes
 * struct ramoops_platform_data. Missing fields take the module-parameter
 * defaults (4096-byte zones, per-CPU ftrace on 4.10+, max_reason OOPS, no ECC).
 * Kernel counterpart: include/linux/pstore_ram.h struct ramoops_platform_data
 * as consumed by fs/pstore/ram.c ramoops_probe().
 */
import { RamCoreError } from '@pstore/ram-core';
import type { RamoopsEra } from '../era.ts';
import { hex, memparse, sizeToNumber } from './sizes.ts';
import {
  KMSG_DUMP_OOPS,
  RAMOOPS_DEFAULT_ZONE_SIZE,
  RAMOOPS_FLAG_FTRACE_PER_CPU,
  type PstoreParams,
  type RamoopsConfig,
  type RamoopsEccInfo
} from './types.ts';

/** A size: a byte count, or text such as "16384", "0x4000", "16K", "1M". */
export type RamoopsSizeInput = number | bigint | string;

/** The fields a caller may give; only memSize is required. */
export interface RamoopsPlatformDataInput {
  readonly memSize: RamoopsSizeInput;
  readonly memAddress?: number | bigint | string | null;
  readonly memType?: number;
  readonly recordSize?: RamoopsSizeInput;
  readonly consoleSize?: RamoopsSizeInput;
  readonly ftraceSize?: RamoopsSizeInput;
  readonly pmsgSize?: RamoopsSizeInput;
  readonly maxReason?: number;
  readonly flags?: number;
  /** Parity bytes per block as a number (taken literally: 1 means 1), or the full ECC info. */
  readonly ecc?: number | Partial<RamoopsEccInfo>;
  readonly pstore?: PstoreParams;
}

function toSize(value: RamoopsSizeInput | undefined, what: string, dflt: number): number {
  if (value === undefined) return dflt;
  if (typeof value === 'string') return sizeToNumber(memparse(value, what), what);
  if (typeof value === 'bigint') {
    if (value < 0n) throw new RamCoreError('EINVAL', `${what} ${value} is negative`);
    return sizeToNumber(value, what);
  }
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RamCoreError('EINVAL', `${what} ${value} is not a size in bytes`);
  }
  return value;
}

function toSmallInt(value: number | undefined, what: string, dflt: number, max: number): number {
  if (value === undefined) return dflt;
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new RamCoreError('EINVAL', `${what} ${value} is not an integer in 0..${max}`);
  }
  return value;
}

function toAddress(value: RamoopsPlatformDataInput['memAddress']): bigint | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return memparse(value, 'memAddress');
  if (typeof value === 'number' && (!Number.isSafeInteger(value) || value < 0)) {
    throw new RamCoreError('EINVAL', `memAddress ${value} is not a physical address`);
  }
  return BigInt(value);
}

function toEcc(ecc: RamoopsPlatformDataInput['ecc']): RamoopsEccInfo {
  const e = typeof ecc === 'number' ? { eccSize: ecc } : (ecc ?? {});
  return {
    eccSize: toSmallInt(e.eccSize, 'ecc.eccSize', 0, 0x7fffffff),
    blockSize: toSmallInt(e.blockSize, 'ecc.blockSize', 0, 0x7fffffff),
    symsize: toSmallInt(e.symsize, 'ecc.symsize', 0, 32),
    poly: toSmallInt(e.poly, 'ecc.poly', 0, 0x7fffffff)
  };
}

/**
 * Completes and checks a typed configuration for the given kernel.
 *
 * @example
 * ```ts
 * ramoopsFromPlatformData({ memSize: '1M', recordSize: 0x4000, ecc: 16 }, era);
 * ```
 * @throws RamCoreError EINVAL for a size that is negative, fractional or not
 * a size text, or a memType/maxReason/flags out of range.
 */
export function ramoopsFromPlatformData(
  input: RamoopsPlatformDataInput,
  era: RamoopsEra
): RamoopsConfig {
  const warnings: string[] = [];
  let flags = toSmallInt(
    input.flags,
    'flags',
    era.ftracePerCpu ? RAMOOPS_FLAG_FTRACE_PER_CPU : 0,
    0xffffffff
  );
  if (flags & RAMOOPS_FLAG_FTRACE_PER_CPU && !era.ftracePerCpu) {
    warnings.push(
      `flags ${hex(flags)}: kernel ${era.label} has no per-CPU ftrace zones; one ftrace zone is used`
    );
    flags &= ~RAMOOPS_FLAG_FTRACE_PER_CPU;
  }
  const memType = toSmallInt(input.memType, 'memType', 0, 2);
  if (memType === 2 && !era.memTypeCached) {
    warnings.push(
      `memType 2 (cached) is not known to kernel ${era.label}; it maps the region uncached`
    );
  }
  return {
    source: 'platform-data',
    memSize: toSize(input.memSize, 'memSize', 0),
    memAddress: toAddress(input.memAddress),
    memType,
    recordSize: toSize(input.recordSize, 'recordSize', RAMOOPS_DEFAULT_ZONE_SIZE),
    consoleSize: toSize(input.consoleSize, 'consoleSize', RAMOOPS_DEFAULT_ZONE_SIZE),
    ftraceSize: toSize(input.ftraceSize, 'ftraceSize', RAMOOPS_DEFAULT_ZONE_SIZE),
    pmsgSize: toSize(input.pmsgSize, 'pmsgSize', RAMOOPS_DEFAULT_ZONE_SIZE),
    maxReason: toSmallInt(input.maxReason, 'maxReason', KMSG_DUMP_OOPS, 0x7fffffff),
    flags,
    ecc: toEcc(input.ecc),
    pstore: { ...input.pstore },
    warnings
  };
}
