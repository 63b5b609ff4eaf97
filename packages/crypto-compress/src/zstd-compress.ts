/**
 * A small zstd encoder, written here because no pure-JS zstd compressor on npm is both sound
 * and synchronous (the WASM builds need an asynchronous instantiation pstore_dump() cannot
 * wait for). It writes one single-segment frame with the content size and no checksum, the
 * frame form crypto/zstd.c writes from 5.16 on, made of:
 * - compressed blocks: raw literals and LZ77 sequences coded with zstd's predefined FSE
 *   tables (no Huffman literals, no repeat offsets, no custom tables);
 * - a raw block wherever that is smaller, an RLE block for a block of one repeated byte.
 * Every frame is valid zstd; it is larger than the kernel's level-3 output (see README).
 * Kernel counterpart: crypto/zstd.c (__zstd_compress: ZSTD_compressCCtx with
 * ZSTD_getParams(ZSTD_DEF_LEVEL = 3, 0, 0)), lib/zstd/compress.c; include/linux/zstd.h
 * (ZSTD_compressBound).
 */
import { Lz77Matcher, type Lz77Sequence } from './lz77.ts';
import { ZSTD_MAGIC } from './zstd-decompress.ts';

const BLOCK_SIZE_MAX = 128 * 1024;

/** Which ZSTD_compressBound() a kernel has. */
export interface ZstdEra {
  /**
   * 5.16+ (lib/zstd upgraded to zstd 1.4.10): ZSTD_COMPRESSBOUND. Before, the 1.3.1 port's
   * FSE_compressBound(n) + 12 = n + n/128 + 512 + 12.
   */
  readonly zstd14: boolean;
}

/** ZSTD_compressBound(n): pstore's big_oops_buf size for zstd (zbufsize_zstd()). */
export function zstdCompressBound(n: number, era: ZstdEra): number {
  if (!era.zstd14) return n + Math.floor(n / 128) + 512 + 12;
  const small = n < BLOCK_SIZE_MAX ? Math.floor((BLOCK_SIZE_MAX - n) / 2048) : 0;
  return n + Math.floor(n / 256) + small;
}

/** One FSE table in both directions, built from a predefined normalized distribution. */
interface FseTable {
  readonly accuracyLog: number;
  /** For state S: how many bits the decoder reads, and the base of the next state. */
  readonly nbBits: Uint8Array;
  readonly baseline: Uint16Array;
  /** stateFor[symbol][nextState]: the state whose update can reach nextState. */
  readonly stateFor: Int16Array[];
  /** Any state decoding to the symbol (the encoder's start for the last sequence). */
  readonly firstState: Int16Array;
}

/** FSE_buildDTable for a predefined distribution (-1 = "less than 1"). */
function buildFse(norm: readonly number[], accuracyLog: number): FseTable {
  const size = 1 << accuracyLog;
  const symbol = new Uint8Array(size);
  const next = norm.map((c) => (c === -1 ? 1 : c));
  let high = size - 1;
  norm.forEach((c, s) => {
    if (c === -1) symbol[high--] = s;
  });
  const step = (size >>> 1) + (size >>> 3) + 3;
  let pos = 0;
  norm.forEach((c, s) => {
    for (let i = 0; i < c; i++) {
      symbol[pos] = s;
      do pos = (pos + step) & (size - 1);
      while (pos > high);
    }
  });
  const nbBits = new Uint8Array(size);
  const baseline = new Uint16Array(size);
  const stateFor = norm.map(() => new Int16Array(size).fill(-1));
  const firstState = new Int16Array(norm.length).fill(-1);
  for (let u = 0; u < size; u++) {
    const s = symbol[u]!;
    const x = next[s]!++;
    const nb = accuracyLog - (31 - Math.clz32(x));
    nbBits[u] = nb;
    baseline[u] = (x << nb) - size;
    for (let v = baseline[u]!; v < baseline[u]! + (1 << nb); v++) stateFor[s]![v] = u;
    if (firstState[s] === -1) firstState[s] = u;
  }
  return { accuracyLog, nbBits, baseline, stateFor, firstState };
}

