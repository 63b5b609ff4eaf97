/**
 * The pstore core (fs/pstore/platform.c, ftrace.c) as the package root
 * exports it: re-exports only.
 */
export { systemPstoreClock } from './clock.ts';
export type { PstoreDumpPart } from './dump.ts';
export type { PstoreCore, PstoreFrontend } from './frontend.ts';
export type { PstoreModuleParams } from './module-params.ts';
export { Pstore } from './pstore.ts';
export { pstoreCoreEra } from './pstore-era.ts';
export { SimulatedPstoreClock } from './simulated-clock.ts';
