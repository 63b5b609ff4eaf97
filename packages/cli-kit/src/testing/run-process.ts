/**
 * Runs a built command as a user does: a real process with real
 * standard streams, its exit code, and nothing of the test runner's
 * environment that would change its behaviour (no TTY, no pnpm variables).
 */
import { spawnSync } from 'node:child_process';

export interface ProcessResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout as bytes, for binary output (`encode --out -`). */
  readonly stdoutBytes: Buffer;
}

export interface ProcessOptions {
  readonly cwd?: string;
  /** Bytes or text on standard input (default: none, stdin is closed). */
  readonly input?: string | Uint8Array;
  /** Variables added to a clean environment. */
  readonly env?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
  /** Run as this user and group (only root may; e.g. 65534, nobody). */
  readonly uid?: number;
  readonly gid?: number;
}

/** Variables of the test runner that a user's shell would not have. */
const RUNNER_VARS = /^(npm_|INIT_CWD$|PNPM_|NX_|VITEST|FORCE_COLOR$|NO_COLOR$|NODE_OPTIONS$)/;

export function cleanEnv(extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!RUNNER_VARS.test(k)) env[k] = v;
  return { ...env, ...extra };
}

export function runProcess(
  file: string,
  args: readonly string[],
  o: ProcessOptions = {}
): ProcessResult {
  const r = spawnSync(process.execPath, [file, ...args], {
    cwd: o.cwd,
    input: o.input ?? '',
    env: cleanEnv(o.env),
    timeout: o.timeoutMs ?? 60_000,
    ...(o.uid !== undefined ? { uid: o.uid } : {}),
    ...(o.gid !== undefined ? { gid: o.gid } : {}),
    maxBuffer: 256 * 1024 * 1024
  });
  if (r.error) throw r.error;
  return {
    code: r.status,
    signal: r.signal,
    stdout: r.stdout.toString('utf8'),
    stderr: r.stderr.toString('utf8'),
    stdoutBytes: r.stdout
  };
}
