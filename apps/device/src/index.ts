/**
 * @pstore/device — a simulated board: persistent RAM, the pstore kernel
 * components in worker threads, a boot → crash → reboot lifecycle and fault
 * injection. Re-exports only.
 */
export { Board, type BoardOptions, type BootResult } from './board.ts';
export { boardMachine, type BoardEvent, type BoardState } from './board.machine.ts';
export type { BootReport } from './boot.ts';
export { COMPONENTS, LINKS, parseComponent, type Component } from './components.ts';
export { DEFAULT_PARAMS, deviceConfig, zoneByName, type DeviceConfig } from './device-config.ts';
export { DeviceError, PersistentRam } from './hardware/ram.ts';
export type { Placement } from './placement/kernel-workers.ts';
export { createPrng, type Prng } from './faults/prng.ts';
export type { FaultReport } from './faults/report.ts';
