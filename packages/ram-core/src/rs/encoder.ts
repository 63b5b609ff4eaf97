/**
 * Table-driven Reed–Solomon encoder, bit-identical to the kernel's LFSR.
 * Kernel counterpart: lib/reed_solomon/encode_rs.c (encode_rs8) as called by
 * fs/pstore/ram_core.c persistent_ram_encode_rs8().
 *
 * Why tables: encoding runs on every zone write and the kernel's byte-serial
 * LFSR with log/antilog lookups manages ~38 MB/s. The parity state is linear
 * in the input, so feeding byte x at position i of a K-byte slice, followed by
 * K−1−i zero bytes, contributes a fixed vector Tab_i[x]; a whole slice then
 * becomes K table lookups XORed together ("slice-by-K", as in fast CRCs).
 * The parity state lives in 32-bit words: byte k of the state (par[k]) is
 * bits 8·(k mod 4) of word k/4.
 */
import { ERANGE } from '../errno.ts';
import { NN } from './galois-field.ts';
import type { RsCode } from './params.ts';
import { createSimdEncoder } from './simd-encoder.ts';

export interface RsEncoder {
  /**
   * Writes the nroots parity bytes of data[off, off+len) to out[outOff...],
   * par[0] first. Returns 0, or ERANGE (−34) when len does not fit the code;
   * then `out` is zero-filled, exactly what ram_core leaves after its memset
   * when encode_rs8() refuses.
   */
  encodeInto: (
    data: Uint8Array,
    off: number,
    len: number,
    out: Uint8Array,
    outOff: number
  ) => number;
  /**
   * Encodes data[off, off+len) as consecutive blocks of blockSize bytes (the
   * last one may be shorter), writing block b's parity at
   * out[outOff + b·nroots]. This is what a zone write and the boot-time check
   * of a zone do; one call lets an implementation amortise its set-up.
   * `out` must not overlap the data being encoded.
   */
  encodeBlocks: (
    data: Uint8Array,
    off: number,
    len: number,
    blockSize: number,
    out: Uint8Array,
    outOff: number
  ) => void;
  /**
   * Optional: whether par[parOff, parOff+nroots) equals the parity of
   * data[off, off+len), for a len the code carries. The decoder's clean-block
   * check; encoders whose output is costly to hand back (WebAssembly) fuse
   * the compare into the encode.
   */
  parityEquals?: (
    data: Uint8Array,
    off: number,
    len: number,
    par: Uint8Array,
    parOff: number
  ) => boolean;
}

/** encodeBlocks() on top of encodeInto(), for encoders without a batch path. */
export function encodeBlocksBy(
  encodeInto: RsEncoder['encodeInto'],
  nroots: number
): RsEncoder['encodeBlocks'] {
  return (data, off, len, blockSize, out, outOff) => {
    for (let pos = 0, par = outOff; pos < len; pos += blockSize, par += nroots) {
      encodeInto(data, off + pos, Math.min(blockSize, len - pos), out, par);
    }
  };
}

/** mul(a, b) in GF(2^8) via the log tables. */
function gfMul(code: RsCode, a: number, b: number): number {
  if (a === 0 || b === 0) return 0;
  return code.alphaTo[(code.indexOf[a]! + code.indexOf[b]!) % NN]!;
}

/**
 * Builds Tab_i for i in 0..K−1 with W words per entry:
 * Tab_{K−1}[x] is the state after feeding x into a zero state;
 * Tab_{i}[x] is Tab_{i+1}[x] after feeding one more zero byte.
 *
 * Only the eight single-bit inputs x = 1, 2, 4 … 128 run the LFSR: every
 * step is GF(2)-linear in x (multiplying by a constant of GF(2^8) is), so
 * Tab_i[a ⊕ b] = Tab_i[a] ⊕ Tab_i[b] and the other 248 entries of each table
 * are XORs of two earlier ones. This matters for start-up, not throughput:
 * every fresh kernel worker builds its tables on its first ECC zone, in
 * cold (interpreted) code, and the full LFSR walk took ~12 ms there.
 */
export function buildTables(code: RsCode, K: number, W: number): Int32Array {
  const n = code.nroots;
  const g = code.genpolyValues;
  const tab = new Int32Array(K * 256 * W);
  const state = new Uint8Array(n + 1);
  for (let bit = 0; bit < 8; bit++) {
    const x = 1 << bit;
    // One step from the zero state with feedback x: par[k] = x·g[n−1−k].
    for (let k = 0; k < n; k++) state[k] = gfMul(code, x, g[n - 1 - k]!);
    for (let i = K - 1; i >= 0; i--) {
      const base = (i * 256 + x) * W;
      for (let k = 0; k < n; k++) tab[base + (k >> 2)]! |= state[k]! << ((k & 3) * 8);
      // Feed a zero byte: feedback = par[0], shift, add feedback·g.
      const fb = state[0]!;
      for (let k = 0; k < n - 1; k++) state[k] = state[k + 1]! ^ gfMul(code, fb, g[n - 1 - k]!);
      state[n - 1] = gfMul(code, fb, g[0]!);
    }
  }
  for (let i = 0; i < K; i++) {
    const t = i * 256 * W;
    for (let x = 3; x < 256; x++) {
      const low = x & -x;
      if (low === x) continue; // a single bit: computed above
      const a = t + (x ^ low) * W;
      const b = t + low * W;
      const d = t + x * W;
      for (let w = 0; w < W; w++) tab[d + w] = tab[a + w]! ^ tab[b + w]!;
    }
  }
  return tab;
}

