/**
 * ramoops configuration as the package root exports it: the three sources
 * (command line, device tree, typed object) and the shared type.
 * pstore-ts's default board (default-board.ts) is the one configuration
 * that is not the kernel's.
 * Kernel counterpart: fs/pstore/ram.c ramoops_register_dummy(),
 * ramoops_parse_dt(), ramoops_probe().
 */
export { ramoopsFromCmdline } from './module-params.ts';
export { ramoopsFromDeviceTree } from './device-tree.ts';
export { cmdlineSetsRegion, PSTORE_TS_DEFAULT_BOARD, ramoopsBoardConfig } from './default-board.ts';
export { ramoopsFromPlatformData } from './platform-data.ts';
export type { RamoopsConfig } from './types.ts';