// RFC 8878 §3.1.1.3.2.2: the predefined distributions. Built on the first
// zstd stream, not at load: every kernel worker loads this module, and only
// a board that compresses with zstd needs them.
let fse: { readonly LL: FseTable; readonly ML: FseTable; readonly OF: FseTable } | null = null;
const fseTables = () =>
  (fse ??= {
    LL: buildFse(
      [
        4, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 2, 1, 1, 1, 1,
        1, -1, -1, -1, -1
      ],
      6
    ),
    ML: buildFse(
      [
        1, 4, 3, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, -1, -1, -1, -1, -1, -1, -1
      ],
      6
    ),
    OF: buildFse(
      [1, 1, 1, 1, 1, 1, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, -1, -1, -1, -1, -1],
      5
    )
  });

const LL_BASE = [16, 18, 20, 22, 24, 28, 32, 40, 48, 64];
const LL_BITS = [1, 1, 1, 1, 2, 2, 3, 3, 4, 6];
const ML_BASE = [32, 34, 36, 38, 40, 44, 48, 56, 64, 80, 96]; // match length − 3
const ML_BITS = [1, 1, 1, 1, 2, 2, 3, 3, 4, 4, 5];

const highBit = (v: number): number => 31 - Math.clz32(v);

interface Coded {
  readonly code: number;
  readonly extra: number;
  readonly bits: number;
}

function llCode(ll: number): Coded {
  if (ll < 16) return { code: ll, extra: 0, bits: 0 };
  if (ll < 64) {
    let c = LL_BASE.length - 2;
    while (LL_BASE[c]! > ll) c--;
    return { code: 16 + c, extra: ll - LL_BASE[c]!, bits: LL_BITS[c]! };
  }
  const hb = highBit(ll);
  return { code: hb + 19, extra: ll - (1 << hb), bits: hb };
}

function mlCode(ml: number): Coded {
  const m = ml - 3;
  if (m < 32) return { code: m, extra: 0, bits: 0 };
  if (m < 128) {
    let c = ML_BASE.length - 1;
    while (ML_BASE[c]! > m) c--;
    return { code: 32 + c, extra: m - ML_BASE[c]!, bits: ML_BITS[c]! };
  }
  const hb = highBit(m);
  return { code: hb + 36, extra: m - (1 << hb), bits: hb };
}

function ofCode(offset: number): Coded {
  // Offset_Value = offset + 3: repeat offsets (values 1..3) are never used.
  const v = offset + 3;
  const hb = highBit(v);
  return { code: hb, extra: v - 2 ** hb, bits: hb };
}

/** zstd's backward bitstream: written LSB first, read from the end, closed by a 1 bit. */
class BitWriter {
  readonly bytes: number[] = [];
  private acc = 0;
  private nb = 0;

  add(value: number, bits: number): void {
    if (bits === 0) return;
    this.acc += value * 2 ** this.nb;
    this.nb += bits;
    while (this.nb >= 8) {
      this.bytes.push(this.acc % 256);
      this.acc = Math.floor(this.acc / 256);
      this.nb -= 8;
    }
  }

  close(): number[] {
    this.add(1, 1);
    if (this.nb > 0) this.bytes.push(this.acc);
    return this.bytes;
  }
}

function literalsHeader(n: number): number[] {
  // Raw_Literals_Block (type 0): 1, 2 or 3 header bytes by size.
  if (n < 32) return [n << 3];
  if (n < 4096) return [(1 << 2) | ((n & 15) << 4), n >>> 4];
  return [(3 << 2) | ((n & 15) << 4), (n >>> 4) & 0xff, n >>> 12];
}

