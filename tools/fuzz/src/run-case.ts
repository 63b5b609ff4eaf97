/**
 * Runs `pstore decode` on a case in-process, through the CLI's own entry
 * (runCli from @pstore/cli/run) with captured output, exactly as a user
 * would run it but without a process per case: the image is written to a
 * scratch file, then decoded as --json --content (twice, for determinism),
 * as the plain table, and on a sample with --out DIR.
 * Kernel counterpart: none.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { runCli } from '@pstore/cli/run';
import type { FuzzCase } from './case.ts';

/** What one CLI run gave. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
  /** An exception that escaped runCli itself (never expected). */
  readonly escaped?: string;
}

/** Runs the CLI in-process with `argv`, capturing everything. */
export function runInProcess(argv: readonly string[]): CliRun {
  let stdout = '';
  let stderr = '';
  const io = {
    out: (t: string) => void (stdout += t.endsWith('\n') ? t : `${t}\n`),
    err: (t: string) => void (stderr += t.endsWith('\n') ? t : `${t}\n`),
    // An Error with a `code` is what the CLI treats as a user error (exit 2).
    fail: (m: string): never => {
      throw Object.assign(new Error(m), { code: 'EUSAGE' });
    }
  };
  const t0 = performance.now();
  try {
    const code = runCli(argv, io);
    return { code, stdout, stderr, ms: performance.now() - t0 };
  } catch (e) {
    const escaped = e instanceof Error ? (e.stack ?? e.message) : String(e);
    return { code: -1, stdout, stderr, ms: performance.now() - t0, escaped };
  }
}

/** A scratch directory for images and --out, removed by close(). */
export class Workdir {
  readonly dir = mkdtempSync(join(tmpdir(), 'pstore-fuzz-'));
  readonly out = join(this.dir, 'out');

  /** Writes the case's image; returns its path. */
  writeImage(c: FuzzCase): string {
    const path = join(this.dir, c.gz ? 'image.bin.gz' : 'image.bin');
    writeFileSync(path, c.gz ? gzipSync(c.image, { level: 1 }) : c.image);
    return path;
  }

  close(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The runs of one case. */
export interface CaseRuns {
  readonly json: CliRun;
  readonly again: CliRun;
  readonly plain: CliRun;
  readonly out: CliRun | null;
  readonly imagePath: string;
}

export function runCase(c: FuzzCase, work: Workdir, withOut: boolean): CaseRuns {
  const imagePath = work.writeImage(c);
  const base = ['decode', imagePath, ...c.args];
  const json = runInProcess([...base, '--json', '--content']);
  const again = runInProcess([...base, '--json', '--content']);
  const plain = runInProcess(base);
  const out = withOut ? runInProcess([...base, '--out', work.out, '--force']) : null;
  return { json, again, plain, out, imagePath };
}
