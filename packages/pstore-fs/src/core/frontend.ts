/**
 * The plug-in interface for frontends that live outside this package (pmsg
 * in @pstore/pmsg-chardev depends on pstore-fs, so the core cannot import
 * it): what the core offers a frontend, and what a frontend offers the core.
 * Kernel counterpart: the pstore_register_pmsg()/pstore_unregister_pmsg()
 * hooks and the psinfo globals a frontend uses (fs/pstore/internal.h,
 * pstore_record_init(), psinfo->write / psinfo->write_user).
 */
import type { PstoreInfo } from '../backend/pstore-info.ts';
import type { PstoreRecord, PstoreTypeId } from '../backend/record.ts';
import type { KernelVersion } from '../era-version.ts';

/** What a registered frontend may use while the backend is registered. */
export interface PstoreCore {
  /** The kernel this pstore belongs to (for era-dependent frontend behaviour). */
  readonly kernel: KernelVersion;
  /** The registered backend (psinfo), or null outside registration. */
  readonly psinfo: PstoreInfo | null;
  /** The backend's name (`/sys/module/pstore/parameters/backend`), or null. */
  readonly backend: string | null;
  /**
   * pstore_record_init(): an empty record of `type` stamped with the wall
   * clock, as platform.c prepares records for psinfo->write.
   */
  recordInit(type: PstoreTypeId): PstoreRecord;
  /**
   * psinfo->write(): stores a record from a kernel frontend.
   * @returns 0 or a negative errno, as the backend returned it.
   * @throws PstoreError EINVAL when no backend is registered.
   */
  write(record: PstoreRecord): number;
  /**
   * psinfo->write_user(): stores `record.size` bytes of `buf` from user space
   * (the pmsg path), through the backend's writeUser or, without one, the
   * era's compat fallback (pstore_write_user_compat()).
   * @returns bytes written (record.size) or a negative errno.
   * @throws PstoreError EINVAL when no backend is registered.
   */
  writeUser(record: PstoreRecord, buf: Uint8Array): number;
  /** printk() with the "pstore: " prefix at a KERN_* level (pr_info() etc.). */
  log(level: string, message: string): void;
}

/**
 * A frontend registered by the core when the backend's flags contain `flag`
 * (pmsg: PSTORE_FLAGS.PMSG). Frontends of the same flag register in the order
 * given, after the core's own frontend of that flag; unregistration runs in
 * reverse.
 */
export interface PstoreFrontend {
  /** One PSTORE_FLAGS_* bit. */
  readonly flag: number;
  /** pstore_register_<frontend>(): `core` stays valid until unregister(). */
  register(core: PstoreCore): void;
  /** pstore_unregister_<frontend>(). */
  unregister(): void;
}