/** Tables another thread built (codec-seed.ts), by code and shape. */
const adoptedTables = new Map<string, Int32Array>();

/** The code a table set belongs to: genpoly depends on all four. */
export interface TableCode {
  readonly nroots: number;
  readonly poly: number;
  readonly fcr: number;
  readonly prim: number;
}

const tablesKey = (c: TableCode, K: number, W: number): string =>
  `${c.nroots}/${c.poly}/${c.fcr}/${c.prim}/${K}/${W}`;

/**
 * Uses `tables` (buildTables() of this code and shape, made in another
 * thread, typically in a SharedArrayBuffer) instead of building them here.
 */
export function adoptTables(code: TableCode, K: number, W: number, tables: Int32Array): void {
  adoptedTables.set(tablesKey(code, K, W), tables);
}

/** buildTables(), unless the tables were adopted. */
function adoptedOrBuiltTables(code: RsCode, K: number, W: number): Int32Array {
  return adoptedTables.get(tablesKey(code, K, W)) ?? buildTables(code, K, W);
}

export interface EncoderOptions {
  /**
   * Use the WebAssembly SIMD encoder (simd-encoder.ts) for nroots ≤ 16 when
   * the runtime supports it (default true); false forces the JS encoder.
   */
  readonly simd?: boolean;
}

/**
 * Creates the fastest encoder for the code: WebAssembly SIMD for nroots ≤ 16
 * where available, else JS, unrolled for nroots 16 and generic otherwise.
 */
export function createEncoder(code: RsCode, options: EncoderOptions = {}): RsEncoder {
  if (options.simd !== false) {
    const simd = createSimdEncoder(code, adoptedOrBuiltTables);
    if (simd) return simd;
  }
  return createJsEncoder(code);
}

/** The table-driven JS encoder (slice-by-16 with tables of 4 i32 words per entry). */
export function createJsEncoder(code: RsCode): RsEncoder {
  const n = code.nroots;
  const K = Math.min(n, 16);
  const W = (n + 3) >> 2;
  const tab = buildTables(code, K, W);
  return n === 16 ? encoder16(tab) : encoderGeneric(tab, n, K, W);
}

