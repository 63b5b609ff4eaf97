/**
 * Where the board's own files are: the directory that holds the app's
 * package.json, found from the running module. The same code runs as tsc's
 * output (dist/placement/*.js), from sources under vitest (src/…), and
 * bundled into one file (dist/device.mjs, also in an installed tarball), so
 * a path relative to the module itself would differ between them.
 * Kernel counterpart: none (where the kernel image lies on disk).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | null = null;

/** The app's directory (holding package.json and dist/). */
export function appRoot(): string {
  if (root !== null) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
  root = dir;
  return dir;
}

/** A file of the build: dist/NAME in the app's directory. */
export const distFile = (name: string): string => join(appRoot(), 'dist', name);
