/**
 * ramoops configuration from module parameters written as a kernel command
 * line (ramoops.mem_size=0x100000 ramoops.ecc=16 … pstore.compress=none),
 * the form users copy from /proc/cmdline.
 * Kernel counterpart: fs/pstore/ram.c module_param()s and
 * ramoops_register_dummy(); fs/pstore/platform.c and ftrace.c pstore.*
 * parameters; mm/memblock.c reserve_mem= (for ramoops.mem_name).
 *
 * Decisions: an unknown ramoops.* or pstore.* word is an error (the kernel
 * only warns, but it is almost always a typo that changes the layout). A
 * known parameter that the chosen kernel does not have yet (max_reason before
 * 5.8, mem_name before 6.11, pstore.kmsg_bytes before 6.2) is ignored with a
 * warning, as that kernel ignores it. Values use the kernel's kstrto*()
 * syntax (decimal, 0x hex, leading-0 octal). Size suffixes such as 1M are
 * not kernel syntax for these parameters; on the size parameters they are
 * taken with a warning saying so, anything else is an error.
 */
import { RamCoreError } from '@pstore/ram-core';
import type { RamoopsEra } from '../era.ts';
import { normalizeParamName, splitKernelCmdline, type CmdlineArg } from './cmdline.ts';
import {
  hex,
  memparse,
  parseKernelInt,
  parseKernelUnsigned,
  sizeToNumber,
  ULONG_MAX
} from './sizes.ts';
import {
  KMSG_DUMP_OOPS,
  KMSG_DUMP_PANIC,
  RAMOOPS_DEFAULT_ZONE_SIZE,
  RAMOOPS_FLAG_FTRACE_PER_CPU,
  type PstoreParams,
  type RamoopsConfig
} from './types.ts';

type Kind = 'ulong' | 'uint' | 'int' | 'charp' | 'bool';

const RAMOOPS_PARAMS: Readonly<Record<string, Kind>> = {
  mem_address: 'ulong',
  mem_size: 'ulong',
  mem_type: 'uint',
  mem_name: 'charp',
  record_size: 'ulong',
  console_size: 'ulong',
  ftrace_size: 'ulong',
  pmsg_size: 'ulong',
  dump_oops: 'int',
  max_reason: 'int',
  ecc: 'int'
};

const PSTORE_PARAMS: Readonly<Record<string, Kind>> = {
  backend: 'charp',
  compress: 'charp',
  update_ms: 'int',
  kmsg_bytes: 'ulong',
  record_ftrace: 'bool'
};

type Value = bigint | number | string | boolean;

/** Size parameters where a K/M/G suffix is taken (with a warning) although kstrtoul() refuses it. */
const SIZE_PARAMS = new Set([
  'ramoops.mem_size',
  'ramoops.record_size',
  'ramoops.console_size',
  'ramoops.ftrace_size',
  'ramoops.pmsg_size'
]);

function parseValue(arg: CmdlineArg, kind: Kind, warnings: string[]): Value {
  const what = arg.param;
  if (arg.value === null) {
    if (kind === 'bool') return true;
    throw new RamCoreError('EINVAL', `${what} needs a value (${what}=…)`);
  }
  switch (kind) {
    case 'ulong': {
      let v: bigint;
      try {
        v = parseKernelUnsigned(arg.value, what);
      } catch (e) {
        // Users write sizes as 1M or 16K, as the docs do; the kernel's parser
        // refuses them (and then ignores the parameter). Take the size the user
        // meant, and say what the kernel would do.
        if (!SIZE_PARAMS.has(normalizeParamName(what)) || !/^\d+[kmg]$/i.test(arg.value)) throw e;
        v = memparse(arg.value, what);
        warnings.push(
          `${arg.raw}: a real kernel rejects size suffixes here (kstrtoul) and ignores the parameter; taken as ${hex(v)}`
        );
      }
      // kstrtoul() fails with ERANGE above ULONG_MAX, and the kernel then
      // ignores the parameter; a user who wrote it meant something else.
      if (v > ULONG_MAX) {
        throw new RamCoreError(
          'ERANGE',
          `${what}=${arg.value} does not fit an unsigned long (ULONG_MAX ${hex(ULONG_MAX)}): ` +
            'kstrtoul() fails with ERANGE and the kernel ignores the parameter'
        );
      }
      return v;
    }
    case 'uint': {
      const v = parseKernelUnsigned(arg.value, what);
      if (v > 0xffffffffn) {
        throw new RamCoreError('ERANGE', `${what}=${arg.value} does not fit in 32 bits`);
      }
      return Number(v);
    }
    case 'int':
      return parseKernelInt(arg.value, what);
    case 'charp':
      return arg.value;
    case 'bool': {
      const v = arg.value.toLowerCase();
      if (['1', 'y', 'yes', 'on', 'true'].includes(v)) return true;
      if (['0', 'n', 'no', 'off', 'false'].includes(v)) return false;
      throw new RamCoreError(
        'EINVAL',
        `${what}="${arg.value}" is not a boolean (y/n, 1/0, on/off)`
      );
    }
  }
}

