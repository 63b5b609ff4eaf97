/**
 * @pstore/archive — what systemd-pstore.service does at boot over a mounted PstoreFs: copy
 * every pstore file into an archive directory, unlink it once the copy is safe, and join
 * multi-part EFI/ERST dumps into one dmesg.txt. Re-exports only, of what README.md documents.
 * Node only (node:fs).
 * Kernel counterpart: none (systemd-pstore's archive of /sys/fs/pstore: src/pstore/pstore.c).
 */
export {
  archivePstore,
  type ArchivedDmesgTxt,
  type ArchivedFile,
  type ArchiveOptions,
  type ArchiveReport,
  type ArchiveStorage
} from './archive-pstore.ts';
export type { ArchiveCollision } from './archive-file.ts';
export type { DmesgNotJoined } from './dmesg-groups.ts';
