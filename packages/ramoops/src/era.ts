/**
 * Which ramoops behaviour a given Linux version has: one table that every
 * other ramoops module consults instead of comparing version numbers itself.
 * Kernel counterpart: the history of fs/pstore/ram.c and ram_core.c (probe,
 * ramoops_init_przs(), ramoops_pstore_write(), ramoops_read_kmsg_hdr(),
 * persistent_ram_post_init()).
 *
 * Confidence of each boundary: [C] read in the kernel sources or a stable
 * review mail, [H] several consistent sources, [M] inferred, the exact release
 * may be off by one or two.
 *
 * Stable kernels: several fixes were backported. A version given with a
 * sublevel ("6.1.76") is judged exactly. A version given as "x.y" (no
 * sublevel) is taken to be the newest stable release of that branch, i.e.
 * every backported fix is in; ask for "x.y.0" to get the release as tagged.
 */
import { compareKernel, formatKernelVersion, type KernelVersion } from '@pstore/ram-core';

/** A zone kind that follows the dmesg zones. */
export type RamoopsSingleZone = 'console' | 'pmsg' | 'ftrace';

/** Everything in ramoops that changed with the kernel version. */
export interface RamoopsEra {
  readonly version: KernelVersion;
  /** "6.1.192", or "6.1 (newest 6.1.y assumed)". */
  readonly label: string;
  /**
   * Size of each dmesg zone. 'record_size': exactly record_size, count =
   * dump area / record_size (4.9). 'split': the dump area divided evenly by
   * that count, so zones may be larger than record_size. [M] 4.10: the
   * generic ramoops_init_przs() (commit de83209249d6) divides the area;
   * 4.14 trees already size dmesg zones that way.
   */
  readonly dmesgZoneSizing: 'record_size' | 'split';
  /**
   * Split zone sizes are rounded down to an even number (ALIGN_DOWN 2).
   * [C] CVE-2023-52619 fix d49270a04623: mainline 6.8; stable 4.19.307,
   * 5.4.269, 5.10.210, 5.15.149, 6.1.77, 6.6.16, 6.7.4. Seen on 6.1.192.
   */
  readonly evenZoneSize: boolean;
  /** Zones after the dmesg zones, in address order. [C] pmsg moved before ftrace in 6.2. */
  readonly zoneOrder: readonly RamoopsSingleZone[];
  /** RAMOOPS_FLAG_FTRACE_PER_CPU is honoured (and forced on the module-param path). [C] 4.10. */
  readonly ftracePerCpu: boolean;
  /**
   * Zones reset at probe once their old content is saved. [C] 4.9: console,
   * ftrace, pmsg (explicit zap); [M] 4.10+: console, pmsg (ftrace became an
   * array zone without zap; later via PRZ_FLAG_ZAP_OLD).
   */
  readonly zapAtProbe: readonly RamoopsSingleZone[];
  /**
   * How persistent_ram_post_init() treats a zone with a valid signature and
   * size 0. 'none': no shortcut, start > size zaps it. 'size': size 0 is
   * "existing empty buffer" whatever start says (bug). 'sizeAndStart': both
   * must be 0, else the range check zaps. 'none' and 'sizeAndStart' give the
   * same result. [C] "Do not treat empty buffers as valid" 30696378f68a:
   * 5.0, stable 4.4.172, 4.9.153, 4.14.96, 4.19.18, 4.20.5; fixed by
   * CVE-2023-53331: 6.6, stable 4.14.326, 4.19.295, 5.4.257, 5.10.195,
   * 5.15.132, 6.1.53, 6.4.16, 6.5.3 (4.4.y and 4.9.y never got the fix).
   */
  readonly emptyZoneCheck: 'none' | 'size' | 'sizeAndStart';
  /**
   * dmesg header writer: 'unpadded' "====%lu.%lu-%c\n", 'padded'
   * "====%lld.%06lu-%c\n". [M] 4.19 (timespec64 conversion; 4.14 trees are
   * unpadded, 4.19 trees padded).
   */
  readonly dmesgHeaderFormat: 'unpadded' | 'padded';
  /**
   * The header reader multiplies the parsed fraction by 1000 (usec → nsec).
   * [C] "pstore: fs superblock limits" 83b8a3fbe3aa: 5.4, stable 4.19.78,
   * 5.2.20, 5.3.5.
   */
  readonly dmesgHeaderUsecToNsec: boolean;
  /**
   * A dmesg zone is zapped before a new dump is written into it.
   * [C] "Write new dumps to start of recycled zones" 9e5f1c19800b: 5.5,
   * stable 4.4.209, 4.9.209, 4.14.163, 4.19.94, 5.4.9.
   */
  readonly dmesgZapBeforeWrite: boolean;
  /**
   * psinfo->bufsize. 'record_size': max(record_size, console ? 1024 : 0),
   * the whole zone size (4.9). 'buffer_size': dprzs[0]->buffer_size.
   * [M] "Correctly calculate usable PRZ bytes" 89d328f637b9: 4.20, stable
   * 4.19.y (sublevel not identified; every 4.19.z with z ≥ 1 is taken as
   * patched) and 4.14.y (present by 4.14.124).
   */
  readonly bufsizeModel: 'record_size' | 'buffer_size';
  /** ECC notice says "ECC: …". [C] 5.18. */
  readonly eccNoticePrefix: boolean;
  /** max_reason exists (module param, DT max-reason); before, ramoops filtered reasons itself with dump_oops. [C] 5.8. */
  readonly maxReason: boolean;
  /** Binary ftrace record: '4.9' {ip, parent_ip, cpu}; 'ts' {ip, parent_ip, ts}. [C] 4.10. */
  readonly ftraceRecordFormat: '4.9' | 'ts';
  /** ftrace text: '4.9' "%d %08lx  %08lx  %pf <- %pF", '4.10' "CPU:%d ts:%llu … %pf <- %pF", '5.3' "… %ps <- %pS". [M] 4.10 / 5.3. */
  readonly ftraceTextFormat: '4.9' | '4.10' | '5.3';
  /** Record read order after the dmesg zones. [H] ftrace moved last in 4.10. */
  readonly readOrder: readonly RamoopsSingleZone[];
  /** ramoops.mem_name (a reserve_mem= region). [H] 6.11. */
  readonly memName: boolean;
  /** mem_type 2 (normal cached) and the DT mem-type property. [M] 5.8; older kernels map any non-zero type uncached. */
  readonly memTypeCached: boolean;
  /** DT: a ramoops node directly under the root with only record-size gets console = pmsg = record_size. [M] 5.2. */
  readonly dtChromebookQuirk: boolean;
  /** DT: a node without reg is resolved through its reserved-memory entry. [M] 6.5. */
  readonly dtReservedMemLookup: boolean;
  /** pstore.kmsg_bytes module parameter. [H] 6.2. */
  readonly kmsgBytesParam: boolean;
  /**
   * ramoops_probe() sizes psinfo->bufsize from dprzs[0] whether or not
   * there are dump zones, so a configuration without any (record_size 0,
   * or no room left for one) dereferences NULL and oopses at boot.
   * [C] from 89d328f637b9 "Correctly calculate usable PRZ bytes" (see
   * bufsizeModel) until 8880fa32c557 "pstore/ram: Run without kernel crash
   * dump region": mainline 5.2, stable 5.1.8, 4.19.49, 4.14.124 (stable
   * review mails of 9 June 2019). The fix also sets PSTORE_FLAGS_DMESG only
   * with dump zones, and pstore_register() then allocates no compression
   * buffers.
   */
  readonly probeNeedsDumpZone: boolean;
  /**
   * psinfo->buf, record read buffers and saved zone contents come from
   * kvzalloc(), so they may exceed KMALLOC_MAX_SIZE; before, kmalloc()
   * limits them (probe-limits.ts). [C] 104fd0b5e948 "pstore: Support record
   * sizes larger than kmalloc() limit", pull request pstore-v6.6-rc1.
   */
  readonly largeRecordBuffers: boolean;
  /** What to tell the user about the version itself (newer than pstore-ts knows). */
  readonly notes: readonly string[];
}