/** The size of the reserve_mem=size:align:name region called `name`, if the command line has one. */
function reserveMemSize(args: readonly CmdlineArg[], name: string): bigint | null {
  let found: bigint | null = null;
  for (const arg of args) {
    if (normalizeParamName(arg.param) !== 'reserve_mem' || arg.value === null) continue;
    const [size, align, label] = arg.value.split(':');
    if (label === name && size !== undefined && align !== undefined) {
      found = memparse(size, `reserve_mem=${arg.value}`);
    }
  }
  return found;
}

/** The parameters that were given, by normalized name; later words win, as in the kernel. */
function collect(
  args: readonly CmdlineArg[],
  prefix: string,
  table: Readonly<Record<string, Kind>>,
  warnings: string[]
): Map<string, Value> {
  const out = new Map<string, Value>();
  for (const arg of args) {
    const dot = arg.param.indexOf('.');
    if (dot < 0 || normalizeParamName(arg.param.slice(0, dot)) !== prefix) continue;
    const name = normalizeParamName(arg.param.slice(dot + 1));
    const kind = table[name];
    if (kind === undefined) {
      throw new RamCoreError(
        'EINVAL',
        `unknown parameter "${arg.raw}": ${prefix} has no parameter "${name}" ` +
          `(known: ${Object.keys(table).join(', ')})`
      );
    }
    out.set(name, parseValue(arg, kind, warnings));
  }
  return out;
}

/**
 * Reads the ramoops.* and pstore.* words of a kernel command line; every
 * other word is ignored. The result is what ramoops_register_dummy() hands
 * to the probe: sizes as given (not yet rounded), flags forced to
 * RAMOOPS_FLAG_FTRACE_PER_CPU (4.10+), ecc=1 meaning 16, max_reason resolved
 * from max_reason/dump_oops.
 *
 * @example
 * ```ts
 * ramoopsFromCmdline('console=ttyS0 ramoops.mem_size=0x100000 ramoops.ecc=1', era);
 * // { memSize: 0x100000, recordSize: 4096, …, ecc: { eccSize: 16, … }, flags: 1, maxReason: 2 }
 * ```
 * @throws RamCoreError EINVAL for an unknown ramoops.* or pstore.* word, a
 * value that is not a number, or a missing ramoops.mem_size (the kernel
 * ignores all ramoops.* parameters then).
 */
