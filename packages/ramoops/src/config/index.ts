/**
 * ramoops configuration: the three sources (command line, device tree, typed
 * object), the shared type, and the probe's size checks.
 * Kernel counterpart: fs/pstore/ram.c ramoops_register_dummy(),
 * ramoops_parse_dt(), ramoops_probe().
 */
export { splitKernelCmdline, type CmdlineArg } from './cmdline.ts';
export { ramoopsFromCmdline } from './module-params.ts';
export { ramoopsFromDeviceTree } from './device-tree.ts';
export { parseDts, type DtNode, type DtProperty, type DtTree, type DtValue } from './dts-tree.ts';
export {
  ramoopsFromPlatformData,
  type RamoopsPlatformDataInput,
  type RamoopsSizeInput
} from './platform-data.ts';
export {
  hex,
  memparse,
  parseKernelInt,
  parseKernelUnsigned,
  roundDownPowerOfTwo
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
