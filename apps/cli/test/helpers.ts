import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runProcess, type ProcessOptions, type ProcessResult } from '@pstore/cli-kit/testing';
import { runCli } from '../src/run.ts';
import { CliError } from '../src/cli-error.ts';

/** Runs the CLI in-process, capturing stdout, stderr and the exit code. */
export function pstore(...argv: string[]): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const code = runCli(argv, {
    out: (t) => void (stdout += t.endsWith('\n') ? t : `${t}\n`),
    err: (t) => void (stderr += t.endsWith('\n') ? t : `${t}\n`),
    fail: (m) => {
      throw new CliError(m);
    }
  });
  return { code, stdout, stderr };
}

export const tmp = (prefix: string) => mkdtempSync(join(tmpdir(), `pstore-${prefix}-`));

/** The built command (the package's `bin`), for tests that run it as a process. */
export const PSTORE_BIN = fileURLToPath(new URL('../dist/pstore.mjs', import.meta.url));

/** `pstore ARGS…` as a separate process: real stdio, exit code, a clean environment. */
export const pstoreProcess = (args: readonly string[], o?: ProcessOptions): ProcessResult =>
  runProcess(PSTORE_BIN, args, o);