function sequencesSection(seqs: readonly Lz77Sequence[]): number[] {
  const n = seqs.length;
  const out: number[] =
    n < 128
      ? [n]
      : n < 0x7f00
        ? [(n >>> 8) + 128, n & 0xff]
        : [255, (n - 0x7f00) & 0xff, (n - 0x7f00) >>> 8];
  out.push(0); // LL, OF, ML: Predefined_Mode
  const coded = seqs.map((s) => ({
    ll: llCode(s.litLen),
    ml: mlCode(s.matchLen),
    of: ofCode(s.offset)
  }));
  // The decoder reads the last-written bits first: write everything in reverse.
  const w = new BitWriter();
  const last = coded[n - 1]!;
  const { LL: LL_TABLE, ML: ML_TABLE, OF: OF_TABLE } = fseTables();
  let llState = LL_TABLE.firstState[last.ll.code]!;
  let mlState = ML_TABLE.firstState[last.ml.code]!;
  let ofState = OF_TABLE.firstState[last.of.code]!;
  for (let i = n - 1; i >= 0; i--) {
    const c = coded[i]!;
    if (i < n - 1) {
      const step = (t: FseTable, code: number, nextState: number): number =>
        t.stateFor[code]![nextState]!;
      const ofPrev = step(OF_TABLE, c.of.code, ofState);
      const mlPrev = step(ML_TABLE, c.ml.code, mlState);
      const llPrev = step(LL_TABLE, c.ll.code, llState);
      // Decoder order: LL, ML, OF state updates; reversed here.
      w.add(ofState - OF_TABLE.baseline[ofPrev]!, OF_TABLE.nbBits[ofPrev]!);
      w.add(mlState - ML_TABLE.baseline[mlPrev]!, ML_TABLE.nbBits[mlPrev]!);
      w.add(llState - LL_TABLE.baseline[llPrev]!, LL_TABLE.nbBits[llPrev]!);
      ofState = ofPrev;
      mlState = mlPrev;
      llState = llPrev;
    }
    // Decoder order: offset, match length, literal length extra bits; reversed here.
    w.add(c.ll.extra, c.ll.bits);
    w.add(c.ml.extra, c.ml.bits);
    w.add(c.of.extra, c.of.bits);
  }
  // Decoder reads the initial states LL, OF, ML.
  w.add(mlState, ML_TABLE.accuracyLog);
  w.add(ofState, OF_TABLE.accuracyLog);
  w.add(llState, LL_TABLE.accuracyLog);
  return out.concat(w.close());
}

function blockHeader(last: boolean, type: number, size: number): number[] {
  const v = (size << 3) | (type << 1) | (last ? 1 : 0);
  return [v & 0xff, (v >>> 8) & 0xff, v >>> 16];
}

/** Encodes `src` as one zstd frame (any length). */
function zstdCompressFrame(src: Uint8Array): Uint8Array {
  const n = src.length;
  const out: number[] = [...ZSTD_MAGIC];
  // Frame_Header_Descriptor: Single_Segment, FCS size by value, no checksum, no dictionary.
  if (n < 256) out.push(0x20, n);
  else if (n < 65536 + 256) out.push(0x60, (n - 256) & 0xff, (n - 256) >>> 8);
  else out.push(0xa0, n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, n >>> 24);
  const matcher = new Lz77Matcher(src, {
    minMatch: 4,
    maxOffset: n,
    maxMatch: BLOCK_SIZE_MAX,
    matchStartMargin: 4,
    matchEndMargin: 0,
    depth: 16
  });
  let start = 0;
  do {
    const end = Math.min(n, start + BLOCK_SIZE_MAX);
    const last = end === n;
    const block = src.subarray(start, end);
    const parse = matcher.parse(start, end);
    let body: number[] | null = null;
    let type = 0;
    if (block.length > 1 && block.every((b) => b === block[0])) {
      type = 1;
      body = [block[0]!];
    } else if (parse.sequences.length > 0) {
      const lits: number[] = [];
      let pos = start;
      for (const s of parse.sequences) {
        for (let k = 0; k < s.litLen; k++) lits.push(src[pos + k]!);
        pos += s.litLen + s.matchLen;
      }
      for (let k = 0; k < parse.tailLen; k++) lits.push(src[pos + k]!);
      const compressed = literalsHeader(lits.length).concat(
        lits,
        sequencesSection(parse.sequences)
      );
      if (compressed.length < block.length) {
        type = 2;
        body = compressed;
      }
    }
    if (body === null) {
      type = 0;
      body = Array.from(block);
    }
    const size = type === 1 ? block.length : body.length;
    for (const b of blockHeader(last, type, size)) out.push(b);
    for (const b of body) out.push(b);
    start = end;
  } while (start < n);
  return Uint8Array.from(out);
}

/**
 * Compresses into at most `maxOut` bytes, or returns null where ZSTD_compressCCtx() fails with
 * dstSize_tooSmall (crypto/zstd.c: -EINVAL).
 */
export function zstdCompress(src: Uint8Array, maxOut: number): Uint8Array | null {
  const out = zstdCompressFrame(src);
  return out.length <= maxOut ? out : null;
}
