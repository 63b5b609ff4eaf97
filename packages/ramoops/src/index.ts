/**
 * @pstore/ramoops — the ramoops RAM backend for pstore.
 * Exports what README.md documents; everything else stays inside the package.
 * Kernel counterpart: fs/pstore/ram.c.
 */
export {
  cmdlineSetsRegion,
  PSTORE_TS_DEFAULT_BOARD,
  ramoopsBoardConfig,
  ramoopsFromCmdline,
  ramoopsFromDeviceTree,
  ramoopsFromPlatformData,
  type RamoopsConfig
} from './config/index.ts';
export type {
  PstoreParams,
  RamoopsConfigSource,
  RamoopsEccInfo,
  RamoopsPlatformData
} from './config/types.ts';
export type {
  RamoopsBoardConfig,
  RamoopsConfigBasis,
  RamoopsRegionSize
} from './config/default-board.ts';
export type { RamoopsPlatformDataInput, RamoopsSizeInput } from './config/platform-data.ts';
export type { RamoopsZoneSizes } from './config/validate.ts';
export { ramoopsEra, type RamoopsEra, type RamoopsSingleZone } from './era.ts';
export {
  ramoopsDumpZone,
  ramoopsLayout,
  type RamoopsLayout,
  type RamoopsLayoutOptions,
  type RamoopsZoneSpec,
  type RamoopsZoneType
} from './layout.ts';
export {
  kernelIsSpace,
  readKmsgHeader,
  writeKmsgHeader,
  type KmsgHeader,
  type KmsgHeaderReadOptions,
  type KmsgHeaderTime,
  type KmsgHeaderWriteOptions
} from './kmsg-header.ts';
export { RamoopsContext, type RamoopsProbeOptions, type RamoopsZone } from './ramoops-context.ts';
export type { ReadCursors } from './ramoops-read.ts';
export { misplacedZonesNote } from './zone-scan.ts';
export { ramoopsMachine } from './actor/ramoops.machine.ts';
export { createRamoopsHost } from './actor/host.ts';
export {
  PROTOCOL_VERSION as RAMOOPS_PROTOCOL_VERSION,
  type RamoopsZoneReport
} from './actor/protocol.ts';
