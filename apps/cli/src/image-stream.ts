/**
 * An image of unknown length (standard input, a device such as /dev/mem or
 * /dev/zero, a .gz file) read forward only, holding only the bytes from the
 * last offset asked for on: decoding a region 3 GiB into a gzipped 4 GiB
 * RAM dump holds the region, not the 3 GiB before it, and probe scans such
 * a stream to its end with one window's memory. A stream that never ends or
 * a gzip bomb is read no further than what is asked for.
 * Kernel counterpart: none (user space reading what the kernel left in RAM).
 */
import { readSync } from 'node:fs';
import { Inflate } from 'pako';
import { CliError } from './cli-error.ts';
import { hex } from './format.ts';
import { beyondEnd, tooShort } from './image-errors.ts';
import type { ImageSource } from './image.ts';

/**
 * How far past its offset a stream is read when nothing says how large the
 * region is. 256 MiB is the largest region the project benchmarks and four
 * times beyond any ramoops region seen on real boards (1–64 MiB); past it
 * the user is asked for --mem-size rather than having the tool swallow an
 * endless stream.
 */
const STREAM_LIMIT = 256 * 1024 * 1024;

/** Reads of an image into `into`: how many bytes it put there, 0 at the end. */
export type Pull = (into: Uint8Array) => number;

const CHUNK = 1 << 20;
/** zlib.h: no progress possible, here because the input ended mid-stream. */
const Z_BUF_ERROR = -5;

