/**
 * `--version`: the command's name and version from its package.json, read
 * at run time so that the workspace build, the bundle and an installed
 * tarball all report what they are.
 * Kernel counterpart: none (user space).
 */
import { readFileSync } from 'node:fs';

/**
 * "pstore 0.1.0 (pstore-ts: Linux pstore/ramoops for kernels 4.9–6.12)".
 * `packageJson` is the URL of the command's package.json.
 */
export function versionLine(command: string, packageJson: URL, about: string): string {
  let version = 'unknown';
  try {
    const pkg = JSON.parse(readFileSync(packageJson, 'utf8')) as { version?: unknown };
    if (typeof pkg.version === 'string') version = pkg.version;
  } catch {
    // A copied dist without its package.json: still answer, with what is known.
  }
  return `${command} ${version} (${about})`;
}
