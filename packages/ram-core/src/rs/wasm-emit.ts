/**
 * A tiny WebAssembly binary emitter: just the opcodes the SIMD Reed–Solomon
 * encoder needs (simd-encoder.ts), so that it ships as a few hundred bytes of
 * hand-assembled code instead of a build step or an npm dependency.
 * No kernel counterpart: it stands in for the compiler that turns
 * lib/reed_solomon/encode_rs.c into machine code.
 *
 * Format reference: the WebAssembly core spec 2.0, binary format (§5) and the
 * fixed-width SIMD proposal (prefix 0xfd), both in Node 16.4+ and all current
 * browsers.
 */

/** Value types. */
export const I32 = 0x7f;
export const I64 = 0x7e;
export const V128 = 0x7b;

/** Unsigned LEB128, as sizes, indices and memarg fields are written. */
export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

/** Signed LEB128, as i32.const immediates are written. */
export function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

/** The body of one function, built instruction by instruction (chainable). */
export class Code {
  readonly bytes: number[] = [];

  private emit(...b: number[]): this {
    this.bytes.push(...b);
    return this;
  }

  // Control. Blocks and loops take no parameters and yield nothing (0x40).
  block(): this {
    return this.emit(0x02, 0x40);
  }
  loop(): this {
    return this.emit(0x03, 0x40);
  }
  end(): this {
    return this.emit(0x0b);
  }
  br(depth: number): this {
    return this.emit(0x0c, ...uleb(depth));
  }
  brIf(depth: number): this {
    return this.emit(0x0d, ...uleb(depth));
  }
  select(): this {
    return this.emit(0x1b);
  }

  // Locals.
  get(local: number): this {
    return this.emit(0x20, ...uleb(local));
  }
  set(local: number): this {
    return this.emit(0x21, ...uleb(local));
  }
  tee(local: number): this {
    return this.emit(0x22, ...uleb(local));
  }

  // i32 arithmetic.
  i32(value: number): this {
    return this.emit(0x41, ...sleb(value | 0));
  }
  add(): this {
    return this.emit(0x6a);
  }
  sub(): this {
    return this.emit(0x6b);
  }
  mul(): this {
    return this.emit(0x6c);
  }
  and(): this {
    return this.emit(0x71);
  }
  xor(): this {
    return this.emit(0x73);
  }
  shl(): this {
    return this.emit(0x74);
  }
  shrU(): this {
    return this.emit(0x76);
  }
  ltU(): this {
    return this.emit(0x49);
  }
  geU(): this {
    return this.emit(0x4f);
  }

  // i64, as far as taking 64-bit lanes apart.
  i64(value: number): this {
    return this.emit(0x42, ...sleb(value | 0));
  }
  shrU64(): this {
    return this.emit(0x88);
  }
  wrap64(): this {
    return this.emit(0xa7);
  }

  // Memory: memarg = alignment exponent, then a constant offset added to the address.
  load8U(offset = 0): this {
    return this.emit(0x2d, 0, ...uleb(offset));
  }
  load16U(offset = 0): this {
    return this.emit(0x2f, 1, ...uleb(offset));
  }

  // SIMD (prefix 0xfd, then the opcode as unsigned LEB128).
  private simd(op: number, ...imm: number[]): this {
    return this.emit(0xfd, ...uleb(op), ...imm);
  }
  v128Load(offset = 0): this {
    return this.simd(0x00, 4, ...uleb(offset));
  }
  v128Store(offset = 0): this {
    return this.simd(0x0b, 4, ...uleb(offset));
  }
  v128Const(bytes: readonly number[]): this {
    if (bytes.length !== 16) throw new RangeError('v128.const takes 16 bytes');
    return this.simd(0x0c, ...bytes);
  }
  /** i8x16.shuffle: lane k of the result is lane lanes[k] of a‖b (0..31). */
  shuffle(lanes: readonly number[]): this {
    if (lanes.length !== 16) throw new RangeError('i8x16.shuffle takes 16 lane indices');
    return this.simd(0x0d, ...lanes);
  }
  extractLaneU8(lane: number): this {
    return this.simd(0x16, lane);
  }
  extractLaneI64(lane: number): this {
    return this.simd(0x1d, lane);
  }
  v128Xor(): this {
    return this.simd(0x51);
  }
  /** i16x8.extend_low_i8x16_u / _high_: widen eight bytes to 16-bit lanes. */
  extendLowU8(): this {
    return this.simd(0x89);
  }
  extendHighU8(): this {
    return this.simd(0x8a);
  }
  shl16(): this {
    return this.simd(0x8b);
  }
}

/** One exported function: its signature, extra locals and body. */
export interface WasmFunction {
  readonly name: string;
  readonly params: readonly number[];
  readonly results: readonly number[];
  /** Types of the locals after the parameters, in order. */
  readonly locals: readonly number[];
  readonly code: Code;
}

/** '\0asm', then binary format version 1. */
const MAGIC = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

function section(id: number, payload: number[]): number[] {
  return [id, ...uleb(payload.length), ...payload];
}

function vector(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function name(s: string): number[] {
  const b = Array.from(new TextEncoder().encode(s));
  return [...uleb(b.length), ...b];
}

/**
 * A module that imports its memory as `module.name` (at least `minPages`
 * 64 KiB pages) and exports `funcs` under their names.
 */
export function wasmModule(
  memory: { module: string; name: string; minPages: number },
  funcs: readonly WasmFunction[]
): Uint8Array<ArrayBuffer> {
  const types = funcs.map((f) => [
    0x60,
    ...vector(f.params.map((t) => [t])),
    ...vector(f.results.map((t) => [t]))
  ]);
  const imports = [
    [...name(memory.module), ...name(memory.name), 0x02, 0x00, ...uleb(memory.minPages)]
  ];
  const bodies = funcs.map((f) => {
    // Run-length groups of equal local types.
    const groups: number[][] = [];
    for (let i = 0; i < f.locals.length;) {
      let j = i;
      while (j < f.locals.length && f.locals[j] === f.locals[i]) j++;
      groups.push([...uleb(j - i), f.locals[i]!]);
      i = j;
    }
    const body = [...vector(groups), ...f.code.bytes, 0x0b];
    return [...uleb(body.length), ...body];
  });
  return new Uint8Array([
    ...MAGIC,
    ...section(1, vector(types)),
    ...section(2, vector(imports)),
    ...section(3, vector(funcs.map((_, i) => uleb(i)))),
    ...section(7, vector(funcs.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]))),
    ...section(10, vector(bodies))
  ]);
}
