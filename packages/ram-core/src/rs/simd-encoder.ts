/**
 * WebAssembly SIMD Reed–Solomon encoder, bit-identical to the table-driven JS
 * encoder (encoder.ts) and so to the kernel's LFSR.
 * Kernel counterpart: lib/reed_solomon/encode_rs.c (encode_rs8) as called by
 * fs/pstore/ram_core.c persistent_ram_encode_rs8(), and the re-encode that
 * decides a block is clean in persistent_ram_decode_rs8() (decoder.ts).
 *
 * Why: ECC dominates the cost of a zone write and of checking zones at boot.
 * The JS slice-by-16 encoder keeps the parity state in four i32 words, 64
 * table reads per 16 data bytes; here the state is one v128 and a table entry
 * Tab_i[x] (the 16 parity bytes par[0..15], exactly the bytes of the JS
 * table's 4 little-endian words) is one v128 load:
 *
 *   16-byte step:  x = load(data) ⊕ state;  state = ⊕_{i<16} Tab_i[x_i]
 *   tail byte:     fb = d ⊕ state_0;  state = (state shifted down a lane) ⊕ Tab_15[fb]
 *
 * Two refinements, measured on a 2.1 GHz Xeon (wasm time per 128-byte block,
 * best of many runs): a lone block is latency-bound, as each step waits for
 * the loads of the one before (16-byte steps: 83 ns), so it takes 32-byte
 * steps whose second half of loads does not depend on the state (65 ns; see
 * simdModuleBytes); a batch interleaves 4 whole blocks (61 ns, ~2 GB/s,
 * about 4× the JS encoder). The 16 table indices leave the vector as two
 * i64 lanes taken apart with shifts ('scalar'), a few % ahead of
 * i8x16.extract_lane_u and of a store and byte reloads; all variants stay
 * selectable (SimdKernel) and are tested bit for bit.
 *
 * nroots < 16 uses the same code: its table entries have zero lanes
 * nroots..15, and a 16-byte step consumes the whole state. nroots > 16 keeps
 * the JS encoder, as do runtimes without WebAssembly SIMD and big-endian hosts.
 *
 * Memory (3 pages, never grown): tables at 0 (Tab32_i at i·4096, entry x at
 * +16·x), then scratch, the parity of up to CHUNK_BLOCKS blocks and the data
 * being encoded: batches go through in chunks of at most CHUNK_BYTES,
 * cache-resident. A zone write's call is short (1–2 blocks), and there the
 * fixed costs dominate: its data goes in as aligned words and its parity out
 * as words shifted into bytes (wasm-copies.ts: TypedArray.set would need a
 * view allocated per call, ~40 ns each way); a message of at most 16 bytes (the zone
 * header) is not sent at all but looked up in the tables from JS
 * (short-message-parity.ts).
 * The module is generated here (wasm-emit.ts), ~3 KB: under the 4 KiB that
 * browsers allow to compile synchronously on the main thread.
 */
import { ERANGE } from '../errno.ts';
import { NN } from './galois-field.ts';
import type { RsEncoder } from './encoder.ts';
import type { RsCode } from './params.ts';
import { SHORT_MESSAGE_MAX, shortMessageParity } from './short-message-parity.ts';
import { wasmCopies } from './wasm-copies.ts';
import { DEFAULT_SIMD_MODULE_BASE64 } from './simd-module.generated.ts';
import { Code, I32, I64, V128, wasmModule } from './wasm-emit.ts';

/** Tab_i (i < 16) of slice-by-16: 16 tables of 256 v128 entries. */
const TABLE16_BYTES = 16 * 256 * 16;
/** At most this many data bytes and blocks per wasm call in encodeBlocks. */
const CHUNK_BYTES = 32768;
const CHUNK_BLOCKS = 256;
/** How the 16 table indices leave the vector register (benchmarked, see the report). */
export type LaneMode = 'extract' | 'store8' | 'store16' | 'scalar';

export interface SimdKernel {
  /** Lane extraction strategy. */
  readonly mode: LaneMode;
  /** Whole blocks interleaved in a batch (1..4). */
  readonly ways: number;
  /** Data bytes per table step for a lone block: 16, or 32 with a second table set. */
  readonly slice: 16 | 32;
  /** Data bytes per table step for interleaved blocks. */
  readonly wideSlice: 16 | 32;
}

