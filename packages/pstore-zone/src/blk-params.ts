/**
 * The pstore_blk.* module parameters, turned into the sizes pstore/zone lays
 * out: every size is given in KiB, ≤ 0 switches the frontend off, and a size
 * that is not a multiple of 4 KiB is "aligned" the way blk.c does it, which
 * rounds the KiB number (not the byte count) up to 4096: kmsg_size=6 gives
 * 4096 bytes, kmsg_size=4097 gives 8192 (FORMAT.md §1.2).
 * Kernel counterpart: fs/pstore/blk.c module_param()s, verify_size(),
 * __register_pstore_blk() (CONFIG_PSTORE_BLK_* defaults of Debian's builds).
 */
import { PstoreError } from '@pstore/pstore-fs/backend';

/** KMSG_DUMP_OOPS: what CONFIG_PSTORE_BLK_MAX_REASON defaults to. */
const DEFAULT_MAX_REASON = 2;

/** CONFIG_PSTORE_BLK_KMSG_SIZE's default, in KiB (and the *_SIZE of built frontends). */
export const DEFAULT_ZONE_KIB = 64;

/** What pstore/blk was configured with, sizes in bytes as pstore/zone uses them. */
export interface BlkConfig {
  /** pstore_blk.blkdev (informational: the image is the device). */
  readonly blkdev: string;
  /** One dmesg zone, bytes (0: no dmesg). */
  readonly kmsgSize: number;
  readonly pmsgSize: number;
  readonly consoleSize: number;
  /** All ftrace zones together (one per CPU), bytes. */
  readonly ftraceSize: number;
  readonly maxReason: number;
  readonly bestEffort: boolean;
  /** What blk.c logged while taking the words ("… must align to 4096"). */
  readonly warnings: readonly string[];
}

/**
 * Which frontends the kernel was built with: a *_size parameter of a frontend
 * the build lacks does not exist (its Kconfig default is −1, i.e. off).
 */
export interface BlkBuild {
  readonly pmsg: boolean;
  readonly console: boolean;
  readonly ftrace: boolean;
}

/** Debian's 6.1 and 6.12 builds: dmesg only (no PSTORE_CONSOLE, PMSG or FTRACE). */
export const DMESG_ONLY_BUILD: BlkBuild = { pmsg: false, console: false, ftrace: false };

const SIZE_WORDS = ['kmsg_size', 'pmsg_size', 'console_size', 'ftrace_size'] as const;
const WORDS = new Set<string>([...SIZE_WORDS, 'blkdev', 'max_reason', 'best_effort']);

function integer(name: string, value: string): number {
  if (!/^-?(?:0x[0-9a-f]+|\d+)$/i.test(value)) {
    throw new PstoreError('EINVAL', `pstore_blk.${name}=${value} is not an integer`);
  }
  const n = value.startsWith('-') ? -Number(value.slice(1)) : Number(value);
  if (!Number.isSafeInteger(n)) {
    throw new PstoreError('EINVAL', `pstore_blk.${name}=${value} is out of range`);
  }
  return n;
}

/** verify_size(): KiB → bytes, with blk.c's alignment of the KiB number. */
function sizeBytes(name: string, kib: number, warnings: string[]): number {
  if (kib <= 0) return 0;
  const bytes = kib * 1024;
  if (bytes % 4096 === 0) return bytes;
  const aligned = Math.ceil(kib / 4096) * 4096;
  warnings.push(
    `${name} must align to 4096: pstore_blk.${name}=${kib} (KiB) becomes ${aligned} bytes ` +
      '(blk.c rounds the KiB number itself up to 4096)'
  );
  return aligned;
}

function bool(name: string, value: string): boolean {
  if (/^(y|Y|1|on|true)$/.test(value)) return true;
  if (/^(n|N|0|off|false)$/.test(value)) return false;
  throw new PstoreError('EINVAL', `pstore_blk.${name}=${value} is not a boolean (y or n)`);
}

/**
 * Reads `pstore_blk.*` words (a kernel command line; other words are ignored, a
 * pstore_blk word the module does not have is refused).
 */
export function blkConfigFromCmdline(words: string, build: BlkBuild = DMESG_ONLY_BUILD): BlkConfig {
  const given = new Map<string, string>();
  for (const w of words.trim().split(/\s+/)) {
    if (!w.startsWith('pstore_blk.')) continue;
    const eq = w.indexOf('=');
    const name = w.slice('pstore_blk.'.length, eq < 0 ? undefined : eq);
    if (!WORDS.has(name)) {
      throw new PstoreError(
        'EINVAL',
        `pstore_blk.${name} is not a parameter of pstore_blk (it has ${[...WORDS].join(', ')})`
      );
    }
    given.set(name, eq < 0 ? 'y' : w.slice(eq + 1));
  }
  const warnings: string[] = [];
  const size = (name: (typeof SIZE_WORDS)[number], built: boolean): number => {
    const v = given.get(name);
    if (v !== undefined && !built) {
      throw new PstoreError(
        'EINVAL',
        `pstore_blk.${name}=${v}: this kernel was built without the ${name.replace('_size', '')} ` +
          'frontend, so pstore_blk has no such parameter (say which frontends it has)'
      );
    }
    const kib = v === undefined ? (built ? DEFAULT_ZONE_KIB : -1) : integer(name, v);
    return sizeBytes(name, kib, warnings);
  };
  const config: BlkConfig = {
    blkdev: given.get('blkdev') ?? '',
    kmsgSize: size('kmsg_size', true),
    pmsgSize: size('pmsg_size', build.pmsg),
    consoleSize: size('console_size', build.console),
    ftraceSize: size('ftrace_size', build.ftrace),
    maxReason:
      given.get('max_reason') === undefined
        ? DEFAULT_MAX_REASON
        : integer('max_reason', given.get('max_reason')!),
    bestEffort: given.has('best_effort') ? bool('best_effort', given.get('best_effort')!) : false,
    warnings
  };
  return config;
}
