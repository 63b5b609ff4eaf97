/**
 * The match finder the LZ-family encoders here share (lz4, lz4hc, lzo, zstd): a hash chain over
 * 4-byte prefixes, greedy parsing, and each format's end-of-block rules passed in as limits.
 * It is written for this project, not ported: the streams it yields are valid for the kernel's
 * decoders but are not byte-identical to lib/lz4, lib/lzo or lib/zstd output (see README).
 * Kernel counterpart: the match search in lib/lz4/lz4_compress.c (LZ4_compress_generic),
 * lib/lz4/lz4hc_compress.c (LZ4HC_InsertAndFindBestMatch), lib/lzo/lzo1x_compress.c
 * (lzo1x_1_do_compress) and lib/zstd's block compressors, whose output formats it feeds.
 */

/** One LZ77 step: `litLen` literals, then `matchLen` bytes copied from `offset` back. */
export interface Lz77Sequence {
  readonly litLen: number;
  readonly matchLen: number;
  readonly offset: number;
}

/** The parse of a whole input: sequences, then `tailLen` literals to the end. */
export interface Lz77Parse {
  readonly sequences: readonly Lz77Sequence[];
  readonly tailLen: number;
}

/** What the target format allows. */
export interface Lz77Limits {
  /** Shortest match worth emitting (≥ 4: the hash covers four bytes). */
  readonly minMatch: number;
  /** Largest distance the format can encode. */
  readonly maxOffset: number;
  /** Longest match the format can encode in one sequence. */
  readonly maxMatch: number;
  /** A match must start before `length - matchStartMargin` (LZ4's MFLIMIT, 12). */
  readonly matchStartMargin: number;
  /** A match must end at or before `length - matchEndMargin` (LZ4's LASTLITERALS, 5). */
  readonly matchEndMargin: number;
  /** Chain candidates tried per position: 1 is LZ4's fast mode, more is "HC". */
  readonly depth: number;
}

const HASH_BITS = 15;
const HASH_SIZE = 1 << HASH_BITS;

function hash4(src: Uint8Array, i: number): number {
  const v = (src[i]! | (src[i + 1]! << 8) | (src[i + 2]! << 16) | (src[i + 3]! << 24)) >>> 0;
  // Knuth's multiplicative hash (2654435761), as LZ4_hash4 uses.
  return Math.imul(v, 0x9e3779b1) >>> (32 - HASH_BITS);
}

/**
 * A hash-chain matcher over one input, parsed in one or more consecutive ranges (zstd blocks):
 * matches found in a range start and end inside it but may reach back into earlier ranges.
 */
export class Lz77Matcher {
  private readonly head = new Int32Array(HASH_SIZE).fill(-1);
  private readonly prev: Int32Array;

  constructor(
    private readonly src: Uint8Array,
    private readonly limits: Lz77Limits
  ) {
    this.prev = new Int32Array(src.length);
  }

  private insert(i: number): void {
    const h = hash4(this.src, i);
    this.prev[i] = this.head[h]!;
    this.head[h] = i;
  }

  /**
   * Parses `src[start, end)` greedily: at each position the longest match among `depth` chain
   * candidates, else one literal. Deterministic: the same input and limits give the same parse.
   */
  parse(start: number, end: number): Lz77Parse {
    const { src, limits, prev } = this;
    const sequences: Lz77Sequence[] = [];
    const startLimit = end - Math.max(limits.matchStartMargin, 4);
    const endLimit = end - limits.matchEndMargin;
    let anchor = start;
    let i = start;
    while (i < startLimit) {
      let bestLen = 0;
      let bestOff = 0;
      let cand = this.head[hash4(src, i)]!;
      const maxLen = Math.min(limits.maxMatch, endLimit - i);
      for (let tries = limits.depth; cand >= 0 && tries > 0; tries--) {
        const off = i - cand;
        if (off > limits.maxOffset) break;
        if (src[cand + bestLen] === src[i + bestLen]) {
          let len = 0;
          while (len < maxLen && src[cand + len] === src[i + len]) len++;
          if (len > bestLen) {
            bestLen = len;
            bestOff = off;
            if (len === maxLen) break;
          }
        }
        cand = prev[cand]!;
      }
      this.insert(i);
      if (bestLen >= limits.minMatch) {
        sequences.push({ litLen: i - anchor, matchLen: bestLen, offset: bestOff });
        const stop = i + bestLen;
        // Fast mode indexes only the match's last positions (as LZ4 does); HC indexes all.
        for (let j = limits.depth > 1 ? i + 1 : Math.max(i + 1, stop - 2); j < stop; j++) {
          if (j < startLimit) this.insert(j);
        }
        i = stop;
        anchor = i;
      } else {
        i++;
      }
    }
    return { sequences, tailLen: end - anchor };
  }
}

/** Parses the whole of `src` (one block). */
export function lz77Parse(src: Uint8Array, limits: Lz77Limits): Lz77Parse {
  return new Lz77Matcher(src, limits).parse(0, src.length);
}

/** What an encoder may be asked to avoid. */
export interface CompressOptions {
  /**
   * True for a first byte the stream must not start with. pstore-ts passes the kernel's
   * isspace(): ramoops_read_kmsg_hdr()'s sscanf() swallows whitespace after the "====…\n"
   * line, so a record starting with it loses its first byte on the next boot.
   */
  readonly avoidFirstByte?: (byte: number) => boolean;
}

/** The same parse with its first match given up: its bytes join the next literal run. */
function withoutFirstMatch(parse: Lz77Parse): Lz77Parse {
  const [first, second, ...rest] = parse.sequences;
  if (!first) return parse;
  const carried = first.litLen + first.matchLen;
  if (!second) return { sequences: [], tailLen: carried + parse.tailLen };
  return {
    sequences: [{ ...second, litLen: carried + second.litLen }, ...rest],
    tailLen: parse.tailLen
  };
}

/**
 * Encodes `parse` with `encode`, giving up leading matches while the stream's first byte is
 * one `options` rules out (a longer first literal run changes the first byte of lz4's token
 * and of lzo's literal-run byte). Returns the last attempt when no match is left to give up.
 */
export function encodeAvoiding(
  parse: Lz77Parse,
  encode: (p: Lz77Parse) => Uint8Array,
  options: CompressOptions | undefined
): Uint8Array {
  let out = encode(parse);
  const avoid = options?.avoidFirstByte;
  while (avoid && out.length > 0 && avoid(out[0]!) && parse.sequences.length > 0) {
    parse = withoutFirstMatch(parse);
    out = encode(parse);
  }
  return out;
}
