/**
 * @pstore/ram-core — persistent RAM zones with kernel-exact Reed–Solomon ECC.
 * Exports what README.md documents; everything else stays inside the package.
 * Kernel counterparts: fs/pstore/ram_core.c, lib/reed_solomon.
 */
export { ERRNO, EBADMSG, ERANGE, RamCoreError, type ErrnoCode } from './errno.ts';
export { createRsCodec, type RsCodec } from './rs/codec.ts';
export { createReferenceRsCodec } from './rs/reference.ts';
export type { RsParams, RsCode } from './rs/params.ts';
export type { RsEncoder } from './rs/encoder.ts';
export type { GaloisField } from './rs/galois-field.ts';
export {
  compareKernel,
  DEFAULT_KERNEL,
  formatKernelVersion,
  kernelAtLeast,
  linuxVersionCode,
  parseKernelVersion,
  type KernelVersion
} from './kernel-version.ts';
export { persistentRamGeometry, type EccInfo, type ZoneGeometry } from './zone/geometry.ts';
export {
  PERSISTENT_RAM_SIG,
  PRZ_FLAG_NO_LOCK,
  PRZ_FLAG_ZAP_OLD,
  PRZ_HEADER,
  PRZ_HEADER_SIZE,
  persistentRamHeader,
  type Endian
} from './zone/header.ts';
export { breakZoneLock, createSharedZoneLock, type ZoneLock } from './zone/lock.ts';
export { eccNotice, type EccCounters } from './zone/ecc-notice.ts';
export {
  PersistentRamZone,
  type PersistentRamZoneOptions,
  type SavedZoneState,
  type ZoneProbe,
  type ZoneProbeState
} from './zone/persistent-ram-zone.ts';
export { sharedRsCodec } from './rs/shared-codec.ts';
export { rsCodecSeed, type RsCodecSeed } from './rs/codec-seed.ts';
export { createWriteBudget, WriterStoppedError, type WriteBudget } from './zone/write-budget.ts';
export { ramCoreMachine } from './actor/ram-core.machine.ts';
export { createRamCoreHost } from './actor/host.ts';
export { attachZones } from './actor/attach-zones.ts';
export { threadRamLayer, type RamLayer, type WriterStop } from './actor/ram-layer.ts';
export {
  PROTOCOL_VERSION as RAM_CORE_PROTOCOL_VERSION,
  type AttachedZone,
  type RamCoreAttach,
  type RamCoreCommand,
  type RamCoreErrorData,
  type RamCoreEvent,
  type RamCorePrepare,
  type ZoneAttachSpec
} from './actor/protocol.ts';
