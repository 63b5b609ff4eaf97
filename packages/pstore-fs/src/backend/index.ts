/**
 * @pstore/pstore-fs/backend — the whole contract between pstore and its backends, as the
 * kernel keeps it in one header: records, types, flags and struct pstore_info; the backend
 * role's messages over a port (`backend.*`) and their version; and the helpers a backend
 * calls (the ftrace record layout and per-CPU merge, the read limit, record batches, the
 * errnos). A backend depends on this subpath only, never on pstore-fs internals.
 * Kernel counterpart: include/linux/pstore.h (struct pstore_record, struct pstore_info,
 * enum pstore_type_id, PSTORE_FLAGS_*), with what ram.c and zone.c take from fs/pstore:
 * pstore_ftrace_combine_log() (ftrace.c) and the read loop's limit (platform.c stop_loop).
 */
export {
  PSTORE_TYPE,
  PSTORE_TYPE_NAMES,
  pstoreNameToType,
  pstoreRecordInit,
  pstoreTypeName,
  type PstoreRecord,
  type PstoreTypeId,
  type Timespec
} from './record.ts';
export { PSTORE_FLAGS, PSTORE_MAX_READS, type PstoreInfo } from './pstore-info.ts';
export {
  forEachRecord,
  packRecords,
  unpackRecords,
  type PstoreRecordBatch
} from './record-batch.ts';
// A backend actor's answer to each `backend.*` command, the same for every backend.
export { serveBackend } from './serve-backend.ts';
// The backend role over a port: struct pstore_info's callbacks as commands and answers.
export {
  BACKEND_PROTOCOL_VERSION,
  type BackendCommand,
  type BackendErase,
  type BackendErased,
  type BackendEvent,
  type BackendFailed,
  type BackendInfo,
  type BackendRead,
  type BackendRecords,
  type BackendWrite,
  type BackendWriteUser,
  type BackendWritten,
  type PstoreFsErrorData
} from '../actor/protocol.ts';
// What a backend's callbacks return and throw: negative errnos, and PstoreError for bad
// configuration.
export { ERRNO_NUMBERS, PstoreError, type PstoreErrno, type PstoreErrorData } from '../errors.ts';
// ftrace records are laid out by the kernel that wrote them; a backend that keeps one zone
// per CPU merges them into one record by time stamp, as pstore_ftrace_combine_log() does.
export {
  FTRACE_ARCH_LE64,
  ftraceLayout,
  type FtraceArch,
  type FtraceLayout
} from '../ftrace/record.ts';
export { combinePerCpuLogs } from '../ftrace/combine.ts';
export type { KernelVersion } from '../era-version.ts';
