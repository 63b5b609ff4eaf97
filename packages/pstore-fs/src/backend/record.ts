/**
 * Records and their types: what backends store and the filesystem shows.
 * Kernel counterpart: include/linux/pstore.h — enum pstore_type_id,
 * struct pstore_record; fs/pstore/platform.c pstore_type_names[].
 *
 * The type ids may be written to storage by some backends, so they are ABI
 * (the kernel's comment on pstore_type_id says as much): never renumber.
 */

/** enum pstore_type_id. */
export const PSTORE_TYPE = {
  DMESG: 0,
  MCE: 1,
  CONSOLE: 2,
  FTRACE: 3,
  PPC_RTAS: 4,
  PPC_OF: 5,
  PPC_COMMON: 6,
  PMSG: 7,
  PPC_OPAL: 8
} as const;

export type PstoreTypeId = (typeof PSTORE_TYPE)[keyof typeof PSTORE_TYPE];

/** Names used in file names, indexed by type id (pstore_type_names[]). */
export const PSTORE_TYPE_NAMES: readonly string[] = [
  'dmesg',
  'mce',
  'console',
  'ftrace',
  'rtas',
  'powerpc-ofw',
  'powerpc-common',
  'pmsg',
  'powerpc-opal'
];

/** pstore_type_to_name(): out-of-range ids are "unknown". */
export function pstoreTypeName(type: number): string {
  return PSTORE_TYPE_NAMES[type] ?? 'unknown';
}

/** pstore_name_to_type(). */
export function pstoreNameToType(name: string): PstoreTypeId | null {
  const i = PSTORE_TYPE_NAMES.indexOf(name);
  return i < 0 ? null : (i as PstoreTypeId);
}

/** struct timespec64; a record without a time has null (the kernel: tv_sec 0). */
export interface Timespec {
  readonly sec: number;
  readonly nsec: number;
}

/**
 * struct pstore_record: one unit of data a backend stores or returns.
 *
 * As in the kernel, `buf` holds `size` payload bytes followed by
 * `eccNoticeSize` bytes of the backend's ECC notice; the notice is part of
 * the file a reader sees but not of the payload (it is appended after
 * decompression).
 */
export interface PstoreRecord {
  type: PstoreTypeId;
  /** Per-type identifier chosen by the backend (ramoops: the zone index). */
  id: number;
  time: Timespec | null;
  buf: Uint8Array;
  /** Payload bytes in buf (excluding the ECC notice). */
  size: number;
  eccNoticeSize: number;
  /** DMESG: the oops count of this boot (oopscount). */
  count: number;
  /** DMESG: the kmsg_dump reason (enum kmsg_dump_reason of the era). */
  reason: number;
  /** DMESG: which part of the dump (1 = newest text). */
  part: number;
  /** DMESG: buf holds a compressed stream. */
  compressed: boolean;
  /** The CPU the write happens on (smp_processor_id()); per-CPU ftrace zones use it. */
  cpu?: number;
}

const NO_BYTES = new Uint8Array(0);

/** pstore_record_init(): an empty record of a type, time "now" supplied by the caller. */
export function pstoreRecordInit(type: PstoreTypeId, time: Timespec | null = null): PstoreRecord {
  return {
    type,
    id: 0,
    time,
    // Shared: a record gets its own buffer by assignment, and nothing can be
    // written into zero bytes (every console line makes a record).
    buf: NO_BYTES,
    size: 0,
    eccNoticeSize: 0,
    count: 0,
    reason: 0,
    part: 0,
    compressed: false
  };
}