/** Bytes of tables a kernel needs: one set of 64 KiB per 16 bytes of slice. */
export const tableBytes = (k: SimdKernel): number =>
  (Math.max(k.slice, k.wideSlice) / 16) * TABLE16_BYTES;

/** Fastest measured on Node 20, x86-64 (2-vCPU Xeon); the others serve tests and benches. */
export const DEFAULT_KERNEL: SimdKernel = { mode: 'scalar', ways: 4, slice: 32, wideSlice: 16 };

/** Where things live in the wasm memory for a kernel. */
function layout(k: SimdKernel) {
  const tables = tableBytes(k);
  const scratch = tables;
  const parity = scratch + 64 * k.ways;
  const data = parity + CHUNK_BLOCKS * 16 + 16;
  return { tables, scratch, parity, data, pages: Math.ceil((data + CHUNK_BYTES) / 65536) };
}

/**
 * The module: one function, blocks(data, len, blockSize, par, stride), which
 * encodes memory[data, data+len) as blocks of blockSize bytes and stores the
 * 16-lane state of block b at par + b·stride.
 *
 * With slice 32 the tables are those of a 32-byte slice, Tab32_i for i < 32
 * at i·4096: Tab32_{16+i} = Tab_i, and Tab32_i (i < 16) = Tab_i followed by
 * 16 zero bytes. A 32-byte step is then ⊕_{i<16} Tab32_i[d_i ⊕ s_i] ⊕
 * ⊕_{i<16} Tab32_{16+i}[d_{16+i}]: the second half does not depend on the
 * state, which halves the latency chain of table loads through a block.
 */