export function ramoopsFromCmdline(cmdline: string, era: RamoopsEra): RamoopsConfig {
  const args = splitKernelCmdline(cmdline);
  const warnings: string[] = [];
  const p = collect(args, 'ramoops', RAMOOPS_PARAMS, warnings);
  const ps = collect(args, 'pstore', PSTORE_PARAMS, warnings);
  const ignoredBy = (param: string, since: string): void => {
    warnings.push(`${param} does not exist before Linux ${since}; kernel ${era.label} ignores it`);
  };

  const num = (name: string): bigint | undefined => p.get(name) as bigint | undefined;
  const int = (name: string): number | undefined => p.get(name) as number | undefined;
  const size = (name: string): number => {
    const v = num(name);
    return v === undefined ? RAMOOPS_DEFAULT_ZONE_SIZE : sizeToNumber(v, `ramoops.${name}`);
  };

  let memSize = num('mem_size') ?? 0n;
  let memAddress: bigint | null = num('mem_address') ?? 0n;
  const memName = p.get('mem_name') as string | undefined;
  if (memName !== undefined && !era.memName) ignoredBy('ramoops.mem_name', '6.11');
  else if (memName !== undefined) {
    const reserved = reserveMemSize(args, memName);
    if (reserved !== null) {
      if (num('mem_size') !== undefined && reserved !== memSize) {
        warnings.push(
          `ramoops.mem_size ${hex(memSize)} is replaced by the ${hex(reserved)} bytes of reserve_mem region "${memName}"`
        );
      }
      // The region is placed at boot: its address cannot be known from the command line.
      memSize = reserved;
      memAddress = null;
    } else if (num('mem_size') === undefined) {
      throw new RamCoreError(
        'EINVAL',
        `ramoops.mem_name=${memName} names no reserve_mem=<size>:<align>:${memName} region on this command line, so the region size is unknown`
      );
    } else {
      warnings.push(
        `ramoops.mem_name=${memName}: no reserve_mem region of that name here; using ramoops.mem_size`
      );
    }
  }
  if (memSize === 0n) {
    throw new RamCoreError(
      'EINVAL',
      'ramoops.mem_size is missing or 0: the kernel ignores the ramoops.* parameters without it'
    );
  }

  const memType = int('mem_type') ?? 0;
  if (memType > 2) {
    throw new RamCoreError(
      'EINVAL',
      `ramoops.mem_type=${memType} is invalid (0 write-combine, 1 uncached, 2 cached)`
    );
  }
  if (memType === 2 && !era.memTypeCached) {
    warnings.push(
      `ramoops.mem_type=2 (cached) is not known to kernel ${era.label}; it maps the region uncached`
    );
  }

  let maxReason = KMSG_DUMP_OOPS;
  const maxReasonParam = int('max_reason');
  const dumpOops = int('dump_oops');
  if (maxReasonParam !== undefined && !era.maxReason) ignoredBy('ramoops.max_reason', '5.8');
  if (era.maxReason && maxReasonParam !== undefined && maxReasonParam >= 0) {
    maxReason = maxReasonParam;
    if (dumpOops !== undefined && dumpOops !== -1) {
      warnings.push('ramoops.dump_oops is ignored because ramoops.max_reason is set');
    }
  } else if (dumpOops !== undefined && dumpOops !== -1) {
    maxReason = dumpOops ? KMSG_DUMP_OOPS : KMSG_DUMP_PANIC;
  }

  const ecc = int('ecc') ?? 0;
  if (ecc < 0) {
    throw new RamCoreError('EINVAL', `ramoops.ecc=${ecc}: the ECC size cannot be negative`);
  }

  const pstore: {
    -readonly [K in keyof PstoreParams]: PstoreParams[K];
  } = {};
  if (ps.has('backend')) pstore.backend = ps.get('backend') as string;
  if (ps.has('compress')) pstore.compress = ps.get('compress') as string;
  if (ps.has('update_ms')) pstore.updateMs = ps.get('update_ms') as number;
  if (ps.has('record_ftrace')) pstore.recordFtrace = ps.get('record_ftrace') as boolean;
  if (ps.has('kmsg_bytes')) {
    if (era.kmsgBytesParam) {
      pstore.kmsgBytes = sizeToNumber(ps.get('kmsg_bytes') as bigint, 'pstore.kmsg_bytes');
    } else ignoredBy('pstore.kmsg_bytes', '6.2');
  }

  return {
    source: 'module-params',
    memSize: sizeToNumber(memSize, 'ramoops.mem_size'),
    memAddress,
    memType,
    recordSize: size('record_size'),
    consoleSize: size('console_size'),
    ftraceSize: size('ftrace_size'),
    pmsgSize: size('pmsg_size'),
    maxReason,
    // The module-parameter path always asks for per-CPU ftrace zones.
    flags: era.ftracePerCpu ? RAMOOPS_FLAG_FTRACE_PER_CPU : 0,
    // Kept for compatibility: ecc=1 used to mean "on", which is 16 parity bytes.
    ecc: { eccSize: ecc === 1 ? 16 : ecc, blockSize: 0, symsize: 0, poly: 0 },
    pstore,
    warnings
  };
}
