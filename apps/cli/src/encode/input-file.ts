/**
 * Reading an encode input (--dmesg, --console, --pmsg, --ftrace FILE) a
 * chunk at a time. What the kernel keeps of a log is bounded by a zone or a
 * dump buffer, never by the log's length, so memory stays bounded the same
 * way: a 10 GiB console log costs one console zone, not 10 GiB. Files,
 * pipes and devices are read alike (sequentially, never by size).
 * Kernel counterpart: none (user space feeding what printk, a console driver
 * or /dev/pmsg0 would have seen).
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { CliError } from '../cli-error.ts';

/** Bytes asked for per read(2). */
const INPUT_CHUNK = 1 << 20;

const ERRNO_WORDS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'is a directory',
  ENOTDIR: 'a path component is not a directory',
  ELOOP: 'too many symbolic links',
  EFBIG: 'file too large',
  ENOSPC: 'no space left on device',
  EROFS: 'read-only file system',
  EIO: 'input/output error'
};

/** "ENOENT (no such file)": the errno name a user can look up, and what it means. */
export function errnoText(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === undefined) return e instanceof Error ? e.message : String(e);
  const words = ERRNO_WORDS[code];
  return words ? `${code} (${words})` : code;
}

/** An input file opened for sequential reading. */
export class InputFile {
  readonly #fd: number;
  readonly #buf = new Uint8Array(INPUT_CHUNK);

  private constructor(
    readonly path: string,
    readonly what: string,
    fd: number
  ) {
    this.#fd = fd;
  }

  /** @throws CliError naming the option, the path and the errno. */
  static open(path: string, what: string): InputFile {
    try {
      return new InputFile(path, what, openSync(path, 'r'));
    } catch (e) {
      throw new CliError(`cannot read ${what} ${path}: ${errnoText(e)}`);
    }
  }

  /**
   * The next bytes, or null at the end. The view is only valid until the
   * next call (the buffer is reused).
   */
  read(): Uint8Array | null {
    let n: number;
    try {
      n = readSync(this.#fd, this.#buf, 0, this.#buf.length, null);
    } catch (e) {
      throw new CliError(`cannot read ${this.what} ${this.path}: ${errnoText(e)}`);
    }
    return n === 0 ? null : this.#buf.subarray(0, n);
  }

  close(): void {
    closeSync(this.#fd);
  }
}

/**
 * Cuts a byte stream into lines (each with its newline; the last may have
 * none). A line longer than `maxLine` is handed on as its last `maxLine`
 * bytes, with the number of bytes cut from its front: where a line goes into
 * a ring of `maxLine` bytes, that is exactly what one write of the whole
 * line leaves there (persistent_ram_write() keeps the tail of an oversize
 * write), and elsewhere it lets the caller report the line as too long.
 */
export class LineSplitter {
  #pending: Uint8Array;
  #length = 0;
  #cut = 0;

  constructor(
    private readonly maxLine: number,
    private readonly onLine: (line: Uint8Array, cut: number) => void
  ) {
    this.#pending = new Uint8Array(Math.min(maxLine, INPUT_CHUNK));
  }

  push(chunk: Uint8Array): void {
    let from = 0;
    for (let nl = chunk.indexOf(0x0a); nl >= 0; nl = chunk.indexOf(0x0a, from)) {
      if (this.#length === 0 && this.#cut === 0 && nl + 1 - from <= this.maxLine) {
        // The common case: a whole line inside the chunk, handed on without a copy.
        this.onLine(chunk.subarray(from, nl + 1), 0);
      } else {
        this.#append(chunk.subarray(from, nl + 1));
        this.#flush();
      }
      from = nl + 1;
    }
    if (from < chunk.length) this.#append(chunk.subarray(from));
  }

  /** Hands on the last line if it had no newline. */
  end(): void {
    if (this.#length > 0 || this.#cut > 0) this.#flush();
  }

  #flush(): void {
    this.onLine(this.#pending.subarray(0, this.#length), this.#cut);
    this.#length = 0;
    this.#cut = 0;
  }

  /** Appends to the pending line, keeping only its last maxLine bytes. */
  #append(bytes: Uint8Array): void {
    const max = this.maxLine;
    if (bytes.length >= max) {
      this.#cut += this.#length + bytes.length - max;
      this.#grow(max);
      this.#pending.set(bytes.subarray(bytes.length - max), 0);
      this.#length = max;
      return;
    }
    const overflow = this.#length + bytes.length - max;
    if (overflow > 0) {
      this.#pending.copyWithin(0, overflow, this.#length);
      this.#length -= overflow;
      this.#cut += overflow;
    }
    this.#grow(this.#length + bytes.length);
    this.#pending.set(bytes, this.#length);
    this.#length += bytes.length;
  }

  #grow(need: number): void {
    if (need <= this.#pending.length) return;
    const next = new Uint8Array(Math.min(this.maxLine, Math.max(need, this.#pending.length * 2)));
    next.set(this.#pending.subarray(0, this.#length), 0);
    this.#pending = next;
  }
}

/**
 * The last `capacity` bytes of a stream, kept in a buffer of twice that
 * size so that appending copies each byte about twice at most.
 */
export class TailWindow {
  #buf: Uint8Array;
  #start = 0;
  #end = 0;
  /** Bytes seen in all, kept or not. */
  total = 0;

  constructor(private readonly capacity: number) {
    this.#buf = new Uint8Array(Math.min(2 * capacity, 2 * INPUT_CHUNK));
  }

  push(chunk: Uint8Array): void {
    this.total += chunk.length;
    const cap = this.capacity;
    if (chunk.length >= cap) {
      this.#ensure(cap);
      this.#buf.set(chunk.subarray(chunk.length - cap), 0);
      this.#start = 0;
      this.#end = cap;
      return;
    }
    if (this.#end + chunk.length > this.#buf.length) {
      // Move what is still wanted to the front, then append.
      const keep = Math.min(this.#end - this.#start, cap - chunk.length);
      this.#ensure(Math.max(keep + chunk.length, Math.min(2 * cap, this.#buf.length * 2)));
      this.#buf.copyWithin(0, this.#end - keep, this.#end);
      this.#start = 0;
      this.#end = keep;
    }
    this.#buf.set(chunk, this.#end);
    this.#end += chunk.length;
    if (this.#end - this.#start > cap) this.#start = this.#end - cap;
  }

  /** The kept bytes (a view, valid until the next push). */
  bytes(): Uint8Array {
    return this.#buf.subarray(this.#start, this.#end);
  }

  #ensure(size: number): void {
    if (size <= this.#buf.length) return;
    const next = new Uint8Array(size);
    next.set(this.#buf.subarray(this.#start, this.#end), 0);
    this.#end -= this.#start;
    this.#start = 0;
    this.#buf = next;
  }
}