/** A fix that reached mainline in `mainline` and was backported to some stable branches. */
interface StableFix {
  readonly mainline: readonly [number, number];
  /** "x.y" → first sublevel that has it. */
  readonly backports: Readonly<Record<string, number>>;
}

/**
 * True when `v` carries the fix. "x.y" without sublevel in a branch that got
 * the backport counts as fixed (newest stable release assumed).
 */
function hasFix(v: KernelVersion, fix: StableFix): boolean {
  if (compareKernel(v, fix.mainline[0], fix.mainline[1]) >= 0) return true;
  const first = fix.backports[`${v.major}.${v.minor}`];
  if (first === undefined) return false;
  return !v.exact || v.sublevel >= first;
}

const atLeast = (v: KernelVersion, major: number, minor: number): boolean =>
  compareKernel(v, major, minor) >= 0;

/** CVE-2023-52619, "pstore/ram: Fix crash when setting number of cpus to an odd number". */
const EVEN_ZONE_SIZE: StableFix = {
  mainline: [6, 8],
  backports: { '4.19': 307, '5.4': 269, '5.10': 210, '5.15': 149, '6.1': 77, '6.6': 16, '6.7': 4 }
};

/** "pstore/ram: Do not treat empty buffers as valid". */
const EMPTY_MEANS_SIZE_ZERO: StableFix = {
  mainline: [5, 0],
  backports: { '3.18': 133, '4.4': 172, '4.9': 153, '4.14': 96, '4.19': 18, '4.20': 5 }
};

/** CVE-2023-53331, "pstore/ram: Check start of empty przs during init". */
const EMPTY_NEEDS_START_ZERO: StableFix = {
  mainline: [6, 6],
  backports: {
    '4.14': 326,
    '4.19': 295,
    '5.4': 257,
    '5.10': 195,
    '5.15': 132,
    '6.1': 53,
    '6.4': 16,
    '6.5': 3
  }
};

