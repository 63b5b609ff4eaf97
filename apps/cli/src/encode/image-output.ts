/**
 * Writing the finished image. A file is written whole or not at all: the
 * bytes go to a temporary file beside the target, which is renamed over it
 * only once every byte is written; on any failure the temporary file is
 * removed and an existing target is left as it was. A device or FIFO
 * (/dev/null, a pipe) is written in place, and `-` is standard output.
 * Writes go in chunks: one write call takes at most 2^31 − 1 bytes in Node
 * (writeFileSync() of a larger image fails with ERR_OUT_OF_RANGE).
 * Kernel counterpart: none (user space).
 */
import {
  closeSync,
  fchmodSync,
  fstatSync,
  openSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
  type Stats
} from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { isatty } from 'node:tty';
import { CliError } from '../cli-error.ts';
import { errnoText } from './input-file.ts';

/** Bytes per write call: far below Node's 2^31 − 1, large enough to cost nothing. */
const WRITE_CHUNK = 64 << 20;

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/**
 * Writes all of `bytes` to `fd`. A non-blocking descriptor (standard output
 * as a pipe some runtimes set O_NONBLOCK on) answers EAGAIN when full: wait
 * a millisecond and try again.
 */
function writeAll(fd: number, bytes: Uint8Array): void {
  for (let off = 0; off < bytes.length;) {
    try {
      off += writeSync(fd, bytes, off, Math.min(WRITE_CHUNK, bytes.length - off));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
      Atomics.wait(sleeper, 0, 0, 1);
    }
  }
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

function writeError(target: string, e: unknown): CliError {
  if (e instanceof CliError) return e;
  return new CliError(`cannot write --out ${target}: ${errnoText(e)}`);
}

/**
 * Writes `image` to the file `target`.
 * @throws CliError naming the target and the errno; nothing is left behind.
 */
export function writeImageFile(target: string, image: Uint8Array): void {
  const st = statOrNull(target);
  if (st?.isDirectory()) throw new CliError(`--out ${target} is a directory`);
  if (st && !st.isFile()) {
    // A device or FIFO cannot be replaced by a rename: write into it.
    let fd: number | null = null;
    try {
      fd = openSync(target, 'w');
      writeAll(fd, image);
    } catch (e) {
      throw writeError(target, e);
    } finally {
      if (fd !== null) closeSync(fd);
    }
    return;
  }
  // Through a symbolic link, replace the file it names, not the link.
  const real = st ? realpathSync(target) : target;
  const dir = dirname(real);
  const tmp = join(dir, `.${basename(real)}.${randomBytes(4).toString('hex')}.pstore-tmp`);
  let fd: number | null = null;
  try {
    try {
      fd = openSync(tmp, 'wx');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') {
        throw new CliError(`cannot write --out ${target}: directory ${dir} does not exist`);
      }
      throw e;
    }
    // The replacement keeps the permissions of the file it replaces.
    if (st) fchmodSync(fd, st.mode & 0o7777);
    writeAll(fd, image);
    if (fstatSync(fd).size !== image.length) {
      throw new CliError(
        `cannot write --out ${target}: the file system kept fewer bytes than written`
      );
    }
    closeSync(fd);
    fd = null;
    renameSync(tmp, real);
  } catch (e) {
    if (fd !== null) closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      // Never created, or already gone.
    }
    throw writeError(target, e);
  }
}

/**
 * Writes `image` to standard output. Returns false when the reader went
 * away (EPIPE): it got what it wanted, so that is not an error.
 * @throws CliError when standard output is a terminal (binary there helps no one).
 */
export function writeImageStdout(image: Uint8Array): boolean {
  if (isatty(1)) {
    throw new CliError(
      '--out -: standard output is a terminal; redirect it to a file (> ram.bin) or a pipe'
    );
  }
  try {
    writeAll(1, image);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EPIPE') return false;
    throw new CliError(`cannot write the image to standard output: ${errnoText(e)}`);
  }
}
