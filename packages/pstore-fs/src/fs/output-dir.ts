/**
 * Replacing a directory of output files safely, as a user on a bad day needs
 * it: re-running into the same directory works for any user (the files are
 * 0444, as the kernel shows them, so they are never rewritten in place);
 * files of an earlier run that the new run does not produce do not survive;
 * a run that fails half way leaves the old directory as it was (the new one
 * is written beside it and renamed into place); and files this tool did not
 * write are never deleted: a directory holding any is refused unless
 * `force`, which keeps them.
 *
 * What "this tool wrote" means is recorded in a manifest, MANIFEST_NAME, in
 * the directory: the only file beside the records.
 *
 * Every directory on the way is created one level at a time, so that a path
 * that cannot exist fails at once with its errno (Node 20's recursive
 * mkdirSync loops forever at 100 % CPU on paths such as /proc/nope/x).
 * Kernel counterpart: none (user space saving /sys/fs/pstore).
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { PstoreError } from '../errors.ts';

/** The manifest of an output directory: which files the writer put there. */
export const MANIFEST_NAME = '.pstore-ts';

export interface OutputFile {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly mode: number;
  readonly mtime: Date;
}

export interface OutputDirOptions {
  /** Write even though the directory holds files this tool did not write; they are kept. */
  readonly force?: boolean;
}

const errno = (e: unknown) => (e as NodeJS.ErrnoException).code ?? String(e);

/**
 * Creates `dir` and its missing parents one level at a time; fails fast with
 * the level that failed. `what` is the path the user named, for the message.
 */
export function makeDirectories(dir: string, what = dir): void {
  const missing: string[] = [];
  let at = resolve(dir);
  while (!existsSync(at)) {
    missing.unshift(at);
    const up = dirname(at);
    if (up === at) break;
    at = up;
  }
  if (existsSync(at) && !statSync(at).isDirectory()) {
    throw new PstoreError('EINVAL', `cannot create ${what}: ${at} is not a directory`);
  }
  for (const level of missing) {
    try {
      mkdirSync(level);
    } catch (e) {
      if (errno(e) === 'EEXIST' && statSync(level).isDirectory()) continue;
      throw new PstoreError('EINVAL', `cannot create ${what}: mkdir ${level} failed (${errno(e)})`);
    }
  }
}

/** Names the manifest of `dir` lists; an empty list when there is none or it is unreadable. */
function manifestNames(dir: string): Set<string> {
  try {
    const m = JSON.parse(readFileSync(join(dir, MANIFEST_NAME), 'utf8')) as { files?: unknown };
    return new Set(Array.isArray(m.files) ? m.files.filter((f) => typeof f === 'string') : []);
  } catch {
    return new Set();
  }
}

/**
 * Makes `dir` hold exactly `files` (plus, with `force`, the files it held
 * that this tool did not write). Throws PstoreError with a one-line message.
 */
export function replaceOutputDir(
  dir: string,
  files: readonly OutputFile[],
  options: OutputDirOptions = {}
): void {
  let target = resolve(dir);
  let foreign: string[] = [];
  if (existsSync(target)) {
    target = realpathSync(target); // a symlink to a directory: replace what it points at
    if (!statSync(target).isDirectory()) {
      throw new PstoreError('EEXIST', `${dir} exists and is not a directory`);
    }
    const ours = manifestNames(target);
    foreign = readdirSync(target).filter((n) => n !== MANIFEST_NAME && !ours.has(n));
    if (foreign.length && !options.force) {
      throw new PstoreError(
        'EEXIST',
        `${dir} holds ${foreign.length} file(s) this tool did not write (e.g. ${foreign[0]}): ` +
          'choose an empty or new directory, or give --force to write anyway (those files are kept)'
      );
    }
  }
  const parent = dirname(target);
  makeDirectories(parent, dir);
  // mkdir, not mkdtemp: the directory gets the user's umask (mkdtemp's 0700
  // would survive the rename and lock others out of the records).
  const staging = join(parent, `.${basename(target)}.new-${randomBytes(6).toString('hex')}`);
  try {
    mkdirSync(staging);
  } catch (e) {
    throw new PstoreError(
      'EINVAL',
      `cannot write ${dir}: ${parent} does not take a new directory (${errno(e)}); ` +
        'the files are written beside the target and renamed into place'
    );
  }
  try {
    for (const f of files) {
      const path = join(staging, f.name);
      writeFileSync(path, f.bytes, { mode: f.mode });
      utimesSync(path, f.mtime, f.mtime);
    }
    writeFileSync(
      join(staging, MANIFEST_NAME),
      `${JSON.stringify({ writtenBy: 'pstore-ts', files: files.map((f) => f.name) }, null, 2)}\n`
    );
    for (const name of foreign) renameSync(join(target, name), join(staging, name));
    swapInto(staging, target);
  } catch (e) {
    // Give back what was moved, then drop the half-made directory.
    for (const name of foreign) {
      if (existsSync(join(staging, name)) && existsSync(target)) {
        renameSync(join(staging, name), join(target, name));
      }
    }
    rmSync(staging, { recursive: true, force: true });
    if (e instanceof PstoreError) throw e;
    throw new PstoreError('EIO', `cannot write ${dir}: ${errno(e)}`);
  }
}

/** Puts `staging` where `target` is: the old directory is moved aside first, then removed. */
function swapInto(staging: string, target: string): void {
  if (!existsSync(target)) {
    renameSync(staging, target);
    return;
  }
  const old = mkdtempSync(join(dirname(target), `.${basename(target)}.old-`));
  const aside = join(old, 'dir');
  renameSync(target, aside);
  try {
    renameSync(staging, target);
  } catch (e) {
    renameSync(aside, target);
    rmSync(old, { recursive: true, force: true });
    throw e;
  }
  rmSync(old, { recursive: true, force: true });
}
