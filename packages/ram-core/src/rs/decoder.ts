/**
 * Reed–Solomon decoder with the semantics of the current kernel decode_rs8().
 * Kernel counterpart: lib/reed_solomon/decode_rs.c (the 5.2+ version with the
 * deg(λ) = 0 refusal, the "error in the padding" refusal and the final
 * syndrome verification), called as ram_core.c persistent_ram_decode_rs8()
 * does: no erasures, no caller syndrome, corrections applied in place.
 *
 * Why a fast path: ramoops decodes every block of every zone at boot, and
 * nearly all of them are clean. A block is a codeword exactly when its stored
 * parity equals the parity of its data, so the clean case is one table-driven
 * encode and a 16-byte compare. When they differ, the syndromes of the
 * received word equal the syndromes of the parity difference alone (the
 * re-encoded word is a codeword), so the error path starts from nroots bytes.
 * From the syndromes on, the steps are the kernel's, so return values and
 * corrections are identical on every error count.
 *
 * Why the error path is tuned too: a region of garbage (a wrong layout, RAM
 * that lost power) makes every block uncorrectable, and then this path is
 * the whole cost of a read (issue 11 bounds it at 10× the clean read). Sums
 * of two logarithms, and the longer exponents of the Chien search, Forney
 * and the verification, index a wide antilog table (NN² + 2·NN entries)
 * instead of taking `% NN` (8-error blocks went from 25–28 to 32 MB/s
 * against `% NN` and a branch per position), and the Chien search skips the positions of the virtual zero padding: a
 * root there fails the block exactly as a missing root does, so skipping
 * them changes no result (see chienSearch).
 */
import { EBADMSG, ERANGE } from '../errno.ts';
import { berlekampMassey, type BmBuffers } from './berlekamp-massey.ts';
import { NN } from './galois-field.ts';
import { gfMul, type GfMul } from './gf-mul.ts';
import type { RsEncoder } from './encoder.ts';
import type { RsCode } from './params.ts';

export interface RsDecoder {
  /**
   * Decodes data[off, off+len) against parity par[parOff, parOff+nroots).
   * Corrects data in place and parity symbols in `par` (callers that must
   * not touch stored parity pass a scratch copy, as ram_core does).
   * Returns the number of corrected symbols, 0 for a clean block, EBADMSG
   * (−74) when uncorrectable, ERANGE (−34) for an impossible length.
   */
  decodeAt: (data: Uint8Array, off: number, len: number, par: Uint8Array, parOff: number) => number;
}

/** Working buffers, sized nroots + 1 like the kernel's rs_control buffers. */
interface Workspace {
  /** Syndromes, index form (NN for zero). */
  readonly syn: Int32Array;
  /** Syndromes, polynomial form. */
  readonly synPoly: Uint8Array;
  /** λ(x), index form, after Berlekamp–Massey. */
  readonly lambda: Int32Array;
  /** Berlekamp–Massey's buffers, polynomial form. */
  readonly bm: BmBuffers;
  /** Forney's error values (the kernel reuses b[] for them). */
  readonly b: Int32Array;
  readonly omega: Int32Array;
  readonly root: Int32Array;
  readonly reg: Int32Array;
  readonly loc: Int32Array;
  /** The verification's per-error factors: log of b[j] (−1 for zero) and NN − loc[j] − 1. */
  readonly bLog: Int32Array;
  readonly locFactor: Int32Array;
  /** λ(α^i) for i = 1..NN, the Chien search's values. */
  readonly chien: Uint8Array;
}

/** Working buffers for `correct`, sized for `n` roots. */
function workspace(n: number): Workspace {
  const a = () => new Int32Array(n + 1);
  const p = () => new Uint8Array(n + 1);
  return {
    syn: a(),
    synPoly: p(),
    lambda: a(),
    bm: { lambda: p(), b: p(), spare: p() },
    b: a(),
    omega: a(),
    root: a(),
    reg: a(),
    loc: a(),
    bLog: a(),
    locFactor: a(),
    chien: new Uint8Array(NN + 1)
  };
}

/**
 * alphaWide[k] = α^(k mod NN) for 0 ≤ k < NN² + 2·NN: sums of two
 * logarithms, and the Chien search's, Forney's and the verification's
 * exponents (a logarithm plus a product of two, at most 254 + 254·254),
 * index it with no `% NN` in the inner loops. 64 KiB, built on
 * the first decode that corrects (clean blocks never come here).
 */
