/**
 * The straightforward Reed–Solomon algorithm: a byte-serial LFSR encoder with
 * log/antilog lookups and a decoder that evaluates the syndromes over the
 * whole received word, exactly as lib/reed_solomon/encode_rs.c and
 * decode_rs.c do it. It is slow on purpose: it is the independent oracle the
 * tests compare the table-driven codec with, and the baseline the benchmark
 * reports ratios against ("a straight port of the kernel algorithm").
 */
import { ERANGE } from '../errno.ts';
import { NN } from './galois-field.ts';
import { correct, workspace } from './decoder.ts';
import { checkParity, lengthError, rsCode, type RsParams } from './params.ts';
import type { RsCodec } from './codec.ts';
import { encodeBlocksBy } from './encoder.ts';

export function createReferenceRsCodec(params: RsParams): RsCodec {
  const code = rsCode(params);
  const { nroots: n, alphaTo, indexOf, genpoly, fcr, prim } = code;
  const ws = workspace(n);

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
    const { syn } = ws;
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
    return correct(code, ws, pad, len, d, off, par, po);
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