/** Reads of a file descriptor, waiting briefly when a non-blocking pipe has nothing yet. */
export function fdPull(fd: number): Pull {
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
 * into more than a few MiB before the reader says "enough". A file cut
 * short (a download or a dump interrupted) ends where its bytes end, and
 * `truncated()` says so: what came before reads as it is.
 */
export function gunzipPull(
  name: string,
  fd: number
): { readonly pull: Pull; readonly truncated: () => string | null } {
  const inflate = new Inflate();
  const ready: Uint8Array[] = [];
  inflate.onData = (chunk) => void ready.push(chunk);
  const input = new Uint8Array(16 * 1024);
  const read = fdPull(fd);
  let inputDone = false;
  let inBytes = 0;
  let outBytes = 0;
  let magic = true;
  let cut: string | null = null;
  let cutShort = false;
  const pull: Pull = (into) => {
    while (!ready.length && !inflate.ended && !inputDone) {
      const n = read(input);
      if (n === 0) inputDone = true;
      // RFC 1952: every member starts 1f 8b.
      if (inBytes === 0 && n > 0) magic = input[0] === 0x1f && (n < 2 || input[1] === 0x8b);
      if (inBytes === 1 && n > 0) magic &&= input[0] === 0x8b;
      inBytes += n;
      inflate.push(input.subarray(0, n), n === 0);
      if (inflate.err) {
        // Input that ends mid-stream (Z_BUF_ERROR at the end) after a gzip magic: a
        // download or dump cut short. What came before it has been read.
        if (!(magic && inputDone && inflate.err === Z_BUF_ERROR)) {
          throw new CliError(`image ${name} ends in .gz but is not gzip data (${inflate.msg})`);
        }
        cutShort = true; // pako marks the inflater ended on any error
        break;
      }
    }
    const chunk = ready[0];
    if (!chunk) {
      if (cutShort || !inflate.ended) {
        cut ??=
          `image ${name} is a truncated gzip file: its ${inBytes} byte(s) end ` +
          `${outBytes} (${hex(outBytes)}) bytes into the image`;
      }
      return 0;
    }
    const n = Math.min(chunk.length, into.length);
    into.set(chunk.subarray(0, n));
    outBytes += n;
    if (n === chunk.length) ready.shift();
    else ready[0] = chunk.subarray(n);
    return n;
  };
  return { pull, truncated: () => cut };
}

/**
 * A stream read forward only into one buffer that holds stream bytes
 * [base, base + length) at buf[start…]. Each call forgets what lies before
 * its offset; bytes skipped over are read into a scratch piece and dropped.
 */
export function streamSource(
  name: string,
  pull: Pull,
  onClose: () => void,
  cut: () => string | null = () => null
): ImageSource {
  let buf = new Uint8Array(0);
  let start = 0;
  let base = 0;
  let length = 0;
  let ended = false;
  /** How far the stream has been read. */
  const seen = () => base + length;
  const pullInto = (into: Uint8Array) => {
    const n = pull(into);
    if (n === 0) ended = true;
    return n;
  };
  /** An end short of what was asked is the cut's, where the stream was cut short. */
  const short = (e: CliError, end: number) => {
    const why = cut();
    return why ? new CliError(`${why}; the read needs the bytes up to ${hex(end)}`) : e;
  };
  const notEmpty = () => {
    if (ended && seen() === 0) throw new CliError(cut() ?? `image ${name} is empty (0 bytes)`);
  };

  /** Moves `base` to `offset`, forgetting what lies before it. */
  function advance(offset: number) {
    // Callers ask in order (a scan, then windows from headers it found); anything else is a bug.
    if (offset < base) {
      throw new Error(`stream ${name} is read forward only: offset ${offset} is before ${base}`);
    }
    if (offset <= seen()) {
      start += offset - base;
      length -= offset - base;
      base = offset;
      return;
    }
    base = seen();
    start = length = 0;
    const scratch = buf.length >= CHUNK ? buf : new Uint8Array(CHUNK);
    while (!ended && base < offset) {
      base += pullInto(scratch.subarray(0, Math.min(scratch.length, offset - base)));
    }
    notEmpty();
  }

  /** Reads until the bytes before stream position `end` are held, or the stream ends. */
  function fill(end: number) {
    const want = end - base;
    while (!ended && length < want) {
      if (start + length === buf.length) {
        if (start > 0) {
          // Room at the front: what is held moves there (a scan step's tail, ~64 MiB at most).
          buf.copyWithin(0, start, start + length);
        } else {
          // Straight to `want` (pages the stream never fills are never touched,
          // so a short stream costs only its bytes); doubling only towards a
          // size beyond any region, which the stream may never reach.
          const grown = new Uint8Array(
            want <= STREAM_LIMIT + CHUNK ? want : Math.min(want, Math.max(CHUNK, 2 * buf.length))
          );
          grown.set(buf.subarray(start, start + length));
          buf = grown;
        }
        start = 0;
      }
      length += pullInto(buf.subarray(start + length, Math.min(buf.length, start + want)));
    }
    notEmpty();
  }

  return {
    name,
    get size() {
      return ended ? seen() : null;
    },
    get truncated() {
      return cut();
    },
    available(offset) {
      advance(offset);
      // One byte more than the limit says whether the stream goes on.
      fill(offset + STREAM_LIMIT + 1);
      // The region would be the rest of the image: not where the image was cut short.
      const why = cut();
      if (why) {
        throw new CliError(`${why}: give --mem-size N so that only the region is read`);
      }
      if (length > STREAM_LIMIT) {
        throw new CliError(
          `image ${name} goes on beyond ${STREAM_LIMIT} bytes (${hex(STREAM_LIMIT)})` +
            (offset ? ` past --offset ${hex(offset)}` : '') +
            ' and nothing says how large the ramoops region is: give --mem-size N (or ramoops.mem_size in --params) so that only the region is read'
        );
      }
      if (length === 0) throw beyondEnd(name, offset, seen());
      return length;
    },
    region(offset, size) {
      advance(offset);
      fill(offset + size);
      if (length === 0) throw short(beyondEnd(name, offset, seen()), offset + size);
      if (size > length) throw short(tooShort(name, offset, size, length), offset + size);
      // The region is the caller's: a copy where it is a small part of the
      // buffer, else the buffer itself, handed over (what follows it is then
      // kept apart, since later reads would overwrite the region's bytes).
      const small = 2 * size < buf.length;
      const out = small ? buf.slice(start, start + size) : buf.subarray(start, start + size);
      base += size;
      start += size;
      length -= size;
      if (!small) {
        buf = buf.slice(start, start + length);
        start = 0;
      }
      return out;
    },
    view(offset, size) {
      advance(offset);
      // One byte more says whether the image ends with this view.
      fill(offset + size + 1);
      if (length === 0) throw short(beyondEnd(name, offset, seen()), offset + 1);
      return buf.subarray(start, start + Math.min(size, length));
    },
    close: onClose
  };
}
