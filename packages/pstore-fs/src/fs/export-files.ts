/**
 * Writing the filesystem's entries as real files: what `cp -p /sys/fs/pstore/* DIR`
 * gives — the bytes a read returns, mode 0444, mtime from the record — with
 * the safety of output-dir.ts (re-runs replace, stale files go, a failure
 * leaves the old directory, foreign files are refused or kept).
 * Node-only (node:fs), so only the `@pstore/pstore-fs/export` subpath reaches it:
 * nothing the package root exports may import it, not even on demand, since
 * a browser bundler follows a dynamic import() too and fails on node:fs.
 * Kernel counterpart: none (user space reading /sys/fs/pstore).
 */
import { replaceOutputDir, type OutputDirOptions, type OutputFile } from './output-dir.ts';
import type { PstoreFs } from './pstore-fs.ts';

export {
  MANIFEST_NAME,
  replaceOutputDir,
  type OutputFile,
  type OutputDirOptions
} from './output-dir.ts';

/** What was written. */
export interface ExportReport {
  readonly dir: string;
  readonly files: readonly { readonly name: string; readonly bytes: number }[];
}

/** Writes the files of a mounted PstoreFs into `dir`. */
export function exportPstoreFiles(
  fs: PstoreFs,
  dir: string,
  options: OutputDirOptions = {}
): ExportReport {
  const files: OutputFile[] = fs.list().map((f) => ({
    name: f.name,
    bytes: fs.read(f.name),
    mode: f.mode,
    mtime: f.mtime
  }));
  replaceOutputDir(dir, files, options);
  return { dir, files: files.map((f) => ({ name: f.name, bytes: f.bytes.length })) };
}
