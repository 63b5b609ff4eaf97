/**
 * Which platform.c behaviour a kernel version has: one table the pstore core
 * consults instead of comparing version numbers itself (registration checks,
 * console frontend, dump locking and fallbacks, timer, log lines).
 * Kernel counterpart: the history of fs/pstore/platform.c — pstore_register(),
 * pstore_unregister(), pstore_dump(), pstore_console_write(),
 * pstore_write_user_compat(), pstore_timer_kick().
 *
 * Confidence of each boundary: [C] read in the sources or the pull request,
 * [H] several consistent sources, [M] inferred; the release may be off by one.
 */
import { atLeast, type KernelVersion } from '../era-version.ts';

/** Everything in platform.c that changed with the kernel version. */
export interface PstoreCoreEra {
  /**
   * What pstore_register() does when `pstore.backend` names another backend:
   * 'eperm' silently (≤5.7), 'eperm-logged' "ignoring unexpected backend"
   * (5.8–6.1), 'ebusy' "backend '%s' already in use" (6.2+). [C] 5.8, 6.2.
   */
  readonly backendMismatch: 'eperm' | 'eperm-logged' | 'ebusy';
  /**
   * pstore_register() refuses flags 0 and a backend without read/write
   * (EINVAL) and logs "already loaded" on EBUSY. [H] 5.8 (pstore/zone series).
   */
  readonly checksBackend: boolean;
  /** The console frontend is named after the backend, not "pstore". [C] 5.8. */
  readonly consoleNamedAfterBackend: boolean;
  /**
   * The console frontend writes chunks of at most bufsize bytes under the
   * dump buffer lock (trylock while oops_in_progress). [M] 5.1 removed both
   * ("Remove needless lock during console writes", b77fa617a2ff).
   */
  readonly consoleChunked: boolean;
  /** The kmsg dumper carries the backend's max_reason. [C] 5.8. */
  readonly dumperMaxReason: boolean;
  /**
   * A stored oops part re-arms the update timer and sets pstore_new_entry
   * whether or not pstore is mounted (before: only when mounted, no re-arm).
   * [M] 5.8 (seen in 5.x trees with max_reason).
   */
  readonly timerKickOnDump: boolean;
  /** pstore_unregister() stops the timer and removes the backend's files. [M] 5.8. */
  readonly unregisterDropsFiles: boolean;
  /**
   * What pstore_dump() logs when PANIC/EMERG cannot get the buffer lock:
   * '4.9' "pstore dump routine blocked in %s path, may corrupt error record",
   * 'semaphore' "dump skipped in %s path: may corrupt error record" (5.1–5.16),
   * 'spinlock' "dump skipped in %s path because of concurrent dump". [M] 5.1, 5.17.
   */
  readonly dumpLockMessage: '4.9' | 'semaphore' | 'spinlock';
  /**
   * When compression fails: 'newest' keeps the header and the newest text
   * that fits bufsize (copy_kmsg_to_buffer(), ≤6.5); 'head' stores the first
   * bufsize bytes of the big buffer, i.e. header and oldest text (6.6+). [C] 6.6.
   */
  readonly compressFallback: 'newest' | 'head';
  /**
   * The compression line pstore_register() logs: 'zlib' "using zlib
   * compression" (4.7–4.16); 'none' (4.17–6.5: the crypto-API compressor is
   * set up and announced by pstore_init(), a late_initcall, so a built-in
   * backend's registration logs nothing); 'deflate' "Using crash dump
   * compression: deflate" (6.6+). [C]
   */
  readonly compressionLog: 'none' | 'zlib' | 'deflate';
  /** Compression buffers are allocated only for backends with PSTORE_FLAGS_DMESG. [C] 5.8. */
  readonly compressionNeedsDmesg: boolean;
  /** Failed dump part writes are reported once: "backend (%s) writing error (%d)". [C] 6.2. */
  readonly writeErrorAlert: boolean;
  /** pstore_unregister() logs "Unregistered %s as persistent store backend". [C] 6.2. */
  readonly unregisterLog: boolean;
  /**
   * The write_user fallback: 'chunked' copies bufsize-byte chunks through
   * write() under the buffer lock (write_buf_user compat, ≤4.11); 'whole'
   * duplicates the buffer and calls write() once (4.12+ record API). [H] 4.12.
   */
  readonly writeUserCompat: 'chunked' | 'whole';
  /** The pstore.record_ftrace module parameter exists. [C] 5.14 (a5d05b07961a). */
  readonly recordFtraceParam: boolean;
  /** ftrace records carry pstore_ftrace_stamp (the u64 ts field). [C] 4.10. */
  readonly ftraceStamp: boolean;
}

/** The platform.c behaviour of a kernel version. */
export function pstoreCoreEra(v: KernelVersion): PstoreCoreEra {
  const v58 = atLeast(v, 5, 8);
  const v62 = atLeast(v, 6, 2);
  const v66 = atLeast(v, 6, 6);
  return {
    backendMismatch: v62 ? 'ebusy' : v58 ? 'eperm-logged' : 'eperm',
    checksBackend: v58,
    consoleNamedAfterBackend: v58,
    consoleChunked: !atLeast(v, 5, 1),
    dumperMaxReason: v58,
    timerKickOnDump: v58,
    unregisterDropsFiles: v58,
    dumpLockMessage: atLeast(v, 5, 17) ? 'spinlock' : atLeast(v, 5, 1) ? 'semaphore' : '4.9',
    compressFallback: v66 ? 'head' : 'newest',
    compressionLog: v66
      ? 'deflate'
      : atLeast(v, 4, 17)
        ? 'none'
        : atLeast(v, 4, 7)
          ? 'zlib'
          : 'none',
    compressionNeedsDmesg: v58,
    writeErrorAlert: v62,
    unregisterLog: v62,
    writeUserCompat: atLeast(v, 4, 12) ? 'whole' : 'chunked',
    recordFtraceParam: atLeast(v, 5, 14),
    ftraceStamp: atLeast(v, 4, 10)
  };
}
