/**
 * The pstore-fs actor's messages, and the two contracts the pstore core
 * offers other actors: the backend contract (`backend.*`, struct pstore_info
 * over a port) and the plug-in frontend contract (`frontend.*`, e.g. pmsg).
 * Kernel counterpart: fs/pstore/platform.c pstore_register(), pstore_dump(),
 * pstore_console_write(); fs/pstore/inode.c (list, read, unlink);
 * include/linux/pstore.h struct pstore_info.
 *
 * Call order of a boot: `pstore-fs.boot`, then `pstore-fs.register` with the
 * backend's info: pstore-fs reads every record (`backend.read`), shows them
 * as files (`pstore-fs.mounted`), registers the frontends the backend's flags
 * ask for (kmsg dumper, console, plug-ins) and answers `pstore-fs.registered`.
 * A dump, console output and pmsg writes become `backend.write` /
 * `backend.writeUser` batches; a dump is answered (`dumper.dumped`) only
 * after the backend acknowledged its records.
 * These shapes are ABI between workers: bump the versions on any change
 * (backend 2: `backend.write` carries a PstoreRecordBatch).
 */
import type { ActorErrorData, EnvelopeMessage, FlushMessage, HostHello } from '@pstore/actor';
import type { KernelVersion } from '../era-version.ts';
import type { PstoreErrno } from '../errors.ts';
import type { PstoreRecord, Timespec } from '../backend/record.ts';
import type { PstoreRecordBatch } from '../backend/record-batch.ts';
import type { FtraceArch } from '../ftrace/record.ts';
import type { PstoreModuleParams } from '../core/module-params.ts';

export const PROTOCOL_VERSION = 2;
/** Version of the backend contract (`backend.*`). */
export const BACKEND_PROTOCOL_VERSION = 2;
/** Version of the plug-in frontend contract (`frontend.*`). */
export const FRONTEND_PROTOCOL_VERSION = 1;

/**
 * An error as data: never thrown across a boundary (comlink drops custom
 * fields). Its code is an errno name: PstoreErrno, or what a peer reported
 * (EPROTO, ESHUTDOWN, ENOENT, …).
 */
export type PstoreFsErrorData = ActorErrorData<
  PstoreErrno | 'EPROTO' | 'ESHUTDOWN' | (string & {})
>;

/** The first message on every link, and what hello() returns. */
export type PstoreFsHello = HostHello<
  'pstore-fs',
  { readonly 'pstore-fs': number; readonly dumper: number }
>;

/** What a backend announces of itself (the fields of struct pstore_info). */
export interface BackendInfo {
  readonly name: string;
  /** PSTORE_FLAGS_* bits. */
  readonly flags: number;
  readonly bufsize: number;
  readonly maxReason: number;
}

/** A file of the pstore filesystem, as `ls -l` shows it. */
export interface PstoreFileInfo {
  readonly name: string;
  readonly type: string;
  readonly id: number;
  readonly size: number;
  readonly mode: number;
  /** mtime in ms since the epoch. */
  readonly mtimeMs: number;
  readonly compressed: boolean;
}

// ── Commands to pstore-fs ────────────────────────────────────────────────

export interface PstoreFsBoot {
  readonly type: 'pstore-fs.boot';
  readonly req?: number;
  readonly kernel: KernelVersion;
  readonly params: PstoreModuleParams;
  /** printk.always_kmsg_dump (the dump policy pstore's dumper is registered under). */
  readonly alwaysKmsgDump: boolean;
  /** CLOCK_REALTIME at boot: dump headers are stamped from it, advanced by `advance`. */
  readonly wall: Timespec;
  readonly ftraceArch?: FtraceArch;
}

/** pstore_register(psi) for a backend living in another actor. */
export interface PstoreFsRegister {
  readonly type: 'pstore-fs.register';
  readonly req?: number;
  readonly backend: BackendInfo;
}

