/**
 * @pstore/ramoops — the ramoops RAM backend for pstore.
 * Kernel counterpart: fs/pstore/ram.c.
 */
export * from './config/index.ts';
export { ramoopsEra, type RamoopsEra, type RamoopsSingleZone } from './era.ts';
export {
  ramoopsDumpZone,
  ramoopsLayout,
  type RamoopsLayout,
  type RamoopsLayoutOptions,
  type RamoopsZoneSpec,
  type RamoopsZoneType
} from './layout.ts';
export { KMALLOC_MAX_SIZE, MAX_DUMP_ZONES } from './probe-limits.ts';
export {
  kernelIsSpace,
  RAMOOPS_KERNMSG_HDR,
  readKmsgHeader,
  writeKmsgHeader,
  type KmsgHeader,
  type KmsgHeaderReadOptions,
  type KmsgHeaderTime,
  type KmsgHeaderWriteOptions
} from './kmsg-header.ts';
export { RamoopsContext, type RamoopsProbeOptions, type RamoopsZone } from './ramoops-context.ts';
export { ramoopsPstoreRead, type ReadCursors } from './ramoops-read.ts';
export { misplacedZonesNote, scanZoneHeaders, type ZoneHeaderScan } from './zone-scan.ts';
export { ramoopsPstoreErase, ramoopsPstoreWrite, ramoopsPstoreWriteUser } from './ramoops-write.ts';
export {
  ramoopsMachine,
  type RamoopsActorContext,
  type RamoopsInput,
  type RamoopsOutput
} from './actor/ramoops.machine.ts';
export { createRamoopsHost } from './actor/host.ts';
export { attachSpecs, probeAttached, zoneReports } from './actor/probe.ts';
export {
  PROTOCOL_VERSION as RAMOOPS_PROTOCOL_VERSION,
  type RamoopsCommand,
  type RamoopsErrorData,
  type RamoopsEvent,
  type RamoopsHello,
  type RamoopsProbe,
  type RamoopsReattach,
  type RamoopsZoneReport
} from './actor/protocol.ts';
