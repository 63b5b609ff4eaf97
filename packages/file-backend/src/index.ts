/**
 * @pstore/file-backend — a pstore backend stored in a directory, one sealed file per zone,
 * modelled on pstore/blk over pstore/zone (fs/pstore/blk.c, zone.c). It uses only the backend
 * contract (@pstore/pstore-fs/backend) and kmsg's dump reasons. Node only: re-exports only,
 * of what README.md documents.
 * Kernel counterpart: none as a format (a later issue replaces it with the kernel's
 * pstore/zone layout); its behaviour follows fs/pstore/zone.c over fs/pstore/blk.c.
 */
export { createFileBackend, FileBackend } from './file-backend.ts';
export type { FileBackendGeometry, FileBackendOptions, FileZoneSpec } from './geometry.ts';
export type { PszZone } from './zone.ts';
