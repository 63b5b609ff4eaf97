/**
 * Reading a RAM image: exactly the ramoops region, or a larger RAM dump with
 * the region at --offset; a file, a `.gz` file, a device such as /dev/mem, or
 * standard input (`-`). Only the bytes the region needs are read: a 4 GiB
 * whole-RAM dump with a 1 MiB region at --offset costs 1 MiB, whether a file
 * or a stream (image-stream.ts). The region is a copy: decoding corrects ECC
 * errors and zaps zones in RAM as the kernel does, never in the user's file.
 * Kernel counterpart: none (user space reading what the kernel left in RAM).
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { CliError } from './cli-error.ts';
import { beyondEnd, tooShort } from './image-errors.ts';
import { fdPull, gunzipPull, streamSource } from './image-stream.ts';

/**
 * An image as the commands read it. A stream is read forward only: each
 * call's offset is at or past the previous one's and past the last region
 * handed out, and what lies before it is forgotten (a file may be read anywhere).
 */
export interface ImageSource {
  /** The path as the user gave it, or "standard input". */
  readonly name: string;
  /** The image's size in bytes where known: a file's; a stream's once read to its end, else null. */
  readonly size: number | null;
  /**
   * Why the image ended early, once a read reached a cut (a .gz file that
   * ends mid-stream), else null. What came before the cut reads as it is.
   */
  readonly truncated: string | null;
  /**
   * Bytes from `offset` to the end of the image (a stream is read to its end,
   * up to STREAM_LIMIT past `offset`; beyond that the user is asked for --mem-size).
   */
  available(offset: number): number;
  /** [offset, offset + size) in memory of its own, checked against the image's end. */
  region(offset: number, size: number): Uint8Array;
  /**
   * Up to `size` bytes from `offset`, fewer where the image ends, in memory the
   * source reuses: valid until the next call. For scanning an image larger
   * than any region (a whole-RAM dump) in one window's memory.
   */
  view(offset: number, size: number): Uint8Array;
  close(): void;
}
/** Opens IMAGE (`-` = standard input); errors name the image and the reason. */
export function openImage(path: string): ImageSource {
  if (path === '-') return streamSource('standard input', fdPull(0), () => undefined);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw unreadable(path, e);
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw new CliError(`image ${path} is a directory, not a RAM image`);
    if (st.isFile() && st.size === 0) throw new CliError(`image ${path} is empty (0 bytes)`);
    if (path.endsWith('.gz')) {
      const gz = gunzipPull(path, fd);
      return streamSource(path, gz.pull, close(fd), gz.truncated);
    }
    if (st.isFile()) return fileSource(path, fd, st.size);
    // A character device (/dev/mem, /dev/zero), a FIFO or a socket: no size to ask.
    return streamSource(path, fdPull(fd), close(fd));
  } catch (e) {
    closeSync(fd);
    throw e;
  }
}

function unreadable(path: string, e: unknown): CliError {
  const code = (e as NodeJS.ErrnoException).code;
  return new CliError(
    code === 'ENOENT'
      ? `image ${path} does not exist`
      : `cannot read image ${path}: ${code ?? String(e)}`
  );
}

const close = (fd: number) => () => closeSync(fd);

/** A regular file: its size is known, and only what is asked for is read. */
function fileSource(name: string, fd: number, size: number): ImageSource {
  const readAt = (out: Uint8Array, offset: number) => {
    for (let done = 0; done < out.length;) {
      const n = readSync(fd, out, done, Math.min(out.length - done, 1 << 30), offset + done);
      if (n === 0) throw tooShort(name, offset, out.length, done); // the file shrank under us
      done += n;
    }
    return out;
  };
  let scratch = new Uint8Array(0);
  return {
    name,
    size,
    truncated: null,
    available(offset) {
      if (offset >= size) throw beyondEnd(name, offset, size);
      return size - offset;
    },
    region(offset, length) {
      const avail = this.available(offset);
      if (length > avail) throw tooShort(name, offset, length, avail);
      return readAt(new Uint8Array(length), offset);
    },
    view(offset, length) {
      const n = Math.min(length, this.available(offset));
      if (scratch.length < n) scratch = new Uint8Array(n);
      return readAt(scratch.subarray(0, n), offset);
    },
    close: close(fd)
  };
}