export function simdModuleBytes(kernel: SimdKernel = DEFAULT_KERNEL): Uint8Array<ArrayBuffer> {
  const { mode, ways } = kernel;
  const { scratch, pages } = layout(kernel);
  const high = tableBytes(kernel) - TABLE16_BYTES; // where Tab_i starts
  const shiftDown = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16];
  const zero = new Array<number>(16).fill(0);

  // Locals: the 5 parameters, then i32s, then 3 v128s and 4 i64s per block.
  const [D, LEN, BS, PAR, STRIDE, END, BEND, E16, E32] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const off = (j: number) => 8 + j; // j·blockSize, for j = 1..ways−1
  const firstV128 = 9 + ways - 1;
  const S = (j: number) => firstV128 + 3 * j; // state of the j-th interleaved block
  const X = (j: number) => S(j) + 1; // 16 data bytes ⊕ state
  const Y = (j: number) => S(j) + 2; // the next 16 data bytes (32-byte steps)
  const firstI64 = firstV128 + 3 * ways;
  const half = (j: number, v: number, h: number) => firstI64 + 4 * j + 2 * (v - X(j)) + h;
  const slot = (j: number, v: number) => scratch + 64 * j + 32 * (v - X(j));
  const locals = [
    ...new Array<number>(4 + ways - 1).fill(I32),
    ...new Array<number>(3 * ways).fill(V128),
    ...new Array<number>(mode === 'scalar' ? 4 * ways : 0).fill(I64)
  ];

  const c = new Code();
  const addr = (j: number): void => {
    c.get(D);
    if (j > 0) c.get(off(j)).add();
  };
  // Makes the lanes of local v (X or Y of block j) available to lookup().
  const spill = (j: number, v: number): void => {
    const at = slot(j, v);
    const at16 = at + 16;
    const lo = half(j, v, 0);
    const hi = half(j, v, 1);
    switch (mode) {
      case 'extract':
        break;
      case 'store8':
        c.i32(0).get(v).v128Store(at);
        break;
      case 'store16':
        c.i32(0).get(v).extendLowU8().i32(4).shl16().v128Store(at);
        c.i32(0).get(v).extendHighU8().i32(4).shl16().v128Store(at16);
        break;
      case 'scalar':
        c.get(v).extractLaneI64(0).set(lo);
        c.get(v).extractLaneI64(1).set(hi);
        break;
    }
  };
  // Pushes 16·v_i, the byte offset of entry v_i in a table.
  const index = (j: number, v: number, i: number): void => {
    const at8 = slot(j, v) + i;
    const at16 = slot(j, v) + 2 * i;
    switch (mode) {
      case 'extract':
        c.get(v).extractLaneU8(i).i32(4).shl();
        break;
      case 'store8':
        c.i32(0).load8U(at8).i32(4).shl();
        break;
      case 'store16':
        c.i32(0).load16U(at16);
        break;
      case 'scalar': {
        // (lane >> (8·b − 4)) & 0xff0 for byte b of a 64-bit half.
        const b = i & 7;
        const shift = 8 * b - 4;
        c.get(half(j, v, i >> 3));
        if (b === 0) c.wrap64().i32(4).shl();
        else c.i64(shift).shrU64().wrap64();
        c.i32(0xff0).and();
        break;
      }
    }
  };
  // ⊕ of table[v_i] for i in [lo, hi), as a balanced tree of loads.
  const xorTree = (j: number, v: number, table: number, lo = 0, hi = 16): void => {
    if (hi - lo === 1) {
      index(j, v, lo);
      c.v128Load(table + lo * 4096);
      return;
    }
    const mid = (lo + hi) >> 1;
    xorTree(j, v, table, lo, mid);
    xorTree(j, v, table, mid, hi);
    c.v128Xor();
  };
  // x = 16 data bytes ⊕ state (and y = the next 16 data bytes).
  const load = (j: number, wide: boolean): void => {
    addr(j);
    c.v128Load().get(S(j)).v128Xor().set(X(j));
    spill(j, X(j));
    if (!wide) return;
    addr(j);
    c.v128Load(16).set(Y(j));
    spill(j, Y(j));
  };
  // One byte: fb = d ⊕ s_0; state = (state shifted down a lane) ⊕ Tab_15[fb].
  const tail = (j: number): void => {
    const tab15 = high + 15 * 4096;
    c.get(S(j)).v128Const(zero).shuffle(shiftDown);
    addr(j);
    c.load8U().get(S(j)).extractLaneU8(0).xor().i32(4).shl().v128Load(tab15);
    c.v128Xor().set(S(j));
  };
  // One block, or `w` interleaved blocks of blockSize bytes each; E32, E16, BEND set.
  const encode = (w: number, slice: 16 | 32): void => {
    for (let j = 0; j < w; j++) c.v128Const(zero).set(S(j));
    if (slice === 32) {
      c.block().loop(); // 32-byte steps
      c.get(D).get(E32).geU().brIf(1);
      for (let j = 0; j < w; j++) load(j, true);
      for (let j = 0; j < w; j++) {
        xorTree(j, Y(j), high);
        xorTree(j, X(j), 0);
        c.v128Xor().set(S(j));
      }
      c.get(D).i32(32).add().set(D);
      c.br(0).end().end();
    }
    c.block().loop(); // 16-byte steps
    c.get(D).get(E16).geU().brIf(1);
    for (let j = 0; j < w; j++) load(j, false);
    for (let j = 0; j < w; j++) {
      xorTree(j, X(j), high);
      c.set(S(j));
    }
    c.get(D).i32(16).add().set(D);
    c.br(0).end().end();
    c.block().loop(); // tail bytes
    c.get(D).get(BEND).geU().brIf(1);
    for (let j = 0; j < w; j++) tail(j);
    c.get(D).i32(1).add().set(D);
    c.br(0).end().end();
    for (let j = 0; j < w; j++) {
      c.get(PAR).get(S(j)).v128Store();
      c.get(PAR).get(STRIDE).add().set(PAR);
    }
  };
  // E32, E16 from D and the block length that blen() pushes.
  const bounds = (blen: () => void): void => {
    blen();
    c.i32(-32).and().get(D).add().set(E32);
    blen();
    c.i32(-16).and().get(D).add().set(E16);
  };

  c.get(D).get(LEN).add().set(END);
  for (let j = 1; j < ways; j++) c.get(BS).i32(j).mul().set(off(j));
  c.block().loop(); // blocks: br 0 = next block, br 1 = done
  c.get(D).get(END).geU().brIf(1);
  if (ways > 1) {
    c.block(); // `ways` whole blocks left: interleave them
    c.get(END).get(D).sub().get(BS).i32(ways).mul().ltU().brIf(0);
    c.get(D).get(BS).add().set(BEND);
    bounds(() => c.get(BS));
    encode(ways, kernel.wideSlice);
    const last = off(ways - 1);
    c.get(D).get(last).add().set(D);
    c.br(1).end();
  }
  // bend = min(d + blockSize, end)
  c.get(D).get(BS).add().tee(BEND).get(END).get(BEND).get(END).ltU().select().set(BEND);
  bounds(() => c.get(BEND).get(D).sub());
  encode(1, kernel.slice);
  c.br(0).end().end();

  return wasmModule({ module: 'env', name: 'memory', minPages: pages }, [
    { name: 'blocks', params: [I32, I32, I32, I32, I32], results: [], locals, code: c }
  ]);
}

