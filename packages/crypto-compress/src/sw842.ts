/**
 * The 842 format of the kernel's software 842 library (IBM's Power "842" hardware format plus
 * a software-only short-data template), as the crypto API's "842" stores it.
 *
 * The stream is a big-endian bit stream of 5-bit templates. Each of the 26 regular templates
 * produces 8 output bytes from 1–4 actions: D2/D4/D8 copy 2, 4 or 8 literal bytes from the
 * stream, I2/I4/I8 copy 2, 4 or 8 bytes already output, named by an 8-, 9- or 8-bit index
 * into a ring over the last 512, 2048 or 2048 bytes before the current 8-byte group (aligned
 * to the action's size). 0x1B repeats the last 8 bytes 1–64 times (6-bit count + 1), 0x1C
 * writes 8 zeros, 0x1D writes 1–7 literal bytes (3-bit count; the software-only template for
 * inputs that are not a multiple of 8), 0x1E ends the stream. After the end template come 32
 * bits of crc32_be(0, output) (checked by the decoder), then zero padding to a multiple of
 * 8 bytes.
 * Kernel counterpart: crypto/842.c, lib/842/842.h (the format), lib/842/842_decompress.c
 * (sw842_decompress), lib/842/842_compress.c (sw842_compress), lib/crc32.c (crc32_be).
 */

const OP_BITS = 5;
const OP_REPEAT = 0x1b;
const OP_ZEROS = 0x1c;
const OP_SHORT_DATA = 0x1d;
const OP_END = 0x1e;
const OPS_MAX = 0x1a;
const REPEAT_BITS = 6;
const SHORT_DATA_BITS = 3;
const CRC_BITS = 32;

type Action = 'D2' | 'D4' | 'D8' | 'I2' | 'I4' | 'I8';

/** decomp_ops[]: the 26 regular templates (N0 no-ops left out). */
const TEMPLATES: readonly (readonly Action[])[] = [
  ['D8'],
  ['D4', 'D2', 'I2'],
  ['D4', 'I2', 'D2'],
  ['D4', 'I2', 'I2'],
  ['D4', 'I4'],
  ['D2', 'I2', 'D4'],
  ['D2', 'I2', 'D2', 'I2'],
  ['D2', 'I2', 'I2', 'D2'],
  ['D2', 'I2', 'I2', 'I2'],
  ['D2', 'I2', 'I4'],
  ['I2', 'D2', 'D4'],
  ['I2', 'D4', 'I2'],
  ['I2', 'D2', 'I2', 'D2'],
  ['I2', 'D2', 'I2', 'I2'],
  ['I2', 'D2', 'I4'],
  ['I2', 'I2', 'D4'],
  ['I2', 'I2', 'D2', 'I2'],
  ['I2', 'I2', 'I2', 'D2'],
  ['I2', 'I2', 'I2', 'I2'],
  ['I2', 'I2', 'I4'],
  ['I4', 'D4'],
  ['I4', 'D2', 'I2'],
  ['I4', 'I2', 'D2'],
  ['I4', 'I2', 'I2'],
  ['I4', 'I4'],
  ['I8']
];

const SIZE: Record<Action, number> = { D2: 2, D4: 4, D8: 8, I2: 2, I4: 4, I8: 8 };
/** Index bits (I2_BITS, I4_BITS, I8_BITS) and ring sizes (I*_FIFO_SIZE). */
const INDEX_BITS: Record<2 | 4 | 8, number> = { 2: 8, 4: 9, 8: 8 };
const FIFO_SIZE: Record<2 | 4 | 8, number> = { 2: 512, 4: 2048, 8: 2048 };

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i << 24;
    for (let k = 0; k < 8; k++) c = c & 0x80000000 ? (c << 1) ^ 0x04c11db7 : c << 1;
    t[i] = c >>> 0;
  }
  return t;
})();

/** crc32_be(0, data): CRC-32 polynomial 0x04C11DB7, MSB first, no inversion. */
export function crc32Be(data: Uint8Array): number {
  let crc = 0;
  for (const b of data) crc = ((crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ b) & 0xff]!) >>> 0;
  return crc;
}

