/**
 * @pstore/ram-core — persistent RAM zones with kernel-exact Reed–Solomon ECC.
 * Kernel counterparts: fs/pstore/ram_core.c, lib/reed_solomon.
 */
export { ERRNO, EBADMSG, ERANGE, RamCoreError, type ErrnoCode } from './errno.ts';
export { createRsCodec, type RsCodec } from './rs/codec.ts';
export { createReferenceRsCodec } from './rs/reference.ts';
export type { RsParams, RsCode } from './rs/params.ts';
export { galoisField, NN, type GaloisField } from './rs/galois-field.ts';
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
  type Endian
} from './zone/header.ts';
export { breakZoneLock, createSharedZoneLock, NO_LOCK, type ZoneLock } from './zone/lock.ts';
export { eccNotice, eccNoticePrefixed, type EccCounters } from './zone/ecc-notice.ts';
export {
  PersistentRamZone,
  type PersistentRamZoneOptions,
  type SavedZoneState,
  type ZoneProbe,
  type ZoneProbeState
} from './zone/persistent-ram-zone.ts';
export { prepareRsCodecs, sharedRsCodec } from './rs/shared-codec.ts';
export { plantRsCodecSeed, rsCodecSeed, type RsCodecSeed } from './rs/codec-seed.ts';
export { createWriteBudget, WriterStoppedError, type WriteBudget } from './zone/write-budget.ts';
export { ramCoreMachine, type RamCoreContext } from './actor/ram-core.machine.ts';
export { createRamCoreHost } from './actor/host.ts';
export { attachZones } from './actor/attach-zones.ts';
export { threadRamLayer, type RamLayer, type WriterStop } from './actor/ram-layer.ts';
export {
  PROTOCOL_VERSION as RAM_CORE_PROTOCOL_VERSION,
  type AttachedZone,
  type RamCoreCommand,
  type RamCoreErrorData,
  type RamCoreEvent,
  type RamCoreHello,
  type RamCorePrepare,
  type ZoneAttachSpec
} from './actor/protocol.ts';