/**
 * The part of the WebAssembly JS API used here. The project's lib settings
 * (ES2022 + Node types) do not declare it, and in a runtime without
 * WebAssembly the global is simply absent.
 */
interface WasmApi {
  validate(bytes: Uint8Array<ArrayBuffer>): boolean;
  Memory: new (limits: { initial: number; maximum?: number }) => { readonly buffer: ArrayBuffer };
  Module: new (bytes: Uint8Array<ArrayBuffer>) => object;
  Instance: new (module: object, imports: object) => { readonly exports: Record<string, unknown> };
}

/** Looked up at each use, so that tests can take it away. */
const wasm = (): WasmApi | undefined => (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

type BlocksFn = (data: number, len: number, blockSize: number, par: number, stride: number) => void;

/**
 * Wasm memory is little-endian; the tables go in, and the parity comes out,
 * through host-order Int32Arrays. Big-endian hosts keep the JS encoder.
 */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Compiled modules per WebAssembly API and kernel (null: SIMD does not validate). */
const modules = new WeakMap<WasmApi, Map<string, object | null>>();

const kernelKey = (k: SimdKernel): string => `${k.mode}/${k.ways}/${k.slice}/${k.wideSlice}`;

function compiled(api: WasmApi, kernel: SimdKernel): object | null {
  let byKernel = modules.get(api);
  if (!byKernel) modules.set(api, (byKernel = new Map<string, object | null>()));
  const key = kernelKey(kernel);
  let module = byKernel.get(key);
  if (module === undefined) {
    // Compiling is validating: a runtime without SIMD throws a CompileError
    // here. (validate() first would compile the module twice.)
    try {
      module = new api.Module(moduleBytes(kernel));
    } catch {
      module = null;
    }
    byKernel.set(key, module);
  }
  return module;
}

/**
 * The module's bytes: DEFAULT_KERNEL's come pre-emitted (simd-module.generated.ts),
 * as every fresh kernel worker would otherwise spend ~5 ms of cold code
 * emitting the same 3 KB; other variants (tests, benches) are emitted here.
 */
function moduleBytes(kernel: SimdKernel): Uint8Array<ArrayBuffer> {
  return kernelKey(kernel) === kernelKey(DEFAULT_KERNEL)
    ? fromBase64(DEFAULT_SIMD_MODULE_BASE64)
    : simdModuleBytes(kernel);
}

/** atob() is in every runtime this runs on (Node 16+, browsers). */
function fromBase64(b64: string): Uint8Array<ArrayBuffer> {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/**
 * DEFAULT_KERNEL's compiled module in this thread, or null without
 * WebAssembly SIMD. A WebAssembly.Module crosses to other threads of the
 * process by postMessage, and V8 then shares its machine code: a board
 * compiles it once for all the kernel workers it starts (codec-seed.ts).
 */
export function simdModule(): object | null {
  const api = wasm();
  if (!LITTLE_ENDIAN || typeof api?.validate !== 'function') return null;
  return compiled(api, DEFAULT_KERNEL);
}

/** Uses `module` (DEFAULT_KERNEL's, compiled in another thread) instead of compiling it here. */
export function adoptSimdModule(module: object): void {
  const api = wasm();
  if (!api) return;
  let byKernel = modules.get(api);
  if (!byKernel) modules.set(api, (byKernel = new Map<string, object | null>()));
  byKernel.set(kernelKey(DEFAULT_KERNEL), module);
}

/** Whether this runtime runs WebAssembly with fixed-width SIMD. */
export function simdAvailable(): boolean {
  return wasm()?.validate(simdModuleBytes()) === true;
}

/**
 * encoder.ts buildTables(): Tab_i for a K-byte slice, W i32 words per entry.
 * Passed in rather than imported, so that encoder.ts can depend on this
 * module without an import cycle.
 */
export type TableBuilder = (code: RsCode, K: number, W: number) => Int32Array;

/**
 * Creates the WebAssembly SIMD encoder for `code`, or returns null when the
 * runtime lacks WebAssembly SIMD or nroots > 16 (callers keep the JS one).
 */
export function createSimdEncoder(
  code: RsCode,
  buildTables: TableBuilder,
  variant: Partial<SimdKernel> = {}
): RsEncoder | null {
  const n = code.nroots;
  const wasmApi = wasm();
  if (n > 16 || !LITTLE_ENDIAN || typeof wasmApi?.validate !== 'function') return null;
  const kernel = { ...DEFAULT_KERNEL, ...variant };
  const at = layout(kernel);
  let blocks: BlocksFn;
  let memory: { readonly buffer: ArrayBuffer };
  try {
    const module = compiled(wasmApi, kernel);
    if (!module) return null;
    memory = new wasmApi.Memory({ initial: at.pages, maximum: at.pages });
    blocks = new wasmApi.Instance(module, { env: { memory } }).exports.blocks as BlocksFn;
  } catch {
    return null;
  }
  const mem = new Uint8Array(memory.buffer);
  const words = new Int32Array(memory.buffer);
  const tables = buildTables(code, tableBytes(kernel) / 4096, 4);
  mem.set(new Uint8Array(tables.buffer, tables.byteOffset, at.tables), 0);
  const parWord = at.parity >> 2;
  const maxLen = NN - n;
  // Tab_i of slice-by-16, in words: short messages are encoded from them in JS.
  const tab16Word = (tableBytes(kernel) - TABLE16_BYTES) >> 2;

  const dataAt = at.data;
  const { copyIn, copyOut } = wasmCopies(mem, dataAt, at.parity);

  /** Leaves the parity state of data[off, off+len) in words[parWord..+3]. */
  const encodeState = (data: Uint8Array, off: number, len: number): void => {
    if (len <= SHORT_MESSAGE_MAX) {
      shortMessageParity(words, tab16Word, data, off, len, words, parWord);
      return;
    }
    copyIn(data, off, len);
    blocks(dataAt, len, len, at.parity, n);
  };

  const encodeInto: RsEncoder['encodeInto'] = (data, off, len, out, outOff) => {
    const pad = NN - n - len;
    if (pad < 0 || pad >= NN) {
      out.fill(0, outOff, outOff + n);
      return ERANGE;
    }
    if (len <= 0) {
      out.fill(0, outOff, outOff + n);
      return 0;
    }
    encodeState(data, off, len);
    // 16 bytes: four word reads beat out.set() of a 16-byte view by ~2×.
    for (let k = 0; k < n; k += 4) {
      const w = words[parWord + (k >> 2)]!;
      out[outOff + k] = w;
      if (k + 1 < n) out[outOff + k + 1] = w >>> 8;
      if (k + 2 < n) out[outOff + k + 2] = w >>> 16;
      if (k + 3 < n) out[outOff + k + 3] = w >>> 24;
    }
    return 0;
  };

  const parityEquals: NonNullable<RsEncoder['parityEquals']> = (data, off, len, par, parOff) => {
    if (len <= 0 || len > maxLen) return false;
    encodeState(data, off, len);
    let diff = 0;
    for (let k = 0; k < n; k += 4) {
      const w = words[parWord + (k >> 2)]!;
      diff |= (w & 255) ^ par[parOff + k]!;
      if (k + 1 < n) diff |= ((w >>> 8) & 255) ^ par[parOff + k + 1]!;
      if (k + 2 < n) diff |= ((w >>> 16) & 255) ^ par[parOff + k + 2]!;
      if (k + 3 < n) diff |= (w >>> 24) ^ par[parOff + k + 3]!;
    }
    return diff === 0;
  };

  const encodeBlocks: RsEncoder['encodeBlocks'] = (data, off, len, blockSize, out, outOff) => {
    if (!(Number.isInteger(blockSize) && blockSize >= 1 && blockSize <= maxLen)) {
      // Blocks the code cannot carry: one at a time, each zero-filled with ERANGE.
      for (let pos = 0, par = outOff; pos < len; pos += blockSize, par += n) {
        encodeInto(data, off + pos, Math.min(blockSize, len - pos), out, par);
      }
      return;
    }
    const step = Math.min(Math.floor(CHUNK_BYTES / blockSize), CHUNK_BLOCKS) * blockSize;
    for (let pos = 0; pos < len; pos += step) {
      const chunk = Math.min(step, len - pos);
      const nb = Math.ceil(chunk / blockSize);
      copyIn(data, off + pos, chunk);
      blocks(dataAt, chunk, blockSize, at.parity, n);
      copyOut(out, outOff + (pos / blockSize) * n, nb * n);
    }
  };

  return { encodeInto, encodeBlocks, parityEquals };
}
