/**
 * The pieces of the archive-over-pstore/blk tests: a scratch directory per test, and bytes as
 * text. The records as the pstore core hands them to a backend come from
 * @pstore/pstore-fs/testing, as in pstore-zone's own tests.
 * Kernel counterpart: none (test set-up).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

export const dec = (u: Uint8Array): string => new TextDecoder().decode(u);

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A fresh directory, removed after the test. */
export function scratchDir(prefix = 'pstore-file-'): string {
  const dir = fs.mkdtempSync(join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}
