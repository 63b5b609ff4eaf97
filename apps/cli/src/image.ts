/**
 * Reading a RAM image: exactly the ramoops region, or a larger RAM dump with
 * the region at --offset; a file, a `.gz` file, a device such as /dev/mem, or
 * standard input (`-`). Only the bytes the region needs are read: a 4 GiB
 * whole-RAM dump with a 1 MiB region at --offset costs 1 MiB, and a stream
 * that never ends (/dev/zero) or a gzip bomb is read no further than the
 * region, or than STREAM_LIMIT when the region's size must come from the
 * image itself. The region is a copy: decoding corrects ECC errors and zaps
 * zones in RAM as the kernel does, never in the user's file.
 * Kernel counterpart: none (user space reading what the kernel left in RAM).
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { Inflate } from 'pako';
import { CliError } from './cli-error.ts';
import { hex } from './format.ts';

/**
 * How far a stream of unknown length (standard input, a device, a .gz) is
 * read when nothing says how large the region is. 256 MiB is the largest
 * region the project benchmarks and four times beyond any ramoops region
 * seen on real boards (1–64 MiB); past it the user is asked for --mem-size
 * rather than having the tool swallow an endless stream.
 */
const STREAM_LIMIT = 256 * 1024 * 1024;

/** Reads of an image into `into`: how many bytes it put there, 0 at the end. */
type Pull = (into: Uint8Array) => number;

export interface ImageSource {
  /** The path as the user gave it, or "standard input". */
  readonly name: string;
  /**
   * Bytes from `offset` to the end of the image (a stream is read to its end, up to
   * STREAM_LIMIT). `beyond`: what to tell the user when a stream goes on past the limit
   * (default: give --mem-size, so that only the region is read).
   */
  available(offset: number, beyond?: string): number;
  /**
   * A copy of [offset, offset + size), checked against the image's end: in a new
   * array, or in the first `size` bytes of `into` (a scan of a large image reuses one).
   */
  region(offset: number, size: number, into?: Uint8Array): Uint8Array;
  close(): void;
}

const CHUNK = 1 << 20;

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
    if (path.endsWith('.gz')) return streamSource(path, gunzipPull(path, fd), close(fd));
    if (st.isFile()) {
      if (st.size === 0) throw new CliError(`image ${path} is empty (0 bytes)`);
      return fileSource(path, fd, st.size);
    }
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

function beyondEnd(name: string, offset: number, length: number): CliError {
  return new CliError(`--offset ${hex(offset)} is beyond the end of ${name} (${length} bytes)`);
}

function tooShort(name: string, offset: number, size: number, avail: number): CliError {
  return new CliError(
    `image ${name} is too short: the ramoops region needs mem_size ${size} (${hex(size)}) bytes ` +
      `from offset ${hex(offset)}, but only ${avail} (${hex(avail)}) are there`
  );
}

/** A regular file: its size is known, and only the region is read. */
function fileSource(name: string, fd: number, size: number): ImageSource {
  return {
    name,
    available(offset) {
      if (offset >= size) throw beyondEnd(name, offset, size);
      return size - offset;
    },
    region(offset, length, into) {
      const avail = this.available(offset);
      if (length > avail) throw tooShort(name, offset, length, avail);
      const out = into ? into.subarray(0, length) : new Uint8Array(length);
      for (let done = 0; done < length;) {
        const n = readSync(fd, out, done, Math.min(length - done, 1 << 30), offset + done);
        if (n === 0) throw tooShort(name, offset, length, done); // the file shrank under us
        done += n;
      }
      return out;
    },
    close: close(fd)
  };
}

/** Reads of a file descriptor, waiting briefly when a non-blocking pipe has nothing yet. */
function fdPull(fd: number): Pull {
  return (into) => {
    for (;;) {
      try {
        return readSync(fd, into, 0, into.length, null);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') {
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
          continue;
        }
        if (code === 'EOF') return 0;
        throw new CliError(`cannot read image: ${code ?? String(e)}`);
      }
    }
  };
}

/**
 * The decompressed bytes of a gzip file, pulled as far as they are needed:
 * input goes to the inflater in small pieces so that one piece cannot expand
 * into more than a few MiB before the reader says "enough".
 */
function gunzipPull(name: string, fd: number): Pull {
  const inflate = new Inflate();
  const ready: Uint8Array[] = [];
  inflate.onData = (chunk) => void ready.push(chunk);
  const input = new Uint8Array(16 * 1024);
  const read = fdPull(fd);
  let inputDone = false;
  return (into) => {
    while (!ready.length && !inflate.ended && !inputDone) {
      const n = read(input);
      if (n === 0) inputDone = true;
      inflate.push(input.subarray(0, n), n === 0);
      if (inflate.err) {
        throw new CliError(`image ${name} ends in .gz but is not gzip data (${inflate.msg})`);
      }
    }
    const chunk = ready[0];
    if (!chunk) {
      if (!inflate.ended) throw new CliError(`image ${name} is a truncated gzip file`);
      return 0;
    }
    const n = Math.min(chunk.length, into.length);
    into.set(chunk.subarray(0, n));
    if (n === chunk.length) ready.shift();
    else ready[0] = chunk.subarray(n);
    return n;
  };
}

/** A stream read only as far as asked, straight into one growing buffer. */
function streamSource(name: string, pull: Pull, onClose: () => void): ImageSource {
  let buf = new Uint8Array(0);
  let length = 0;
  let ended = false;
  /** Reads until `want` bytes are there or the stream ends; never holds more than `want`. */
  const fill = (want: number) => {
    while (!ended && length < want) {
      if (length === buf.length) {
        const grown = new Uint8Array(Math.min(Math.max(2 * buf.length, CHUNK), want));
        grown.set(buf.subarray(0, length));
        buf = grown;
      }
      const n = pull(buf.subarray(length, Math.min(buf.length, want)));
      if (n === 0) ended = true;
      length += n;
    }
    if (ended && length === 0) throw new CliError(`image ${name} is empty (0 bytes)`);
  };
  return {
    name,
    available(offset, beyond) {
      fill(Math.max(offset, STREAM_LIMIT));
      // One byte more says whether the stream goes on, without growing the
      // buffer (and copying it) for that byte.
      if (!ended && length >= STREAM_LIMIT && pull(new Uint8Array(1)) === 0) ended = true;
      if (!ended) {
        throw new CliError(
          `image ${name} goes on beyond ${STREAM_LIMIT} bytes (${hex(STREAM_LIMIT)}) and ` +
            (beyond ??
              'nothing says how large the ramoops region is: give --mem-size N (or ramoops.mem_size in --params) so that only the region is read')
        );
      }
      if (offset >= length) throw beyondEnd(name, offset, length);
      return length - offset;
    },
    region(offset, size, into) {
      fill(offset + size);
      if (offset >= length) throw beyondEnd(name, offset, length);
      if (offset + size > length) throw tooShort(name, offset, size, length - offset);
      if (!into) return buf.slice(offset, offset + size);
      into.set(buf.subarray(offset, offset + size));
      return into.subarray(0, size);
    },
    close: onClose
  };
}