/** Big-endian bit reader; null once a read would pass the end (-EOVERFLOW). */
class BitReader {
  private bit = 0;
  constructor(private readonly src: Uint8Array) {}

  read(n: number): number | null {
    if (this.bit + n > this.src.length * 8) return null;
    let v = 0;
    for (let k = 0; k < n; k++) {
      const byte = this.src[(this.bit + k) >>> 3]!;
      v = v * 2 + ((byte >>> (7 - ((this.bit + k) & 7))) & 1);
    }
    this.bit += n;
    return v;
  }
}

/**
 * sw842_decompress(src, maxOut). Returns the output, or null where the kernel fails:
 * -EOVERFLOW (the stream ends before the end template and its CRC), -EINVAL (a template
 * number with no meaning, an index past the bytes written so far, a repeat with nothing
 * before it, a short-data count of 0, a CRC mismatch), -ENOSPC (more than `maxOut`). Bytes
 * after the CRC are padding and are ignored.
 */
export function sw842Decompress(src: Uint8Array, maxOut: number): Uint8Array | null {
  const out = new Uint8Array(maxOut);
  const r = new BitReader(src);
  let op = 0;
  const data = (n: number): boolean => {
    if (op + n > maxOut) return false;
    for (let k = 0; k < n; k++) {
      const b = r.read(8);
      if (b === null) return false;
      out[op++] = b;
    }
    return true;
  };
  const index = (size: 2 | 4 | 8): boolean => {
    const total = op - (op % 8);
    const idx = r.read(INDEX_BITS[size]);
    if (idx === null) return false;
    const fsize = FIFO_SIZE[size];
    let offset = idx * size;
    if (total > fsize) {
      let section = total - (total % fsize);
      if (offset >= total % fsize) section -= fsize;
      offset += section;
    }
    if (offset + size > total || op + size > maxOut) return false;
    out.copyWithin(op, offset, offset + size);
    op += size;
    return true;
  };
  for (;;) {
    const o = r.read(OP_BITS);
    if (o === null) return null;
    if (o === OP_END) break;
    if (o === OP_REPEAT) {
      const rep = r.read(REPEAT_BITS);
      if (rep === null || op < 8 || op + (rep + 1) * 8 > maxOut) return null;
      for (let k = 0; k <= rep; k++) {
        out.copyWithin(op, op - 8, op);
        op += 8;
      }
    } else if (o === OP_ZEROS) {
      if (op + 8 > maxOut) return null;
      op += 8; // out is zero-filled
    } else if (o === OP_SHORT_DATA) {
      const n = r.read(SHORT_DATA_BITS);
      if (!n || !data(n)) return null;
    } else {
      if (o >= OPS_MAX) return null;
      for (const a of TEMPLATES[o]!) {
        const size = SIZE[a] as 2 | 4 | 8;
        if (!(a[0] === 'D' ? data(size) : index(size))) return null;
      }
    }
  }
  const crc = r.read(CRC_BITS);
  if (crc === null) return null;
  const result = out.slice(0, op);
  return crc === crc32Be(result) ? result : null;
}

/** Big-endian bit writer. */
class BitWriter {
  readonly bytes: number[] = [];
  private acc = 0;
  private nb = 0;

  write(value: number, n: number): void {
    for (let k = n - 1; k >= 0; k--) {
      this.acc = (this.acc << 1) | (Math.floor(value / 2 ** k) & 1);
      if (++this.nb === 8) {
        this.bytes.push(this.acc);
        this.acc = 0;
        this.nb = 0;
      }
    }
  }

  /** Pads the last byte with zero bits. */
  flush(): void {
    if (this.nb > 0) this.write(0, 8 - this.nb);
  }
}

const keyOf = (src: Uint8Array, at: number, size: number): number | string => {
  if (size === 8) return `${keyOf(src, at, 4)}:${keyOf(src, at + 4, 4)}`;
  let v = 0;
  for (let k = 0; k < size; k++) v = v * 256 + src[at + k]!;
  return v;
};