export interface PstoreFsList {
  readonly type: 'pstore-fs.list';
  readonly req?: number;
}

export interface PstoreFsRead {
  readonly type: 'pstore-fs.read';
  readonly req?: number;
  readonly name: string;
}

/** unlink(2) of a file: the backend erases the record first. */
export interface PstoreFsUnlink {
  readonly type: 'pstore-fs.unlink';
  readonly req?: number;
  readonly name: string;
}

/** Time passes: the update timer (pstore.update_ms) may rescan. */
export interface PstoreFsAdvance {
  readonly type: 'pstore-fs.advance';
  readonly req?: number;
  readonly ms: number;
}

/** psinfo->write_user() from a plug-in frontend (pmsg), one entry per write(2). */
export interface PstoreFsWriteUser {
  readonly type: 'pstore-fs.writeUser';
  readonly req?: number;
  readonly writes: readonly Uint8Array[];
}

/** A frontend's pr_info() & co. ("pstore: …" lines go to kmsg). */
export interface PstoreFsLog {
  readonly type: 'pstore-fs.log';
  readonly req?: number;
  readonly lines: readonly string[];
}

/**
 * A peer's worker was restarted: register again with it what pstore had
 * registered there (pmsg: the frontend; console: pstore's console drivers;
 * kmsg: pstore's kmsg dumpers). Without `peer`, pmsg.
 */
export interface PstoreFsReconnect {
  readonly type: 'pstore-fs.reconnect';
  readonly req?: number;
  readonly peer?: 'pmsg' | 'console' | 'kmsg';
}

/** A barrier through the downstream links (the backend); answered by the host. */
export type PstoreFsFlush = FlushMessage<'pstore-fs'>;

export type PstoreFsCommand =
  | PstoreFsBoot
  | PstoreFsRegister
  | PstoreFsList
  | PstoreFsRead
  | PstoreFsUnlink
  | PstoreFsAdvance
  | PstoreFsWriteUser
  | PstoreFsLog
  | PstoreFsReconnect
  | PstoreFsFlush;

// ── Events of pstore-fs ──────────────────────────────────────────────────

export interface PstoreFsBooted {
  readonly type: 'pstore-fs.booted';
  readonly req?: number;
}

/** The files of the previous boot, shown as the backend registered. */
export interface PstoreFsMounted {
  readonly type: 'pstore-fs.mounted';
  readonly files: readonly PstoreFileInfo[];
  /** Why a dump stayed compressed (.enc.z), per file. */
  readonly notes: readonly string[];
}

export interface PstoreFsRegistered {
  readonly type: 'pstore-fs.registered';
  readonly req?: number;
  readonly backend: string;
  /** The frontends registered, e.g. "dmesg dumper", "console ramoops-1", "pmsg0". */
  readonly frontends: readonly string[];
  /**
   * What pstore registered in other actors, so that a supervisor can
   * unregister it there when this actor's worker dies: kmsg's ids of its
   * dumpers, and its console drivers.
   */
  readonly dumpers: readonly number[];
  readonly consoles: readonly { readonly name: string; readonly index: number }[];
}

/** The answer to `pstore-fs.reconnect`: what pstore has registered elsewhere now. */
export interface PstoreFsReconnected {
  readonly type: 'pstore-fs.reconnected';
  readonly req?: number;
  readonly peer: 'pmsg' | 'console' | 'kmsg';
  readonly dumpers: readonly number[];
  readonly consoles: readonly { readonly name: string; readonly index: number }[];
}

export interface PstoreFsListing {
  readonly type: 'pstore-fs.listing';
  readonly req?: number;
  readonly files: readonly PstoreFileInfo[];
}

export interface PstoreFsFile {
  readonly type: 'pstore-fs.file';
  readonly req?: number;
  readonly name: string;
  readonly data: Uint8Array;
}

export interface PstoreFsUnlinked {
  readonly type: 'pstore-fs.unlinked';
  readonly req?: number;
  readonly name: string;
}

