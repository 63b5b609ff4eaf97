/**
 * The pstore core (fs/pstore/platform.c, ftrace.c): re-exports only.
 * decompress-record.ts and get-records.ts are exported by the package index.
 */
export {
  PSTORE_FRONTEND_ORDER,
  registerBuiltinFrontend,
  registerPstoreFrontends,
  type BuiltinFrontendHost
} from './builtin-frontends.ts';
export { systemPstoreClock, type PstoreClock } from './clock.ts';
export { setupPstoreCompression, type PstoreCompression } from './compression-setup.ts';
export { createPstoreConsole, type PstoreConsoleHost } from './console-frontend.ts';
export {
  pstoreDump,
  type PstoreBootCounters,
  type PstoreBufLock,
  type PstoreDumpPart,
  type PstoreDumpResult,
  type PstoreDumpState
} from './dump.ts';
export type { PstoreCore, PstoreFrontend } from './frontend.ts';
export { PstoreFtrace } from './ftrace-frontend.ts';
export {
  PSTORE_DEFAULT_KMSG_BYTES,
  checkKmsgBytes,
  resolvePstoreParams,
  type PstoreModuleParams,
  type ResolvedPstoreParams
} from './module-params.ts';
export { Pstore } from './pstore.ts';
export {
  checkPstoreOptions,
  type PstoreMountOptions,
  type PstoreOptions
} from './pstore-options.ts';
export { pstoreCoreEra, type PstoreCoreEra } from './pstore-era.ts';
export { pstoreRegisterChecks } from './register-checks.ts';
export { SimulatedPstoreClock } from './simulated-clock.ts';
export { PstoreUpdateTimer } from './update-timer.ts';
export { pstoreWriteUser } from './write-user.ts';
