/**
 * @pstore/pstore-fs — the kernel's pstore module: the core of platform.c
 * (backend registry, kmsg dumper, compression) and inode.c's file view.
 * Exports what README.md documents; everything else stays inside the package.
 * The backend contract alone is on the `@pstore/pstore-fs/backend` subpath.
 */
export {
  PSTORE_TYPE,
  PSTORE_TYPE_NAMES,
  pstoreNameToType,
  pstoreRecordInit,
  pstoreTypeName,
  type PstoreRecord,
  type PstoreTypeId,
  type Timespec,
  PSTORE_FLAGS,
  PSTORE_MAX_READS,
  type PstoreInfo,
  packRecords,
  unpackRecords,
  serveBackend,
  type PstoreRecordBatch,
  BACKEND_PROTOCOL_VERSION,
  type BackendCommand,
  type BackendEvent,
  type BackendInfo,
  type PstoreFsErrorData,
  ERRNO_NUMBERS,
  PstoreError,
  type PstoreErrno,
  type PstoreErrorData,
  FTRACE_ARCH_LE64,
  ftraceLayout,
  type FtraceArch,
  type FtraceLayout,
  combinePerCpuLogs,
  type KernelVersion
} from './backend/index.ts';
export {
  avoidHeaderWhitespace,
  chooseCompression,
  deflateRatioPercent,
  pstoreCompressor,
  type DeflateParams,
  type PstoreCompressor
} from './compress/index.ts';
export type { CompressionChoice, DeflateFlavour, PstoreAlgorithm } from './compress/params.ts';
export type { NativeInflate, PstoreCompressorOptions } from './compress/compressor.ts';
export type { ReadRecord } from './core/get-records.ts';
export type { DecompressFailure } from './core/decompress-record.ts';
export type { PstoreFile } from './fs/pstore-file.ts';
export {
  PstoreFs,
  type FtraceRenderer,
  type PstoreFsOptions,
  type ScanResult
} from './fs/pstore-fs.ts';
export {
  decodeFtraceRecord,
  encodeFtraceRecord,
  ftraceLineFormat,
  KallsymsTable,
  renderFtraceFile,
  type FtraceCall
} from './ftrace/index.ts';
export type { FtraceRecord } from './ftrace/record.ts';
export type { FtraceLineFormat, FtraceRendering, FtraceRenderOptions } from './ftrace/render.ts';
export type { KallsymsOptions, SymbolHit } from './ftrace/kallsyms.ts';
export {
  Pstore,
  pstoreCoreEra,
  SimulatedPstoreClock,
  systemPstoreClock,
  type PstoreCore,
  type PstoreDumpPart,
  type PstoreFrontend,
  type PstoreModuleParams
} from './core/index.ts';
export type { PstoreClock } from './core/clock.ts';
export type { PstoreCoreEra } from './core/pstore-era.ts';
export type { PstoreDumpResult } from './core/dump.ts';
export type { PstoreFtrace } from './core/ftrace-frontend.ts';
export type { ResolvedPstoreParams } from './core/module-params.ts';
export type { PstoreMountOptions, PstoreOptions } from './core/pstore-options.ts';
export { pstoreFsMachine } from './actor/pstore-fs.machine.ts';
export { createPstoreFsHost } from './actor/host.ts';
export {
  PROTOCOL_VERSION as PSTORE_FS_PROTOCOL_VERSION,
  FRONTEND_PROTOCOL_VERSION,
  type PstoreFileInfo
} from './actor/protocol.ts';
