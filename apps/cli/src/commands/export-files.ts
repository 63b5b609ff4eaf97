/**
 * `--out DIR`: the files of a mounted pstore written as real files, with
 * errors as one line (an existing non-empty folder without --force, a folder
 * that cannot be written).
 * Kernel counterpart: none (what `cp -a /sys/fs/pstore DIR` gives).
 */
import { PstoreError, type PstoreFs } from '@pstore/pstore-fs';
import { exportPstoreFiles } from '@pstore/pstore-fs/export';
import { CliError } from '../cli-error.ts';

export function exportFiles(fs: PstoreFs, dir: string, force: boolean): void {
  try {
    exportPstoreFiles(fs, dir, { force });
  } catch (e) {
    if (e instanceof PstoreError) throw new CliError(`--out: ${e.message}`);
    throw new CliError(
      `cannot write to --out ${dir}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`
    );
  }
}
