/**
 * Writing one archived file so that it is either complete or absent: a temporary file in
 * the same directory, flushed, renamed into place, and read back before anyone relies on it
 * (the caller unlinks the pstore record only after that). A name already taken by different
 * bytes is never overwritten unless the caller asks for systemd's replace behaviour.
 * Kernel counterpart: none. systemd counterpart: src/shared/copy.c copy_file_atomic()
 * (COPY_REPLACE, mode 0600) and src/basic/mkdir.c mkdir_parents() (0755) as
 * src/pstore/pstore.c uses them.
 */
import * as fs from 'node:fs';
import { dirname } from 'node:path';

/** What happens when the target name exists with other content. */
export type ArchiveCollision = 'keep-both' | 'replace';

/** How a file ended up in the archive. */
export type ArchiveWriteStatus =
  /** Written under the wanted name. */
  | 'written'
  /** The name already held exactly these bytes (an earlier run with Unlink=no). */
  | 'identical'
  /** The name held other bytes and was replaced (collision 'replace', systemd's way). */
  | 'replaced'
  /** The name held other bytes, so these went to `<name>.N` (collision 'keep-both'). */
  | 'renamed';

/** Where the bytes went. */
export interface ArchiveWriteResult {
  readonly path: string;
  readonly status: ArchiveWriteStatus;
}

export interface ArchiveWriteOptions {
  /** File mode (systemd: 0600 for records, 0640 for dmesg.txt). */
  readonly mode: number;
  readonly collision: ArchiveCollision;
  /** fsync the file and its directory (default true). */
  readonly fsync?: boolean;
}

function sameBytes(path: string, bytes: Uint8Array): boolean | null {
  let old: Buffer;
  try {
    old = fs.readFileSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  return Buffer.compare(old, bytes) === 0;
}

/** The first `<path>.N` (N = 1, 2, …) that is free or already holds `bytes`. */
function freeName(path: string, bytes: Uint8Array): { path: string; identical: boolean } {
  for (let n = 1; ; n++) {
    const candidate = `${path}.${n}`;
    const same = sameBytes(candidate, bytes);
    if (same === null) return { path: candidate, identical: false };
    if (same) return { path: candidate, identical: true };
  }
}

function writeAtomic(path: string, bytes: Uint8Array, mode: number, sync: boolean): void {
  const dir = dirname(path);
  fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
  const tmp = `${path}.#${process.pid}.tmp`;
  try {
    const fd = fs.openSync(tmp, 'w', mode);
    try {
      let done = 0;
      while (done < bytes.length) done += fs.writeSync(fd, bytes, done, bytes.length - done);
      fs.fchmodSync(fd, mode); // the umask must not widen or narrow the archive's mode
      if (sync) fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, path);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  if (sync) {
    const dfd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(dfd);
    } finally {
      fs.closeSync(dfd);
    }
  }
  if (!sameBytes(path, bytes)) {
    throw new Error(`${path} does not read back as the ${bytes.length} bytes written`);
  }
}

/**
 * Puts `bytes` at `path` (creating parent directories) and returns where they ended up.
 * @throws the I/O error; nothing is left half-written, and an existing file is untouched.
 */
export function writeArchiveFile(
  path: string,
  bytes: Uint8Array,
  options: ArchiveWriteOptions
): ArchiveWriteResult {
  const sync = options.fsync ?? true;
  const same = sameBytes(path, bytes);
  if (same) return { path, status: 'identical' };
  if (same === null || options.collision === 'replace') {
    writeAtomic(path, bytes, options.mode, sync);
    return { path, status: same === null ? 'written' : 'replaced' };
  }
  const alt = freeName(path, bytes);
  if (alt.identical) return { path: alt.path, status: 'identical' };
  writeAtomic(alt.path, bytes, options.mode, sync);
  return { path: alt.path, status: 'renamed' };
}