/** "pstore: fs superblock limits": the reader scales usec to nsec. */
const USEC_TO_NSEC: StableFix = {
  mainline: [5, 4],
  backports: { '4.19': 78, '5.2': 20, '5.3': 5 }
};

/** "pstore/ram: Write new dumps to start of recycled zones". */
const ZAP_BEFORE_WRITE: StableFix = {
  mainline: [5, 5],
  backports: { '4.4': 209, '4.9': 209, '4.14': 163, '4.19': 94, '5.4': 9 }
};

/** "pstore/ram: Correctly calculate usable PRZ bytes" (sublevels are lower-confidence). */
const BUFSIZE_IS_BUFFER_SIZE: StableFix = {
  mainline: [4, 20],
  backports: { '4.14': 124, '4.19': 1 }
};

/** "pstore/ram: Run without kernel crash dump region" (8880fa32c557). */
const RUN_WITHOUT_DUMP_ZONES: StableFix = {
  mainline: [5, 2],
  backports: { '4.14': 124, '4.19': 49, '5.1': 8 }
};

/**
 * The newest release whose behaviour this table knows (ram-core's
 * NEWEST_KNOWN_KERNEL): every entry above is "this release or later", so a
 * later kernel gets the newest behaviour of each, and is told so.
 */
const NEWEST_KNOWN: readonly [number, number] = [6, 12];

function emptyZoneCheck(v: KernelVersion): RamoopsEra['emptyZoneCheck'] {
  if (hasFix(v, EMPTY_NEEDS_START_ZERO)) return 'sizeAndStart';
  return hasFix(v, EMPTY_MEANS_SIZE_ZERO) ? 'size' : 'none';
}

/**
 * The ramoops behaviour of a kernel version.
 *
 * @example
 * ```ts
 * ramoopsEra(parseKernelVersion('6.1.192')).evenZoneSize; // true (backport in 6.1.77)
 * ramoopsEra(parseKernelVersion('6.1.76')).evenZoneSize;  // false
 * ramoopsEra(parseKernelVersion('6.1')).evenZoneSize;     // true: newest 6.1.y assumed
 * ```
 */
export function ramoopsEra(version: KernelVersion): RamoopsEra {
  const v = version;
  const perCpu = atLeast(v, 4, 10);
  return {
    version: v,
    label:
      compareKernel(v, NEWEST_KNOWN[0], NEWEST_KNOWN[1], Infinity) > 0
        ? `${formatKernelVersion(v)} (${NEWEST_KNOWN.join('.')}'s rules applied)`
        : v.exact
          ? formatKernelVersion(v)
          : `${formatKernelVersion(v)} (newest ${v.major}.${v.minor}.y assumed)`,
    dmesgZoneSizing: perCpu ? 'split' : 'record_size',
    evenZoneSize: hasFix(v, EVEN_ZONE_SIZE),
    zoneOrder: atLeast(v, 6, 2) ? ['console', 'pmsg', 'ftrace'] : ['console', 'ftrace', 'pmsg'],
    ftracePerCpu: perCpu,
    zapAtProbe: perCpu ? ['console', 'pmsg'] : ['console', 'ftrace', 'pmsg'],
    emptyZoneCheck: emptyZoneCheck(v),
    dmesgHeaderFormat: atLeast(v, 4, 19) ? 'padded' : 'unpadded',
    dmesgHeaderUsecToNsec: hasFix(v, USEC_TO_NSEC),
    dmesgZapBeforeWrite: hasFix(v, ZAP_BEFORE_WRITE),
    bufsizeModel: hasFix(v, BUFSIZE_IS_BUFFER_SIZE) ? 'buffer_size' : 'record_size',
    eccNoticePrefix: atLeast(v, 5, 18),
    maxReason: atLeast(v, 5, 8),
    ftraceRecordFormat: perCpu ? 'ts' : '4.9',
    ftraceTextFormat: atLeast(v, 5, 3) ? '5.3' : perCpu ? '4.10' : '4.9',
    readOrder: perCpu ? ['console', 'pmsg', 'ftrace'] : ['console', 'ftrace', 'pmsg'],
    memName: atLeast(v, 6, 11),
    memTypeCached: atLeast(v, 5, 8),
    dtChromebookQuirk: atLeast(v, 5, 2),
    dtReservedMemLookup: atLeast(v, 6, 5),
    kmsgBytesParam: atLeast(v, 6, 2),
    probeNeedsDumpZone: hasFix(v, BUFSIZE_IS_BUFFER_SIZE) && !hasFix(v, RUN_WITHOUT_DUMP_ZONES),
    largeRecordBuffers: atLeast(v, 6, 6),
    notes:
      compareKernel(v, NEWEST_KNOWN[0], NEWEST_KNOWN[1], Infinity) > 0
        ? [
            `kernel ${formatKernelVersion(v)} is newer than ${NEWEST_KNOWN.join('.')}, the newest release ` +
              `pstore-ts knows: ${NEWEST_KNOWN.join('.')}'s rules are applied (layout, dump header, ` +
              'compression, ECC notice)'
          ]
        : []
  };
}