const wide = new WeakMap<Uint8Array, Uint8Array>();
function alphaWide(alphaTo: Uint8Array): Uint8Array {
  let t = wide.get(alphaTo);
  if (!t) {
    t = new Uint8Array(NN * NN + 2 * NN);
    for (let k = 0; k < t.length; k++) t[k] = alphaTo[k % NN]!;
    wide.set(alphaTo, t);
  }
  return t;
}

export function createDecoder(code: RsCode, encoder: RsEncoder): RsDecoder {
  const n = code.nroots;
  const ws = workspace(n);
  const scratch = new Uint8Array(n);
  const { indexOf, alphaTo } = code;
  // The product table (64 KiB, a few ms in a cold worker) only on the first
  // block with a parity difference: a boot over clean RAM never needs it, and
  // every boot is a fresh worker.
  let gf: GfMul | null = null;
  // powers[p·n + i] = α^(e_i·p), e_i = (fcr+i)·prim: what parity symbol
  // x^p contributes to syndrome i per unit of its value.
  const powers = new Uint8Array(n * n);
  for (let i = 0; i < n; i++) {
    const e = ((code.fcr + i) * code.prim) % NN;
    for (let p = 0; p < n; p++) powers[p * n + i] = alphaTo[(e * p) % NN]!;
  }
  return {
    decodeAt(data, off, len, par, parOff) {
      const pad = NN - n - len;
      if (pad < 0 || pad >= NN - n) return ERANGE;
      if (encoder.parityEquals?.(data, off, len, par, parOff) === true) return 0;
      encoder.encodeInto(data, off, len, scratch, 0);
      let dirty = 0;
      for (let k = 0; k < n; k++) {
        const diff = scratch[k]! ^ par[parOff + k]!;
        scratch[k] = diff;
        dirty |= diff;
      }
      if (dirty === 0) return 0;
      gf ??= gfMul(code);
      const { mul } = gf;
      // Syndromes of the difference: S_i = Σ_j d_j·α^(e_i·(n−1−j)), the
      // kernel's Horner loop over the parity symbols written out (the data
      // part contributes zero), one table product per term.
      const { synPoly, syn } = ws;
      synPoly.fill(0);
      for (let j = 0; j < n; j++) {
        const d = scratch[j]!;
        if (d === 0) continue;
        const row = d << 8;
        const at = (n - 1 - j) * n;
        for (let i = 0; i < n; i++) synPoly[i] = synPoly[i]! ^ mul[row | powers[at + i]!]!;
      }
      for (let i = 0; i < n; i++) syn[i] = indexOf[synPoly[i]!]!;
      return correct(code, gf, ws, pad, len, data, off, par, parOff);
    }
  };
}

/**
 * Berlekamp–Massey, Chien search, Forney and the 5.2+ verification, from
 * syndromes in both forms (ws.synPoly, ws.syn; not all zero). Applies the
 * corrections.
 */
function correct(
  code: RsCode,
  gf: GfMul,
  ws: Workspace,
  pad: number,
  len: number,
  data: Uint8Array,
  off: number,
  par: Uint8Array,
  parOff: number
): number {
  const { nroots: n, alphaTo, indexOf, fcr, prim } = code;
  const { syn: s, lambda, b, omega, root, loc } = ws;
  const aw = alphaWide(alphaTo);

  const bound = berlekampMassey(n, gf, ws.synPoly, ws.bm);
  // λ to index form; its degree.
  const lambdaPoly = ws.bm.lambda;
  let degLambda = 0;
  lambda.fill(NN);
  for (let i = 0; i <= bound; i++) {
    lambda[i] = indexOf[lambdaPoly[i]!]!;
    if (lambda[i] !== NN) degLambda = i;
  }
  // A non-zero syndrome with a constant locator cannot be corrected.
  if (degLambda === 0) return EBADMSG;

  const count = chienSearch(code, ws, degLambda, pad);
  if (count !== degLambda) return EBADMSG;

  // Error evaluator ω(x) = S(x)·λ(x) mod x^nroots, index form.
  const degOmega = degLambda - 1;
  for (let i = 0; i <= degOmega; i++) {
    let tmp = 0;
    for (let j = i; j >= 0; j--) {
      if (s[i - j] !== NN && lambda[j] !== NN) tmp ^= aw[s[i - j]! + lambda[j]!]!;
    }
    omega[i] = indexOf[tmp]!;
  }

  // Forney: error values, poly form, into b[]; zero values are not counted.
  let corrected = 0;
  for (let j = count - 1; j >= 0; j--) {
    const r = root[j]!;
    let num1 = 0;
    for (let i = degOmega; i >= 0; i--) {
      if (omega[i] !== NN) num1 ^= aw[omega[i]! + i * r]!;
    }
    if (num1 === 0) {
      b[j] = 0;
      continue;
    }
    const num2 = aw[r * (fcr - 1) + NN]!;
    let den = 0;
    // λ'(x): odd-power coefficients of λ, i.e. lambda[i+1] for even i.
    for (let i = Math.min(degLambda, n - 1) & ~1; i >= 0; i -= 2) {
      if (lambda[i + 1] !== NN) den ^= aw[lambda[i + 1]! + i * r]!;
    }
    b[j] = aw[indexOf[num1]! + indexOf[num2]! + NN - indexOf[den]!]!;
    corrected++;
  }

  // Verification: the syndromes of the error pattern must equal the
  // received ones, else the pattern is a miscorrection beyond capacity.
  // Per error, its value's logarithm and its location's exponent factor.
  const { bLog, locFactor } = ws;
  for (let j = 0; j < count; j++) {
    bLog[j] = b[j] === 0 ? -1 : indexOf[b[j]!]!;
    locFactor[j] = (NN - loc[j]! - 1) % NN;
  }
  for (let i = 0; i < n; i++) {
    const rowFactor = ((fcr + i) * prim) % NN;
    let tmp = 0;
    for (let j = 0; j < count; j++) {
      if (bLog[j]! < 0) continue;
      tmp ^= aw[bLog[j]! + rowFactor * locFactor[j]!]!;
    }
    if (tmp !== alphaTo[s[i]!]) return EBADMSG;
  }

  for (let i = 0; i < count; i++) {
    const at = loc[i]!;
    if (at < NN - n) data[off + at - pad] = data[off + at - pad]! ^ b[i]!;
    else par[parOff + at - pad - len] = par[parOff + at - pad - len]! ^ b[i]!;
  }
  return corrected;
}

