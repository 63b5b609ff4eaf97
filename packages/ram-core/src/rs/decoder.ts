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
 */
import { EBADMSG, ERANGE } from '../errno.ts';
import { NN } from './galois-field.ts';
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
  readonly syn: Int32Array;
  readonly lambda: Int32Array;
  readonly b: Int32Array;
  readonly t: Int32Array;
  readonly omega: Int32Array;
  readonly root: Int32Array;
  readonly reg: Int32Array;
  readonly loc: Int32Array;
}

function workspace(n: number): Workspace {
  const a = () => new Int32Array(n + 1);
  return { syn: a(), lambda: a(), b: a(), t: a(), omega: a(), root: a(), reg: a(), loc: a() };
}

export function createDecoder(code: RsCode, encoder: RsEncoder): RsDecoder {
  const n = code.nroots;
  const ws = workspace(n);
  const scratch = new Uint8Array(n);
  const { alphaTo, indexOf } = code;
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
      // Syndromes of the difference, evaluated like the kernel's Horner loop
      // over the parity symbols (the data part contributes zero).
      const { syn } = ws;
      syn.fill(0);
      for (let j = 0; j < n; j++) {
        const sym = scratch[j]!;
        for (let i = 0; i < n; i++) {
          const s = syn[i]!;
          syn[i] = s === 0 ? sym : sym ^ alphaTo[(indexOf[s]! + (code.fcr + i) * code.prim) % NN]!;
        }
      }
      for (let i = 0; i < n; i++) syn[i] = indexOf[syn[i]!]!;
      return correct(code, ws, pad, len, data, off, par, parOff);
    }
  };
}

/**
 * Berlekamp–Massey, Chien search, Forney and the 5.2+ verification, from
 * syndromes in index form (ws.syn, not all NN). Applies the corrections.
 */
export function correct(
  code: RsCode,
  ws: Workspace,
  pad: number,
  len: number,
  data: Uint8Array,
  off: number,
  par: Uint8Array,
  parOff: number
): number {
  const { nroots: n, alphaTo, indexOf, fcr, prim, iprim } = code;
  const { syn: s, lambda, b, t, omega, root, reg, loc } = ws;

  lambda.fill(0);
  lambda[0] = 1;
  for (let i = 0; i <= n; i++) b[i] = indexOf[lambda[i]!]!;

  // Berlekamp–Massey: the error locator λ(x), in polynomial form.
  let el = 0;
  for (let r = 1; r <= n; r++) {
    let discr = 0;
    for (let i = 0; i < r; i++) {
      if (lambda[i] !== 0 && s[r - i - 1] !== NN) {
        discr ^= alphaTo[(indexOf[lambda[i]!]! + s[r - i - 1]!) % NN]!;
      }
    }
    const discrLog = indexOf[discr]!;
    if (discrLog === NN) {
      b.copyWithin(1, 0, n);
      b[0] = NN;
      continue;
    }
    t[0] = lambda[0]!;
    for (let i = 0; i < n; i++) {
      t[i + 1] = b[i] !== NN ? lambda[i + 1]! ^ alphaTo[(discrLog + b[i]!) % NN]! : lambda[i + 1]!;
    }
    if (2 * el <= r - 1) {
      el = r - el;
      for (let i = 0; i <= n; i++) {
        b[i] = lambda[i] === 0 ? NN : (indexOf[lambda[i]!]! - discrLog + NN) % NN;
      }
    } else {
      b.copyWithin(1, 0, n);
      b[0] = NN;
    }
    lambda.set(t);
  }

  // λ to index form; its degree.
  let degLambda = 0;
  for (let i = 0; i <= n; i++) {
    lambda[i] = indexOf[lambda[i]!]!;
    if (lambda[i] !== NN) degLambda = i;
  }
  // A non-zero syndrome with a constant locator cannot be corrected.
  if (degLambda === 0) return EBADMSG;

  // Chien search for the roots of λ; k is the location counted from the
  // highest-degree symbol of the unshortened 255-symbol word.
  reg.set(lambda);
  let count = 0;
  for (let i = 1, k = iprim - 1; i <= NN; i++, k = k + iprim >= NN ? k + iprim - NN : k + iprim) {
    let q = 1;
    for (let j = degLambda; j > 0; j--) {
      if (reg[j] !== NN) {
        // reg[j] < NN and j < NN: one subtraction is the modulo.
        let v = reg[j]! + j;
        if (v >= NN) v -= NN;
        reg[j] = v;
        q ^= alphaTo[v]!;
      }
    }
    if (q !== 0) continue;
    // A root inside the virtual zero padding: impossible error location.
    if (k < pad) return EBADMSG;
    root[count] = i;
    loc[count] = k;
    if (++count === degLambda) break;
  }
  if (count !== degLambda) return EBADMSG;

  // Error evaluator ω(x) = S(x)·λ(x) mod x^nroots, index form.
  const degOmega = degLambda - 1;
  for (let i = 0; i <= degOmega; i++) {
    let tmp = 0;
    for (let j = i; j >= 0; j--) {
      if (s[i - j] !== NN && lambda[j] !== NN) tmp ^= alphaTo[(s[i - j]! + lambda[j]!) % NN]!;
    }
    omega[i] = indexOf[tmp]!;
  }

  // Forney: error values, poly form, into b[]; zero values are not counted.
  let corrected = 0;
  for (let j = count - 1; j >= 0; j--) {
    let num1 = 0;
    for (let i = degOmega; i >= 0; i--) {
      if (omega[i] !== NN) num1 ^= alphaTo[(omega[i]! + i * root[j]!) % NN]!;
    }
    if (num1 === 0) {
      b[j] = 0;
      continue;
    }
    const num2 = alphaTo[(root[j]! * (fcr - 1) + NN) % NN]!;
    let den = 0;
    // λ'(x): odd-power coefficients of λ, i.e. lambda[i+1] for even i.
    for (let i = Math.min(degLambda, n - 1) & ~1; i >= 0; i -= 2) {
      if (lambda[i + 1] !== NN) den ^= alphaTo[(lambda[i + 1]! + i * root[j]!) % NN]!;
    }
    b[j] = alphaTo[(indexOf[num1]! + indexOf[num2]! + NN - indexOf[den]!) % NN]!;
    corrected++;
  }

  // Verification: the syndromes of the error pattern must equal the
  // received ones, else the pattern is a miscorrection beyond capacity.
  for (let i = 0; i < n; i++) {
    let tmp = 0;
    for (let j = 0; j < count; j++) {
      if (b[j] === 0) continue;
      const k = (((fcr + i) * prim) % NN) * ((NN - loc[j]! - 1) % NN);
      tmp ^= alphaTo[(indexOf[b[j]!]! + k) % NN]!;
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
