import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createGzip } from 'node:zlib';
import { runProcess, type ProcessOptions, type ProcessResult } from '@pstore/cli-kit/testing';
import { MANIFEST_NAME } from '@pstore/pstore-fs/export';
import { readKernelCase, vectorPath, type LoadedKernelCase } from '@pstore/test-vectors';
import { expect } from 'vitest';
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

/** The files of an --out directory, without the list pstore keeps of them. */
export const written = (dir: string): string[] =>
  readdirSync(dir)
    .filter((f) => f !== MANIFEST_NAME)
    .sort();

/** Expects `dir` to hold exactly `files` (name → bytes), byte for byte. */
export function expectFiles(dir: string, files: ReadonlyMap<string, Uint8Array>): void {
  expect(written(dir)).toEqual([...files.keys()].sort());
  for (const [name, bytes] of files) {
    expect(Buffer.compare(readFileSync(join(dir, name)), bytes), `${name} differs`).toBe(0);
  }
}

/** A real kernel's case (vectors/kernel) with its image written to a file. */
export function kernelCaseImage(name: string): LoadedKernelCase & { readonly path: string } {
  const c = readKernelCase(name);
  const path = join(tmp('kernel-case'), 'image.bin');
  writeFileSync(path, c.image);
  return { ...c, path };
}

/** `pstore decode` of a kernel case into a fresh --out directory; returns the result and the directory. */
export function decodeCaseOut(path: string, ...args: string[]) {
  const out = tmp('out');
  const r = pstore(
    'decode',
    path,
    ...args,
    '--symbols',
    vectorPath('kernel/custom-6.1-System.map.gz'),
    '--out',
    out
  );
  return { ...r, out };
}

/** Bad input: `pstore ARGV` exits 2 with one line on stderr matching `message`. */
export function expectRefused(argv: readonly string[], message: RegExp): void {
  const r = pstore(...argv);
  const what = argv.join(' ');
  expect(r.code, what).toBe(2);
  expect(r.stderr, what).toMatch(message);
  expect(r.stderr.trim().split('\n'), what).toHaveLength(1);
}

/**
 * A gzipped RAM dump of `size` bytes: zeros, with `parts` (offset, bytes) in
 * place, in offset order; written as a stream (a 1 GiB dump never sits in memory).
 */
export async function gzipDump(
  path: string,
  size: number,
  parts: readonly (readonly [number, Uint8Array])[]
): Promise<string> {
  const gz = createGzip({ level: 1 });
  const done = pipeline(gz, createWriteStream(path));
  const zeros = new Uint8Array(16 << 20);
  const put = async (bytes: Uint8Array) => {
    if (!gz.write(bytes)) await once(gz, 'drain');
  };
  let at = 0;
  const zerosTo = async (end: number) => {
    for (; at < end; at += Math.min(zeros.length, end - at)) {
      await put(zeros.subarray(0, Math.min(zeros.length, end - at)));
    }
  };
  for (const [offset, bytes] of parts) {
    await zerosTo(offset);
    await put(bytes);
    at += bytes.length;
  }
  await zerosTo(size);
  gz.end();
  await done;
  return path;
}

/**
 * The built command with a preload that reports the process's peak resident
 * memory (VmHWM) on stderr's last line; `stdin`: a shell command whose output
 * is piped in.
 */
export function withPeakRss(
  args: readonly string[],
  stdin?: string
): { code: number | null; stdout: string; stderr: string; peakMB: number } {
  // VmHWM: this process's own peak (getrusage's survives exec, so it would count bash's).
  const report = join(tmp('peak-rss'), 'peak.cjs');
  writeFileSync(
    report,
    "process.on('exit', () => process.stderr.write('peak ' + /VmHWM:\\s+(\\d+)/.exec(require('node:fs').readFileSync('/proc/self/status', 'utf8'))[1] + '\\n'));"
  );
  const quoted = [process.execPath, '-r', report, PSTORE_BIN, ...args]
    .map((a) => `'${a.replaceAll("'", "'\\''")}'`)
    .join(' ');
  const r = spawnSync('bash', ['-c', stdin ? `${stdin} | ${quoted}` : quoted], {
    encoding: 'utf8',
    maxBuffer: 64 << 20
  });
  const m = /peak (\d+)\n$/.exec(r.stderr);
  expect(m, r.stderr).not.toBeNull();
  return {
    code: r.status,
    stdout: r.stdout,
    stderr: r.stderr.slice(0, m!.index),
    peakMB: Number(m![1]) / 1024
  };
}
