/** The built `device` command run as a separate process, as a user runs it. */
import { fileURLToPath } from 'node:url';
import { runProcess, type ProcessOptions, type ProcessResult } from '@pstore/cli-kit/testing';

/** The command's entry point after `pnpm build` (the package's `bin`). */
export const DEVICE_BIN = fileURLToPath(new URL('../dist/device.mjs', import.meta.url));

/** `device ARGS…` as a separate process: real stdio, exit code, a clean environment. */
export const deviceProcess = (args: readonly string[], o?: ProcessOptions): ProcessResult =>
  runProcess(DEVICE_BIN, args, o);
