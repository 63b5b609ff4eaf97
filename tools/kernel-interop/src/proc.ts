/**
 * Running host programs: a promise per child process with its exit code and
 * captured output, and a variant that turns a non-zero exit into an error
 * naming the command and the tail of its stderr.
 */
import { spawn, type SpawnOptions } from 'node:child_process';

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Bytes written to the child's stdin. */
  readonly input?: string | Uint8Array;
  /** Pass the child's output through to ours instead of capturing it. */
  readonly inherit?: boolean;
}

/** Runs `cmd args…` to completion; never rejects for a non-zero exit. */
export function run(
  cmd: string,
  args: readonly string[],
  opts: RunOptions = {}
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const spawnOpts: SpawnOptions = {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: [
        opts.input === undefined ? 'ignore' : 'pipe',
        opts.inherit ? 'inherit' : 'pipe',
        opts.inherit ? 'inherit' : 'pipe'
      ]
    };
    const child = spawn(cmd, [...args], spawnOpts);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (b: Buffer) => out.push(b));
    child.stderr?.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      resolve({
        code: code ?? (signal ? 128 : 1),
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8')
      });
    });
    if (opts.input !== undefined) child.stdin?.end(opts.input);
  });
}

/** Like `run`, but a non-zero exit is an error that names the command. */
export async function mustRun(
  cmd: string,
  args: readonly string[],
  opts: RunOptions = {}
): Promise<RunResult> {
  const r = await run(cmd, args, opts);
  if (r.code !== 0) {
    const tail = (r.stderr || r.stdout).trim().split('\n').slice(-8).join('\n');
    throw new Error(`${cmd} ${args.join(' ')} exited with ${r.code}${tail ? `:\n${tail}` : ''}`);
  }
  return r;
}

/** True when `name` is an executable on PATH. */
export async function haveCommand(name: string): Promise<boolean> {
  const r = await run('sh', ['-c', `command -v ${name}`]);
  return r.code === 0;
}
