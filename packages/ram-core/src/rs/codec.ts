/**
 * The Reed–Solomon codec as ramoops uses it: created like init_rs(), with
 * encode/decode that match encode_rs8()/decode_rs8() bit for bit.
 * Kernel counterpart: lib/reed_solomon (reed_solomon.c, encode_rs.c, decode_rs.c).
 */
import { createDecoder } from './decoder.ts';
import { createEncoder, type RsEncoder } from './encoder.ts';
import { checkParity, lengthError, rsCode, type RsCode, type RsParams } from './params.ts';

export interface RsCodec {
  /** Parity symbols per block. */
  readonly nroots: number;
  /** The code: field tables, generator polynomial, fcr/prim/iprim. */
  readonly params: RsCode;
  /**
   * Returns the nroots parity bytes of `data` in the kernel's storage order
   * (ecc[i] = par[i], par[0] = highest-degree remainder coefficient).
   * Throws RamCoreError ERANGE unless 1 ≤ data.length ≤ 255 − nroots.
   */
  encode(data: Uint8Array): Uint8Array;
  /**
   * Corrects `data` in place against `parity`. Parity symbol corrections are
   * applied to `parity` itself: pass a copy if the stored parity must stay
   * untouched (ram_core decodes into a scratch copy and never rewrites it).
   * Returns the number of corrected symbols (data + parity), 0 when clean,
   * −74 (EBADMSG) when uncorrectable, −34 (ERANGE) for an impossible length.
   */
  decode(data: Uint8Array, parity: Uint8Array): number;
  /** Allocation-free encode of data[off, off+len) into out[outOff...]; 0 or −34. */
  encodeInto: (
    data: Uint8Array,
    off: number,
    len: number,
    out: Uint8Array,
    outOff: number
  ) => number;
  /** Batch encode of consecutive blocks; see RsEncoder.encodeBlocks. */
  encodeBlocks: RsEncoder['encodeBlocks'];
  /** Allocation-free decode of data[off, off+len) against par[parOff...]. */
  decodeAt: (data: Uint8Array, off: number, len: number, par: Uint8Array, parOff: number) => number;
}

/**
 * Creates a codec like the kernel's `init_rs(symsize, poly, fcr, prim, nroots)`.
 *
 * @example
 * ```ts
 * const rs = createRsCodec({ nroots: 16 });           // ramoops: 0x11d, fcr 0, prim 1
 * const block = new TextEncoder().encode('hello');
 * const parity = rs.encode(block);                     // e8 1f bd 0f …
 * block[0] ^= 0xff;
 * rs.decode(block, parity.slice());                    // 1: 'hello' again
 * ```
 * @throws RamCoreError EINVAL for symsize ≠ 8, nroots outside 1..254, fcr or
 *   prim out of range, or a polynomial that is not primitive.
 */
export function createRsCodec(params: RsParams): RsCodec {
  const code = rsCode(params);
  const encoder = createEncoder(code);
  const decoder = createDecoder(code, encoder);
  const n = code.nroots;
  return {
    nroots: n,
    params: code,
    encodeInto: encoder.encodeInto,
    encodeBlocks: encoder.encodeBlocks,
    decodeAt: decoder.decodeAt,
    encode(data) {
      const out = new Uint8Array(n);
      if (data.length === 0 || encoder.encodeInto(data, 0, data.length, out, 0) < 0) {
        throw lengthError(n, data.length);
      }
      return out;
    },
    decode(data, parity) {
      checkParity(n, parity);
      return decoder.decodeAt(data, 0, data.length, parity, 0);
    }
  };
}
