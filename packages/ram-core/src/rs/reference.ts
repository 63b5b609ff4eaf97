/**
 * The straightforward Reed–Solomon algorithm: a byte-serial LFSR encoder with
 * log/antilog lookups and a decoder that evaluates the syndromes over the
 * whole received word, exactly as lib/reed_solomon/encode_rs.c and
 * decode_rs.c do it. It is slow on purpose: it is the independent oracle the
 * tests compare the table-driven codec with, and the baseline the benchmark
 * reports ratios against ("a straight port of the kernel algorithm").
 * Nothing of the fast codec is shared: an oracle that called the decoder's
 * own Berlekamp–Massey or Chien search could not catch a mistake in them.
 * Kernel counterpart: lib/reed_solomon/encode_rs.c, decode_rs.c (5.2+).
 */
import { EBADMSG, ERANGE } from '../errno.ts';
import { modnn, NN } from './galois-field.ts';
import { checkParity, lengthError, rsCode, type RsCode, type RsParams } from './params.ts';
import type { RsCodec } from './codec.ts';
import { encodeBlocksBy } from './encoder.ts';

export function createReferenceRsCodec(params: RsParams): RsCodec {
  const code = rsCode(params);
  const { nroots: n, alphaTo, indexOf, genpoly, fcr, prim } = code;
  const syn = new Int32Array(n);
  const bufs = kernelBuffers(n);

  function encodeInto(d: Uint8Array, off: number, len: number, out: Uint8Array, o: number): number {
    out.fill(0, o, o + n);
    const pad = NN - n - len;
    if (pad < 0 || pad >= NN) return ERANGE;
    for (let i = 0; i < len; i++) {
      const fb = indexOf[d[off + i]! ^ out[o]!]!;
      if (fb !== NN) {
        for (let j = 1; j < n; j++) {
          out[o + j] = out[o + j]! ^ alphaTo[(fb + genpoly[n - j]!) % NN]!;
        }
      }
      out.copyWithin(o, o + 1, o + n);
      out[o + n - 1] = fb !== NN ? alphaTo[(fb + genpoly[0]!) % NN]! : 0;
    }
    return 0;
  }

  function decodeAt(d: Uint8Array, off: number, len: number, par: Uint8Array, po: number): number {
    const pad = NN - n - len;
    if (pad < 0 || pad >= NN - n) return ERANGE;
    const step = (sym: number) => {
      for (let i = 0; i < n; i++) {
        const s = syn[i]!;
        syn[i] = s === 0 ? sym : sym ^ alphaTo[(indexOf[s]! + (fcr + i) * prim) % NN]!;
      }
    };
    syn.fill(0);
    for (let j = 0; j < len; j++) step(d[off + j]!);
    for (let j = 0; j < n; j++) step(par[po + j]!);
    let any = 0;
    for (let i = 0; i < n; i++) {
      any |= syn[i]!;
      syn[i] = indexOf[syn[i]!]!;
    }
    if (any === 0) return 0;
    return kernelCorrect(code, bufs, syn, pad, len, d, off, par, po);
  }

  return {
    nroots: n,
    params: code,
    encodeInto,
    encodeBlocks: encodeBlocksBy(encodeInto, n),
    decodeAt,
    encode(data) {
      const out = new Uint8Array(n);
      if (data.length === 0 || encodeInto(data, 0, data.length, out, 0) < 0) {
        throw lengthError(n, data.length);
      }
      return out;
    },
    decode(data, parity) {
      checkParity(n, parity);
      return decodeAt(data, 0, data.length, parity, 0);
    }
  };
}

/** The kernel's rs_control buffers: nroots + 1 entries each. */
interface KernelBuffers {
  readonly lambda: Int32Array;
  readonly b: Int32Array;
  readonly t: Int32Array;
  readonly omega: Int32Array;
  readonly reg: Int32Array;
  readonly root: Int32Array;
  readonly loc: Int32Array;
}

function kernelBuffers(n: number): KernelBuffers {
  const a = () => new Int32Array(n + 1);
  return { lambda: a(), b: a(), t: a(), omega: a(), reg: a(), root: a(), loc: a() };
}

/**
 * decode_rs() from the syndromes on, as the kernel writes it: Berlekamp–
 * Massey over every coefficient, a Chien search over all NN positions that
 * fails at a root in the padding, Forney, and the 5.2+ check of the error
 * pattern's syndromes. `s` holds the syndromes in index form.
 */