function encoder16(T: Int32Array): RsEncoder {
  // Offsets of Tab_i in words: i·256·4.
  const encodeInto: RsEncoder['encodeInto'] = (d, off, len, out, outOff) => {
    const pad = NN - 16 - len;
    if (pad < 0 || pad >= NN) {
      out.fill(0, outOff, outOff + 16);
      return ERANGE;
    }
    let w0 = 0,
      w1 = 0,
      w2 = 0,
      w3 = 0;
    let p = off;
    const end16 = off + (len & ~15);
    while (p < end16) {
      const x0 = ((d[p]! ^ w0) & 255) << 2;
      const x1 = (((d[p + 1]! ^ (w0 >>> 8)) & 255) << 2) | 1024;
      const x2 = (((d[p + 2]! ^ (w0 >>> 16)) & 255) << 2) | 2048;
      const x3 = (((d[p + 3]! ^ (w0 >>> 24)) & 255) << 2) + 3072;
      const x4 = (((d[p + 4]! ^ w1) & 255) << 2) | 4096;
      const x5 = (((d[p + 5]! ^ (w1 >>> 8)) & 255) << 2) + 5120;
      const x6 = (((d[p + 6]! ^ (w1 >>> 16)) & 255) << 2) + 6144;
      const x7 = (((d[p + 7]! ^ (w1 >>> 24)) & 255) << 2) + 7168;
      const x8 = (((d[p + 8]! ^ w2) & 255) << 2) | 8192;
      const x9 = (((d[p + 9]! ^ (w2 >>> 8)) & 255) << 2) + 9216;
      const x10 = (((d[p + 10]! ^ (w2 >>> 16)) & 255) << 2) + 10240;
      const x11 = (((d[p + 11]! ^ (w2 >>> 24)) & 255) << 2) + 11264;
      const x12 = (((d[p + 12]! ^ w3) & 255) << 2) + 12288;
      const x13 = (((d[p + 13]! ^ (w3 >>> 8)) & 255) << 2) + 13312;
      const x14 = (((d[p + 14]! ^ (w3 >>> 16)) & 255) << 2) + 14336;
      const x15 = (((d[p + 15]! ^ (w3 >>> 24)) & 255) << 2) + 15360;
      w0 =
        T[x0]! ^
        T[x1]! ^
        T[x2]! ^
        T[x3]! ^
        T[x4]! ^
        T[x5]! ^
        T[x6]! ^
        T[x7]! ^
        T[x8]! ^
        T[x9]! ^
        T[x10]! ^
        T[x11]! ^
        T[x12]! ^
        T[x13]! ^
        T[x14]! ^
        T[x15]!;
      w1 =
        T[x0 + 1]! ^
        T[x1 + 1]! ^
        T[x2 + 1]! ^
        T[x3 + 1]! ^
        T[x4 + 1]! ^
        T[x5 + 1]! ^
        T[x6 + 1]! ^
        T[x7 + 1]! ^
        T[x8 + 1]! ^
        T[x9 + 1]! ^
        T[x10 + 1]! ^
        T[x11 + 1]! ^
        T[x12 + 1]! ^
        T[x13 + 1]! ^
        T[x14 + 1]! ^
        T[x15 + 1]!;
      w2 =
        T[x0 + 2]! ^
        T[x1 + 2]! ^
        T[x2 + 2]! ^
        T[x3 + 2]! ^
        T[x4 + 2]! ^
        T[x5 + 2]! ^
        T[x6 + 2]! ^
        T[x7 + 2]! ^
        T[x8 + 2]! ^
        T[x9 + 2]! ^
        T[x10 + 2]! ^
        T[x11 + 2]! ^
        T[x12 + 2]! ^
        T[x13 + 2]! ^
        T[x14 + 2]! ^
        T[x15 + 2]!;
      w3 =
        T[x0 + 3]! ^
        T[x1 + 3]! ^
        T[x2 + 3]! ^
        T[x3 + 3]! ^
        T[x4 + 3]! ^
        T[x5 + 3]! ^
        T[x6 + 3]! ^
        T[x7 + 3]! ^
        T[x8 + 3]! ^
        T[x9 + 3]! ^
        T[x10 + 3]! ^
        T[x11 + 3]! ^
        T[x12 + 3]! ^
        T[x13 + 3]! ^
        T[x14 + 3]! ^
        T[x15 + 3]!;
      p += 16;
    }
    // Tail: byte-serial steps with Tab_15 (one byte followed by no zeros).
    const end = off + len;
    while (p < end) {
      const x = (((d[p]! ^ w0) & 255) << 2) + 15360;
      w0 = ((w0 >>> 8) | (w1 << 24)) ^ T[x]!;
      w1 = ((w1 >>> 8) | (w2 << 24)) ^ T[x + 1]!;
      w2 = ((w2 >>> 8) | (w3 << 24)) ^ T[x + 2]!;
      w3 = (w3 >>> 8) ^ T[x + 3]!;
      p++;
    }
    putWord(out, outOff, w0);
    putWord(out, outOff + 4, w1);
    putWord(out, outOff + 8, w2);
    putWord(out, outOff + 12, w3);
    return 0;
  };
  return { encodeInto, encodeBlocks: encodeBlocksBy(encodeInto, 16) };
}

function putWord(out: Uint8Array, at: number, w: number): void {
  out[at] = w;
  out[at + 1] = w >>> 8;
  out[at + 2] = w >>> 16;
  out[at + 3] = w >>> 24;
}

function encoderGeneric(T: Int32Array, n: number, K: number, W: number): RsEncoder {
  const state = new Uint32Array(W);
  const xs = new Int32Array(K);
  const last = (K - 1) * 256;
  const encodeInto: RsEncoder['encodeInto'] = (d, off, len, out, outOff) => {
    const pad = NN - n - len;
    if (pad < 0 || pad >= NN) {
      out.fill(0, outOff, outOff + n);
      return ERANGE;
    }
    state.fill(0);
    let p = off;
    const endK = off + len - (len % K);
    while (p < endK) {
      // next = shift^K(state) ⊕ XOR_i Tab_i[d_i ⊕ s_i]; K is 16 (4 words) or n.
      for (let i = 0; i < K; i++) {
        xs[i] = (i * 256 + ((d[p + i]! ^ (state[i >> 2]! >>> ((i & 3) * 8))) & 255)) * W;
      }
      for (let w = 0; w < W; w++) {
        let acc = K === 16 && w + 4 < W ? state[w + 4]! : 0;
        for (let i = 0; i < K; i++) acc ^= T[xs[i]! + w]!;
        state[w] = acc;
      }
      p += K;
    }
    const end = off + len;
    while (p < end) {
      const x = (last + ((d[p]! ^ state[0]!) & 255)) * W;
      for (let w = 0; w < W - 1; w++) {
        state[w] = ((state[w]! >>> 8) | (state[w + 1]! << 24)) ^ T[x + w]!;
      }
      state[W - 1] = (state[W - 1]! >>> 8) ^ T[x + W - 1]!;
      p++;
    }
    for (let k = 0; k < n; k++) out[outOff + k] = state[k >> 2]! >>> ((k & 3) * 8);
    return 0;
  };
  return { encodeInto, encodeBlocks: encodeBlocksBy(encodeInto, n) };
}