/**
 * Chien search for the roots of λ (index form in ws.lambda) into ws.root
 * (the exponent i) and ws.loc (the location k, counted from the
 * highest-degree symbol of the unshortened 255-symbol word). Returns how
 * many it found, stopping at degLambda; fewer means uncorrectable.
 *
 * The kernel walks all 255 positions and fails the block at the first root
 * inside the virtual zero padding (k < pad). A polynomial of degree d has at
 * most d roots, so a root in the padding leaves fewer than d elsewhere: the
 * block fails either way. With prim = 1 (ramoops; iprim = 1, k = i − 1) the
 * walk therefore starts at the first real position, and finds the same
 * roots in the same order whenever the kernel succeeds.
 */
function chienSearch(code: RsCode, ws: Workspace, degLambda: number, pad: number): number {
  const { alphaTo, iprim } = code;
  const { lambda, reg, root, loc } = ws;
  let count = 0;
  if (iprim === 1) {
    const aw = alphaWide(alphaTo);
    // λ(α^i) for a run of real positions at once, one coefficient at a
    // time: each term's exponent grows by j per position, so the inner loop
    // is an add and a table load with no chain from one position to the
    // next. A run ends where, without a root in it, fewer positions would
    // remain than roots are missing: a block beyond repair (deg λ near
    // nroots/2, a root or two) is given up about deg λ positions early.
    const q = ws.chien;
    for (let from = pad + 1; from <= NN;) {
      const to = Math.min(NN, NN - (degLambda - count) + 1);
      if (to < from) break;
      q.fill(1, from, to + 1); // λ_0 = 1
      for (let j = 1; j <= degLambda; j++) {
        const lj = lambda[j]!;
        if (lj === NN) continue;
        // The exponent grows by j per position and stays below NN + 254·NN:
        // the wide table takes it unreduced.
        let ex = (lj + j * from) % NN;
        for (let i = from; i <= to; i++, ex += j) q[i] = q[i]! ^ aw[ex]!;
      }
      for (let i = from; i <= to; i++) {
        if (q[i] !== 0) continue;
        root[count] = i;
        loc[count] = i - 1;
        if (++count === degLambda) return count;
      }
      from = to + 1;
    }
    return count;
  }
  reg.set(lambda);
  for (let i = 1, k = iprim - 1; i <= NN; i++, k = k + iprim >= NN ? k + iprim - NN : k + iprim) {
    let q = 1;
    for (let j = degLambda; j > 0; j--) {
      if (reg[j] !== NN) {
        let v = reg[j]! + j;
        if (v >= NN) v -= NN;
        reg[j] = v;
        q ^= alphaTo[v]!;
      }
    }
    if (q !== 0) continue;
    // A root inside the virtual zero padding: impossible error location.
    if (k < pad) return -1;
    root[count] = i;
    loc[count] = k;
    if (++count === degLambda) break;
  }
  return count;
}
