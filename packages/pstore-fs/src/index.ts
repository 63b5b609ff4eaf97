/**
 * @pstore/pstore-fs — the kernel's pstore module: the core of platform.c
 * (backend registry, kmsg dumper, compression) and inode.c's file view.
 * The backend contract alone is on the `@pstore/pstore-fs/backend` subpath.
 */
export * from './backend/index.ts';
export * from './compress/index.ts';
export { PstoreError, ERRNO_NUMBERS, type PstoreErrno, type PstoreErrorData } from './errors.ts';
export { PstoreFormatError, type PstoreFormatErrno } from './format-error.ts';
export { atLeast, compareVersion, versionString, type KernelVersion } from './era-version.ts';
export { decompressRecord, type DecompressFailure } from './core/decompress-record.ts';
export { pstoreGetBackendRecords, PSTORE_MAX_READS, type ReadRecord } from './core/get-records.ts';
export {
  pstoreFileName,
  pstoreMkfile,
  PSTORE_FILE_MODE,
  PSTORE_NAMELEN,
  PSTORE_ROOT_MODE,
  type PstoreFile
} from './fs/pstore-file.ts';
export {
  PstoreFs,
  type FtraceRenderer,
  type PstoreFsOptions,
  type ScanResult
} from './fs/pstore-fs.ts';
export type { ExportReport } from './fs/export-files.ts';
export * from './ftrace/index.ts';
export * from './core/index.ts';
export {
  pstoreFsMachine,
  type PstoreFsContext,
  type PstoreFsInput,
  type PstoreFsOutput
} from './actor/pstore-fs.machine.ts';
export { createPstoreFsHost } from './actor/host.ts';
export { createPstoreSide, type PstoreSide } from './actor/pstore-side.ts';
export {
  PROTOCOL_VERSION as PSTORE_FS_PROTOCOL_VERSION,
  BACKEND_PROTOCOL_VERSION,
  FRONTEND_PROTOCOL_VERSION,
  type BackendCommand,
  type BackendEvent,
  type BackendInfo,
  type FrontendCommand,
  type FrontendEvent,
  type PstoreFileInfo,
  type PstoreFsCommand,
  type PstoreFsErrorData,
  type PstoreFsEvent,
  type PstoreFsHello
} from './actor/protocol.ts';
