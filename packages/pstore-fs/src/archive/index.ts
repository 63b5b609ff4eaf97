/**
 * systemd-pstore's archive step over a PstoreFs (src/pstore/pstore.c): re-exports only.
 * Node only (node:fs).
 */
export {
  archivePstore,
  type ArchivedDmesgTxt,
  type ArchivedFile,
  type ArchiveOptions,
  type ArchiveReport,
  type ArchiveStorage
} from './archive-pstore.ts';
export {
  writeArchiveFile,
  type ArchiveCollision,
  type ArchiveWriteOptions,
  type ArchiveWriteResult,
  type ArchiveWriteStatus
} from './archive-file.ts';
export {
  compareNames,
  planDmesgGroups,
  type DmesgNotJoined,
  type DmesgPlacement,
  type DmesgPlan
} from './dmesg-groups.ts';
