/**
 * Moving a zone write's bytes into the SIMD encoder's WebAssembly memory and
 * its parity out, without a view made per call. A zone write encodes one or
 * two blocks: there the fixed costs of TypedArray.set() (it needs a view of
 * the source, ~40 ns each way) are most of the call, so short copies go as
 * aligned words and parity as words shifted into bytes; long ones (batches)
 * keep set().
 * Kernel counterpart: none (the kernel's encoder reads the zone in place).
 */

/**
 * Copies in of up to this many bytes go word by word from JS; longer ones
 * take one TypedArray.set(), whose fixed cost (~50 ns with the view it
 * needs) is then amortised. encodeBlocks() of 2 blocks (256 bytes) took
 * 186 ns with words against 201 with set() from an ArrayBuffer, and 288 from
 * a SharedArrayBuffer (zone RAM), where set() copies bytewise.
 */
const WORD_COPY_MAX = 256;
/**
 * Parity of up to this many bytes (a zone write's 1–2 blocks of 16) goes out
 * as words shifted into bytes: 9 ns for 16 bytes and 25 for 32, against ~52
 * for set() with its view; at 64 bytes set() is ahead (54 against 66).
 */
const PARITY_COPY_MAX = 32;

export interface WasmCopies {
  /** Copies data[off, off+len) to memory[dataAt...]. */
  readonly copyIn: (data: Uint8Array, off: number, len: number) => void;
  /** Copies `count` parity bytes from memory[parityAt...] to out[outOff...]. */
  readonly copyOut: (out: Uint8Array, outOff: number, count: number) => void;
}

/**
 * The copies for the encoder memory `mem` (its buffer word-aligned), with
 * the data area at `dataAt` and the parity at `parityAt` (both multiples of 4).
 */
export function wasmCopies(mem: Uint8Array, dataAt: number, parityAt: number): WasmCopies {
  const words = new Int32Array(mem.buffer, mem.byteOffset, mem.byteLength >> 2);
  const dataWord = dataAt >> 2;
  const parWord = parityAt >> 2;
  // An i32 view of the last buffer data came from (a thread's zones share
  // one RAM buffer): short copies move aligned words through it, where
  // data.subarray() would allocate a view per call. It keeps that one buffer
  // alive until data comes from another.
  let viewBuffer: ArrayBufferLike | null = null;
  let view: Int32Array = words;
  const wordsOf = (buffer: ArrayBufferLike): Int32Array => {
    if (buffer !== viewBuffer) {
      view = new Int32Array(buffer, 0, buffer.byteLength >> 2);
      viewBuffer = buffer;
    }
    return view;
  };

  return {
    copyIn: (data, off, len) => {
      const p = data.byteOffset + off;
      if (len <= WORD_COPY_MAX && (p & 3) === 0) {
        const src = wordsOf(data.buffer);
        let s = p >> 2;
        const end = s + (len >> 2);
        // A resized buffer leaves the cached view short: then copy bytes.
        if (end <= src.length) {
          let d = dataWord;
          for (const end4 = s + ((len >> 4) << 2); s < end4; s += 4, d += 4) {
            words[d] = src[s]!;
            words[d + 1] = src[s + 1]!;
            words[d + 2] = src[s + 2]!;
            words[d + 3] = src[s + 3]!;
          }
          for (; s < end; s++, d++) words[d] = src[s]!;
          for (let i = len & ~3; i < len; i++) mem[dataAt + i] = data[off + i]!;
          return;
        }
      }
      mem.set(data.subarray(off, off + len), dataAt);
    },
    copyOut: (out, outOff, count) => {
      if (count > PARITY_COPY_MAX) {
        out.set(mem.subarray(parityAt, parityAt + count), outOff);
        return;
      }
      let k = 0;
      for (const end4 = count & ~3; k < end4; k += 4) {
        const w = words[parWord + (k >> 2)]!;
        out[outOff + k] = w;
        out[outOff + k + 1] = w >>> 8;
        out[outOff + k + 2] = w >>> 16;
        out[outOff + k + 3] = w >>> 24;
      }
      for (; k < count; k++) out[outOff + k] = words[parWord + (k >> 2)]! >>> ((k & 3) * 8);
    }
  };
}
