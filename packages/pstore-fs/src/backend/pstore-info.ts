/**
 * The backend contract: what a pstore backend implements so that the core
 * (registration, crash dumps, the filesystem) can use it.
 * Kernel counterpart: include/linux/pstore.h struct pstore_info, PSTORE_FLAGS_*.
 *
 * Call order, as in the kernel: `open`, then `read` until it returns null,
 * then `close` (the core holds the backend's read lock around the sequence).
 * `write` for DMESG carries exactly one dump part; a backend may refuse
 * parts it does not store (ramoops: part > 1 → −ENOSPC). Calls are
 * synchronous: a dump runs while the system is dying and cannot wait.
 * Return values follow the kernel: 0 or a byte count on success, a negative
 * errno on failure.
 */
import type { PstoreRecord, Timespec } from './record.ts';

/** The frontends a backend accepts (PSTORE_FLAGS_*). */
export const PSTORE_FLAGS = {
  DMESG: 1 << 0,
  CONSOLE: 1 << 1,
  FTRACE: 1 << 2,
  PMSG: 1 << 3
} as const;

/**
 * The core gives up after this many read() calls, whatever the backend says (platform.c's
 * stop_loop): a backend whose read() never returns null cannot hang a mount. A backend that
 * reads on the core's behalf (an actor answering `backend.read`) keeps the same bound.
 */
export const PSTORE_MAX_READS = 65536;

export interface PstoreInfo {
  /** Backend name, part of every file name (`dmesg-<name>-<id>`). */
  readonly name: string;
  /** PSTORE_FLAGS_* bits; must be non-zero. */
  readonly flags: number;
  /** Bytes one DMESG record may hold (ramoops: the first dump zone's capacity). */
  readonly bufsize: number;
  /** Highest kmsg_dump reason the backend wants dumped (KMSG_DUMP_*). */
  readonly maxReason: number;

  /** Prepares for a read sequence (resets the backend's read cursors). */
  open(): number;
  /** Returns the next record, or null when there are no more. */
  read(): PstoreRecord | null;
  /** Ends a read sequence. */
  close(): number;
  /**
   * Stores a record from a kernel frontend (dmesg, console, ftrace). The
   * record and its buf are lent for the call only (the kernel's record is on
   * the caller's stack, its buf a buffer the next write reuses): a backend
   * copies what it keeps.
   */
  write(record: PstoreRecord): number;
  /**
   * Stores a record from user space (pmsg). `buf` is the caller's data.
   * Optional: the core falls back to `write` (pstore_write_user_compat).
   */
  writeUser?(record: PstoreRecord, buf: Uint8Array): number;
  /** Removes a stored record. Optional: without it unlink fails with −EPERM. */
  erase?(record: PstoreRecord): number;
  /**
   * Optional, no kernel counterpart: console lines `from` to `to` (exclusive)
   * of a batch, line i being bufs[ends[i − 1], ends[i]) (from 0 for i = 0),
   * stored exactly as `write` of one CONSOLE record per line would store
   * them, in order, and what each of those writes would return. A backend
   * offers it where it can store a run of lines at once with the same
   * result (ramoops appends them to a ring: one header update and one
   * parity pass per run); the core's actor path then calls it once per
   * batch of console lines instead of `write` once per line. `time`: the
   * time pstore_record_init() would give the lines' records (one reading
   * of the clock for the run). Empty lines store nothing, as with `write`.
   */
  writeConsoleLines?(
    bufs: Uint8Array,
    ends: Uint32Array,
    from: number,
    to: number,
    time?: Timespec | null
  ): number;
}
