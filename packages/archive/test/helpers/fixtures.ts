/**
 * Shared pieces of the archive tests: a scratch directory per test, removed after it, and text as
 * bytes. (The records the tests archive come from the pstore core itself, so no record builders
 * here.)
 * Kernel counterpart: none (test set-up).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

export const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A fresh directory, removed after the test. */
export function scratchDir(prefix = 'archive-'): string {
  const dir = fs.mkdtempSync(join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}
