/**
 * The ramoops configuration every source (command line, device tree, typed
 * object) ends in, and the constants it uses.
 * Kernel counterpart: include/linux/pstore_ram.h struct ramoops_platform_data,
 * struct persistent_ram_ecc_info, RAMOOPS_FLAG_FTRACE_PER_CPU; the pstore
 * module parameters of fs/pstore/platform.c.
 */

/** Split the ftrace area into one zone per possible CPU (flags bit 0). */
export const RAMOOPS_FLAG_FTRACE_PER_CPU = 1;

/** enum kmsg_dump_reason values that configuration refers to. */
export const KMSG_DUMP_PANIC = 1;
export const KMSG_DUMP_OOPS = 2;

/** Size of each dmesg, console, ftrace and pmsg zone when a module parameter is not given. */
export const RAMOOPS_DEFAULT_ZONE_SIZE = 4096;

/** Largest value a DT u32 property may hold (ramoops_parse_dt_u32 rejects more). */
export const INT_MAX = 0x7fffffff;

/** ECC settings (struct persistent_ram_ecc_info); 0 selects the kernel default. */
export interface RamoopsEccInfo {
  /** Parity bytes per block; 0 = no ECC. */
  readonly eccSize: number;
  /** Data bytes per block; 0 = 128. */
  readonly blockSize: number;
  /** Bits per RS symbol; 0 = 8. */
  readonly symsize: number;
  /** RS field polynomial; 0 = 0x11d. */
  readonly poly: number;
}

/**
 * What ramoops_probe() receives (struct ramoops_platform_data). Sizes are as
 * configured: not yet rounded down to powers of two (the probe does that).
 */
export interface RamoopsPlatformData {
  /** Bytes of reserved RAM; the zones are carved out of it. */
  readonly memSize: number;
  /** Physical address of the region; informational, null when unknown. */
  readonly memAddress: bigint | null;
  /** 0 write-combine, 1 uncached, 2 normal cached (no effect on the format). */
  readonly memType: number;
  readonly recordSize: number;
  readonly consoleSize: number;
  readonly ftraceSize: number;
  readonly pmsgSize: number;
  /** Highest enum kmsg_dump_reason stored (5.8+; before, the dump_oops equivalent: 1 or 2). */
  readonly maxReason: number;
  /** RAMOOPS_FLAG_* bits. */
  readonly flags: number;
  readonly ecc: RamoopsEccInfo;
}

/** pstore.* module parameters that ride along on a command line. */
export interface PstoreParams {
  /** pstore.compress: 'deflate', 'none', or another crypto-API name (4.17–6.5). */
  readonly compress?: 'deflate' | 'none' | (string & {});
  /** pstore.backend: the only backend allowed to register. */
  readonly backend?: string;
  /** pstore.kmsg_bytes (6.2+): bytes of kernel log per dump. */
  readonly kmsgBytes?: number;
  /** pstore.update_ms: rescan period after an oops, −1 = off. */
  readonly updateMs?: number;
  /** pstore.record_ftrace: start recording function calls at boot. */
  readonly recordFtrace?: boolean;
}

/** Where a configuration came from. */
export type RamoopsConfigSource = 'module-params' | 'device-tree' | 'platform-data';

/** A configuration read from one source, with what the reader had to say about it. */
export interface RamoopsConfig extends RamoopsPlatformData {
  readonly source: RamoopsConfigSource;
  readonly pstore: PstoreParams;
  /** Things the kernel would ignore or reinterpret, in the order met. */
  readonly warnings: readonly string[];
}

/** The ECC info of "no ECC". */
export const NO_ECC: RamoopsEccInfo = { eccSize: 0, blockSize: 0, symsize: 0, poly: 0 };
