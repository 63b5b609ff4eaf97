/**
 * --console FILE and --pmsg FILE: a log written into its ring zone. Up to
 * the zone's capacity it is one write and the ring starts at 0. Beyond it,
 * one write per line, as a console driver or an app's write(2)s would have
 * stored it, so the ring wraps (start ≠ 0) and keeps the last capacity
 * bytes, which is what the kernel shows. The file is streamed: memory stays
 * at a few times the zone, whatever the log's length.
 * Kernel counterpart: fs/pstore/ram.c ramoops_pstore_write() (console) and
 * ramoops_pstore_write_user() (pmsg); fs/pstore/ram_core.c
 * persistent_ram_write() (ring wrap, tail of an oversize write).
 */
import { InputFile, LineSplitter, TailWindow } from './input-file.ts';

export interface RingInput {
  /** Bytes in the file. */
  readonly total: number;
  /** The last capacity bytes: what the zone shows. */
  readonly kept: Uint8Array;
}

/**
 * Streams `path` into a ring of `capacity` bytes through `write` (one call
 * per store the kernel would make).
 * @throws CliError when the file cannot be read; whatever `write` throws.
 */
export function writeRingInput(
  path: string,
  what: string,
  capacity: number,
  write: (bytes: Uint8Array) => void
): RingInput {
  const file = InputFile.open(path, what);
  try {
    // Read up to one byte more than fits, to know which case this is.
    const head = new Uint8Array(capacity + 1);
    let have = 0;
    let chunk = file.read();
    let rest: Uint8Array | null = null;
    while (chunk) {
      const take = Math.min(chunk.length, head.length - have);
      head.set(chunk.subarray(0, take), have);
      have += take;
      if (have === head.length) {
        rest = chunk.subarray(take);
        break;
      }
      chunk = file.read();
    }
    if (have <= capacity) {
      const text = head.subarray(0, have);
      if (have > 0) write(text);
      return { total: have, kept: text.slice() };
    }
    const tail = new TailWindow(capacity);
    const lines = new LineSplitter(capacity, (line) => write(line));
    const feed = (bytes: Uint8Array) => {
      tail.push(bytes);
      lines.push(bytes);
    };
    feed(head);
    if (rest) feed(rest);
    for (let c = file.read(); c; c = file.read()) feed(c);
    lines.end();
    return { total: tail.total, kept: tail.bytes().slice() };
  } finally {
    file.close();
  }
}
