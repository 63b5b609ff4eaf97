/**
 * Reed–Solomon code parameters and the generator polynomial.
 * Kernel counterpart: lib/reed_solomon/reed_solomon.c init_rs(), codec_init().
 */
import { RamCoreError } from '../errno.ts';
import { galoisField, modnn, NN, type GaloisField } from './galois-field.ts';

/** The arguments of the kernel's init_rs(symsize, gfpoly, fcr, prim, nroots). */
export interface RsParams {
  /** Parity symbols per block, 1..254 (ramoops: ecc_size, default 16). */
  readonly nroots: number;
  /** Bits per symbol. Only 8 is supported, as ramoops uses encode_rs8(). */
  readonly symsize?: number;
  /** Field generator polynomial (default 0x11d = x^8+x^4+x^3+x^2+1). */
  readonly poly?: number;
  /** First consecutive root of the generator, in index form (ramoops: 0). */
  readonly fcr?: number;
  /** Primitive element used to generate the roots, in index form (ramoops: 1). */
  readonly prim?: number;
}

/** Everything the encoder and decoder derive once from the parameters. */
export interface RsCode extends GaloisField {
  readonly nroots: number;
  readonly poly: number;
  readonly fcr: number;
  readonly prim: number;
  /** prim-th root of 1, index form: the step of the Chien search. */
  readonly iprim: number;
  /** Generator polynomial in index form, genpoly[0] = constant term. */
  readonly genpoly: Uint8Array;
  /** Generator polynomial in polynomial form (the coefficients themselves). */
  readonly genpolyValues: Uint8Array;
}

function requireInt(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RamCoreError('EINVAL', `RS ${name} ${value} is out of range (${min}..${max})`);
  }
}

/** Validates the parameters and builds the generator polynomial, as init_rs() does. */
export function rsCode(params: RsParams): RsCode {
  const { nroots, symsize = 8, poly = 0x11d, fcr = 0, prim = 1 } = params;
  if (symsize !== 8) {
    throw new RamCoreError(
      'EINVAL',
      `RS symsize ${symsize} is not supported (ramoops uses 8-bit symbols)`
    );
  }
  requireInt('nroots', nroots, 1, NN - 1);
  requireInt('fcr', fcr, 0, NN);
  requireInt('prim', prim, 1, NN);
  const field = galoisField(poly);
  const { alphaTo, indexOf } = field;

  // iprim: the smallest iprim with iprim * prim ≡ 1 (mod NN).
  let iprim = 1;
  while (iprim % prim !== 0) iprim += NN;
  iprim = iprim / prim;

  // g(x) = Π (x - α^((fcr+i)·prim)), built up in polynomial form.
  const g = new Uint8Array(nroots + 1);
  g[0] = 1;
  for (let i = 0, root = fcr * prim; i < nroots; i++, root += prim) {
    g[i + 1] = 1;
    for (let j = i; j > 0; j--) {
      const gj = g[j]!;
      g[j] = gj !== 0 ? g[j - 1]! ^ alphaTo[modnn(indexOf[gj]! + root)]! : g[j - 1]!;
    }
    g[0] = alphaTo[modnn(indexOf[g[0]]! + root)]!;
  }
  const genpoly = new Uint8Array(nroots + 1);
  for (let i = 0; i <= nroots; i++) genpoly[i] = indexOf[g[i]!]!;

  return { ...field, nroots, poly, fcr, prim, iprim, genpoly, genpolyValues: g };
}

/** The error for a block length the code cannot carry (encode_rs8's −ERANGE). */
export function lengthError(nroots: number, len: number): RamCoreError {
  return new RamCoreError(
    'ERANGE',
    `RS block length ${len} is out of range for ${nroots} parity symbols (1..${NN - nroots})`
  );
}

/** A parity array must hold at least nroots symbols. */
export function checkParity(nroots: number, parity: Uint8Array): void {
  if (parity.length < nroots) {
    throw new RamCoreError(
      'EINVAL',
      `RS parity has ${parity.length} bytes, the code needs ${nroots}`
    );
  }
}