/**
 * Encodes `src` as a software-842 stream: per 8-byte group a repeat of the previous group, 8
 * zeros, or the cheapest of the 26 templates given the most recent earlier occurrence of each
 * 2-, 4- and 8-byte piece still in its ring; short data for the last 1–7 bytes; end, CRC,
 * padding to a multiple of 8 bytes. Written for this project: valid for sw842_decompress(),
 * not byte-identical to sw842_compress().
 */
function sw842CompressUnbounded(src: Uint8Array): Uint8Array {
  const w = new BitWriter();
  const seen: Record<2 | 4 | 8, Map<number | string, number>> = {
    2: new Map(),
    4: new Map(),
    8: new Map()
  };
  const groups = Math.floor(src.length / 8);
  let repeat = 0;
  const flushRepeat = (): void => {
    if (repeat > 0) {
      w.write(OP_REPEAT, OP_BITS);
      w.write(repeat - 1, REPEAT_BITS);
      repeat = 0;
    }
  };
  for (let g = 0; g < groups; g++) {
    const p = g * 8;
    const sameAsLast = p >= 8 && src.subarray(p, p + 8).every((b, k) => b === src[p - 8 + k]);
    if (sameAsLast && repeat < 64) {
      repeat++;
    } else {
      flushRepeat();
      if (sameAsLast) {
        repeat = 1;
      } else if (src.subarray(p, p + 8).every((b) => b === 0)) {
        w.write(OP_ZEROS, OP_BITS);
      } else {
        encodeGroup(src, p, seen, w);
      }
    }
    for (const size of [2, 4, 8] as const) {
      for (let k = 0; k < 8; k += size) seen[size].set(keyOf(src, p + k, size), p + k);
    }
  }
  flushRepeat();
  const rest = src.length - groups * 8;
  if (rest > 0) {
    w.write(OP_SHORT_DATA, OP_BITS);
    w.write(rest, SHORT_DATA_BITS);
    for (let k = groups * 8; k < src.length; k++) w.write(src[k]!, 8);
  }
  w.write(OP_END, OP_BITS);
  w.write(crc32Be(src), CRC_BITS);
  w.flush();
  while (w.bytes.length % 8) w.bytes.push(0);
  return Uint8Array.from(w.bytes);
}

/** The cheapest template whose index actions all find their bytes in the rings. */
function encodeGroup(
  src: Uint8Array,
  p: number,
  seen: Record<2 | 4 | 8, Map<number | string, number>>,
  w: BitWriter
): void {
  const indexAt = (at: number, size: 2 | 4 | 8): number | null => {
    const q = seen[size].get(keyOf(src, at, size));
    if (q === undefined || q < p - FIFO_SIZE[size]) return null;
    return (q % FIFO_SIZE[size]) / size;
  };
  let best = 0;
  let bestBits = Infinity;
  let bestArgs: number[] = [];
  TEMPLATES.forEach((actions, op) => {
    let bits = OP_BITS;
    const args: number[] = [];
    let at = p;
    for (const a of actions) {
      const size = SIZE[a] as 2 | 4 | 8;
      if (a[0] === 'I') {
        const idx = indexAt(at, size);
        if (idx === null) return;
        args.push(idx);
        bits += INDEX_BITS[size];
      } else {
        bits += size * 8;
      }
      at += size;
    }
    if (bits < bestBits) {
      best = op;
      bestBits = bits;
      bestArgs = args;
    }
  });
  w.write(best, OP_BITS);
  let at = p;
  let arg = 0;
  for (const a of TEMPLATES[best]!) {
    const size = SIZE[a] as 2 | 4 | 8;
    if (a[0] === 'I') w.write(bestArgs[arg++]!, INDEX_BITS[size]);
    else for (let k = 0; k < size; k++) w.write(src[at + k]!, 8);
    at += size;
  }
}

/**
 * Compresses into at most `maxOut` bytes, or returns null where sw842_compress() fails with
 * -ENOSPC (crypto/842.c passes it on).
 */
export function sw842Compress(src: Uint8Array, maxOut: number): Uint8Array | null {
  const out = sw842CompressUnbounded(src);
  return out.length <= maxOut ? out : null;
}
