/**
 * @pstore/pstore-zone: the kernel's pstore/zone format, as pstore/blk keeps
 * it on a block device (a partition, an MTD, a file standing in for one):
 * the layout from the pstore_blk.* parameters, the zone and dump headers,
 * what the kernel recovers from a device, and a pstore backend over it.
 * Kernel counterpart: fs/pstore/zone.c, fs/pstore/blk.c,
 * include/linux/pstore_zone.h, include/linux/pstore_blk.h.
 */
export {
  blkConfigFromCmdline,
  DEFAULT_ZONE_KIB,
  DMESG_ONLY_BUILD,
  type BlkBuild,
  type BlkConfig
} from './blk-params.ts';
export {
  pstoreZoneInfo,
  pszLayout,
  type PstoreZoneInfo,
  type PszLayout,
  type PszZone,
  type ZoneType
} from './zone-layout.ts';
export { PSZ_HEADER_SIZE, PSZ_SIG, pszSig, readPszBuffer, type PszBuffer } from './psz-buffer.ts';
export {
  KMSG_HEADER_MAGIC,
  KMSG_HEADER_SIZE,
  readKmsgHeader,
  type PszKmsgHeader
} from './kmsg-header.ts';
export { memoryZoneDevice, type MemoryDeviceOptions, type ZoneDevice } from './zone-device.ts';
export {
  pszRecovery,
  type ZoneFinding,
  type ZoneRecovery,
  type ZoneState
} from './zone-recovery.ts';
export {
  kmsgTotalLine,
  PSTORE_BLK_NAME,
  PstoreZoneBackend,
  type ZoneBackendOptions
} from './zone-backend.ts';
export {
  DiskWriteStoppedError,
  faultyDisk,
  SECTOR_SIZE,
  type DiskFaultMode,
  type FaultyDisk
} from './disk-faults.ts';
// The component: its actor behind the host a worker (or a kernel image) runs.
export { createPstoreBlkHost } from './actor/host.ts';
export { pstoreBlkMachine } from './actor/pstore-blk.machine.ts';
export {
  PROTOCOL_VERSION as PSTORE_BLK_PROTOCOL_VERSION,
  type BlkZoneReport,
  type PstoreBlkCommand,
  type PstoreBlkEvent,
  type PstoreBlkRegistered
} from './actor/protocol.ts';
