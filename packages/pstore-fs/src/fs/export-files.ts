/**
 * Writing the filesystem's entries as real files: what `cp -p /sys/fs/pstore/* DIR`
 * gives — the bytes a read returns, mode 0444, mtime from the record.
 * Node-only (node:fs); reached through PstoreFs.exportTo(), which loads it on
 * demand so the rest of the package stays usable in a browser.
 * Kernel counterpart: none (user space reading /sys/fs/pstore).
 */
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PstoreFs } from './pstore-fs.ts';

/** What was written. */
export interface ExportReport {
  readonly dir: string;
  readonly files: readonly { readonly name: string; readonly bytes: number }[];
}

export function exportPstoreFiles(fs: PstoreFs, dir: string): ExportReport {
  mkdirSync(dir, { recursive: true });
  const files = [];
  for (const f of fs.list()) {
    const path = join(dir, f.name);
    const bytes = fs.read(f.name);
    writeFileSync(path, bytes, { mode: f.mode });
    utimesSync(path, f.mtime, f.mtime);
    files.push({ name: f.name, bytes: bytes.length });
  }
  return { dir, files };
}
