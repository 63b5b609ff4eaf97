/**
 * @pstore/file-backend — a pstore backend stored in a directory, one sealed file per zone,
 * modelled on pstore/blk over pstore/zone (fs/pstore/blk.c, zone.c). It uses only the backend
 * contract (@pstore/pstore-fs/backend) and kmsg's dump reasons. Node only: re-exports only.
 * Kernel counterpart: none as a format (a later issue replaces it with the kernel's
 * pstore/zone layout); its behaviour follows fs/pstore/zone.c over fs/pstore/blk.c.
 */
export { createFileBackend, FileBackend } from './file-backend.ts';
export {
  FILE_BACKEND_DEFAULT_MAX_REASON,
  FILE_BACKEND_DEFAULT_ZONE_SIZE,
  fileBackendGeometry,
  PSZ_MAX_TOTAL_SIZE,
  type FileBackendGeometry,
  type FileBackendOptions,
  type FileZoneSpec
} from './geometry.ts';
export {
  readZoneFile,
  sealZone,
  unsealZone,
  ZONE_FILE_SEAL_MAGIC,
  ZONE_FILE_SEAL_SIZE,
  ZONE_FILE_TMP_SUFFIX,
  type ZoneFileState
} from './zone-file.ts';
export {
  PSTORE_KMSG_HEADER_MAGIC,
  PSZ_BUFFER_HEADER_SIZE,
  PSZ_KMSG_HEADER_SIZE,
  PSZ_SIG,
  pszSig,
  readKmsgZoneHeader,
  readPszHeader,
  type PszBufferHeader,
  type PszKmsgHeader
} from './zone-format.ts';
export { crc32 } from './crc32.ts';