export interface PstoreFsAdvanced {
  readonly type: 'pstore-fs.advanced';
  readonly req?: number;
  /** Files the update timer's rescan added. */
  readonly added: readonly PstoreFileInfo[];
}

export interface PstoreFsWroteUser {
  readonly type: 'pstore-fs.wroteUser';
  readonly req?: number;
  /** What the backend returned for each write (bytes or −errno). */
  readonly results: readonly number[];
}

export interface PstoreFsDone {
  readonly type: 'pstore-fs.done';
  readonly req?: number;
}

export type PstoreFsEvent =
  | PstoreFsBooted
  | PstoreFsMounted
  | PstoreFsRegistered
  | PstoreFsReconnected
  | PstoreFsListing
  | PstoreFsFile
  | PstoreFsUnlinked
  | PstoreFsAdvanced
  | PstoreFsWroteUser
  | PstoreFsDone
  | EnvelopeMessage<'pstore-fs', PstoreFsErrorData>;

// ── The backend contract (struct pstore_info over a port) ───────────────

/** open(), read() until empty, close(): every record the backend holds. */
export interface BackendRead {
  readonly type: 'backend.read';
  readonly req?: number;
}

/** psinfo->write() of each record, in order (packed in columns: packRecords()). */
export interface BackendWrite {
  readonly type: 'backend.write';
  readonly req?: number;
  readonly batch: PstoreRecordBatch;
}

/** psinfo->write_user() of each entry, in order. */
export interface BackendWriteUser {
  readonly type: 'backend.writeUser';
  readonly req?: number;
  readonly writes: readonly { readonly record: PstoreRecord; readonly buf: Uint8Array }[];
}

export interface BackendErase {
  readonly type: 'backend.erase';
  readonly req?: number;
  readonly record: PstoreRecord;
}

export type BackendCommand = BackendRead | BackendWrite | BackendWriteUser | BackendErase;

export interface BackendRecords {
  readonly type: 'backend.records';
  readonly req?: number;
  readonly records: readonly PstoreRecord[];
}

export interface BackendWritten {
  readonly type: 'backend.written';
  readonly req?: number;
  /** Each write's return value (0 / bytes, or −errno), in order. */
  readonly results: readonly number[];
}

export interface BackendErased {
  readonly type: 'backend.erased';
  readonly req?: number;
  /** The erase callback's return value (0 or −errno). */
  readonly ret: number;
}

/** A backend call failed, or writes sent without req returned errors. */
export interface BackendFailed {
  readonly type: 'backend.failed';
  readonly req?: number;
  readonly cause: string;
  readonly error: PstoreFsErrorData;
}

export type BackendEvent = BackendRecords | BackendWritten | BackendErased | BackendFailed;

// ── The plug-in frontend contract ────────────────────────────────────────

/** pstore_register_<frontend>(): the backend has this frontend's flag. */
export interface FrontendRegister {
  readonly type: 'frontend.register';
  readonly req?: number;
  /** The PSTORE_FLAGS bit. */
  readonly flag: number;
  readonly backend: string;
  readonly kernel: KernelVersion;
}

export interface FrontendUnregister {
  readonly type: 'frontend.unregister';
  readonly req?: number;
  readonly flag: number;
}

export type FrontendCommand = FrontendRegister | FrontendUnregister;

export interface FrontendRegistered {
  readonly type: 'frontend.registered';
  readonly req?: number;
  readonly flag: number;
  /** What was created, e.g. "pmsg0" (/dev/pmsg0). */
  readonly device: string;
}

export interface FrontendUnregistered {
  readonly type: 'frontend.unregistered';
  readonly req?: number;
  readonly flag: number;
}

export interface FrontendFailed {
  readonly type: 'frontend.failed';
  readonly req?: number;
  readonly cause: string;
  readonly error: PstoreFsErrorData;
}

export type FrontendEvent = FrontendRegistered | FrontendUnregistered | FrontendFailed;
