/**
 * ramoops configuration: the three sources (command line, device tree, typed
 * object), the shared type, and the probe's size checks.
 * pstore-ts's default board (default-board.ts) is the one configuration
 * that is not the kernel's.
 * Kernel counterpart: fs/pstore/ram.c ramoops_register_dummy(),
 * ramoops_parse_dt(), ramoops_probe().
 */
export { splitKernelCmdline, type CmdlineArg } from './cmdline.ts';
export { ramoopsFromCmdline } from './module-params.ts';
export { ramoopsFromDeviceTree } from './device-tree.ts';
export {
  cmdlineSetsRegion,
  PSTORE_TS_DEFAULT_BOARD,
  PSTORE_TS_DEFAULT_MEM_SIZE,
  ramoopsBoardConfig,
  type RamoopsBoardConfig,
  type RamoopsConfigBasis,
  type RamoopsRegionSize
} from './default-board.ts';
export { parseDts, type DtNode, type DtProperty, type DtTree, type DtValue } from './dts-tree.ts';
export {
  ramoopsFromPlatformData,
  type RamoopsPlatformDataInput,
  type RamoopsSizeInput
} from './platform-data.ts';
export {
  hex,
  MAX_EXACT_SIZE,
  memparse,
  parseKernelInt,
  parseKernelUnsigned,
  roundDownPowerOfTwo,
  ULONG_MAX
} from './sizes.ts';
export { ramoopsProbeSizes, type RamoopsProbedSizes, type RamoopsZoneSizes } from './validate.ts';
export {
  INT_MAX,
  KMSG_DUMP_OOPS,
  KMSG_DUMP_PANIC,
  KMSG_DUMP_UNDEF,
  NO_ECC,
  RAMOOPS_DEFAULT_ZONE_SIZE,
  RAMOOPS_FLAG_FTRACE_PER_CPU,
  type PstoreParams,
  type RamoopsConfig,
  type RamoopsConfigSource,
  type RamoopsEccInfo,
  type RamoopsPlatformData
} from './types.ts';