function kernelCorrect(
  code: RsCode,
  bufs: KernelBuffers,
  s: Int32Array,
  pad: number,
  len: number,
  data: Uint8Array,
  off: number,
  par: Uint8Array,
  parOff: number
): number {
  const { nroots: n, alphaTo, indexOf, fcr, prim, iprim } = code;
  const { lambda, b, t, omega, reg, root, loc } = bufs;
  lambda.fill(0);
  lambda[0] = 1;
  for (let i = 0; i <= n; i++) b[i] = indexOf[lambda[i]!]!;
  let el = 0;
  for (let r = 1; r <= n; r++) {
    let discr = 0;
    for (let i = 0; i < r; i++) {
      if (lambda[i] !== 0 && s[r - i - 1] !== NN) {
        discr ^= alphaTo[modnn(indexOf[lambda[i]!]! + s[r - i - 1]!)]!;
      }
    }
    discr = indexOf[discr]!;
    if (discr === NN) {
      b.copyWithin(1, 0, n);
      b[0] = NN;
      continue;
    }
    t[0] = lambda[0]!;
    for (let i = 0; i < n; i++) {
      t[i + 1] = b[i] !== NN ? lambda[i + 1]! ^ alphaTo[modnn(discr + b[i]!)]! : lambda[i + 1]!;
    }
    if (2 * el <= r - 1) {
      el = r - el;
      for (let i = 0; i <= n; i++) {
        b[i] = lambda[i] === 0 ? NN : modnn(indexOf[lambda[i]!]! - discr + NN);
      }
    } else {
      b.copyWithin(1, 0, n);
      b[0] = NN;
    }
    lambda.set(t);
  }

  let degLambda = 0;
  for (let i = 0; i <= n; i++) {
    lambda[i] = indexOf[lambda[i]!]!;
    if (lambda[i] !== NN) degLambda = i;
  }
  if (degLambda === 0) return EBADMSG;

  reg.set(lambda);
  let count = 0;
  for (let i = 1, k = iprim - 1; i <= NN; i++, k = modnn(k + iprim)) {
    let q = 1;
    for (let j = degLambda; j > 0; j--) {
      if (reg[j] !== NN) {
        reg[j] = modnn(reg[j]! + j);
        q ^= alphaTo[reg[j]!]!;
      }
    }
    if (q !== 0) continue;
    if (k < pad) {
      count = -1;
      break;
    }
    root[count] = i;
    loc[count] = k;
    if (++count === degLambda) break;
  }
  if (count !== degLambda) return EBADMSG;

  const degOmega = degLambda - 1;
  for (let i = 0; i <= degOmega; i++) {
    let tmp = 0;
    for (let j = i; j >= 0; j--) {
      if (s[i - j] !== NN && lambda[j] !== NN) tmp ^= alphaTo[modnn(s[i - j]! + lambda[j]!)]!;
    }
    omega[i] = indexOf[tmp]!;
  }

  let corrected = 0;
  for (let j = count - 1; j >= 0; j--) {
    let num1 = 0;
    for (let i = degOmega; i >= 0; i--) {
      if (omega[i] !== NN) num1 ^= alphaTo[modnn(omega[i]! + i * root[j]!)]!;
    }
    if (num1 === 0) {
      b[j] = 0;
      continue;
    }
    const num2 = alphaTo[modnn(root[j]! * (fcr - 1) + NN)]!;
    let den = 0;
    for (let i = Math.min(degLambda, n - 1) & ~1; i >= 0; i -= 2) {
      if (lambda[i + 1] !== NN) den ^= alphaTo[modnn(lambda[i + 1]! + i * root[j]!)]!;
    }
    b[j] = alphaTo[modnn(indexOf[num1]! + indexOf[num2]! + NN - indexOf[den]!)]!;
    corrected++;
  }

  for (let i = 0; i < n; i++) {
    let tmp = 0;
    for (let j = 0; j < count; j++) {
      if (b[j] === 0) continue;
      tmp ^= alphaTo[modnn(indexOf[b[j]!]! + (fcr + i) * prim * (NN - loc[j]! - 1))]!;
    }
    if (tmp !== alphaTo[s[i]!]) return EBADMSG;
  }

  for (let i = 0; i < count; i++) {
    if (loc[i]! < NN - n) data[off + loc[i]! - pad] = data[off + loc[i]! - pad]! ^ b[i]!;
    else par[parOff + loc[i]! - pad - len] = par[parOff + loc[i]! - pad - len]! ^ b[i]!;
  }
  return corrected;
}
