/**
 * A codec seed: what building ramoops' Reed–Solomon codec costs a thread
 * (the compiled WebAssembly SIMD module and its 128 KiB of encoder tables),
 * made once and handed to other threads of the process, which then build
 * their codec without computing either.
 * Kernel counterpart: none; init_rs() builds its tables once per kernel,
 * and here every fresh kernel worker is a fresh kernel.
 *
 * Why: a board starts a kernel worker per boot, and in a fresh V8 isolate
 * building these costs ~10 ms of CPU (cold JavaScript, a WebAssembly compile
 * and its tier-up). A WebAssembly.Module posted to a worker shares its
 * machine code; the tables travel in a SharedArrayBuffer, read-only.
 *
 * A planted seed is checked before use: its tables must be the size this
 * code's encoder takes and agree with the generator polynomial on the
 * entries that run the LFSR (Tab_i[2^b] of the last table), so a seed of
 * another code is refused (RamCoreError EINVAL), never used to write wrong
 * parity.
 */
import { RamCoreError } from '../errno.ts';
import { adoptTables, buildTables } from './encoder.ts';
import { rsCode, type RsCode } from './params.ts';
import { adoptSimdModule, DEFAULT_KERNEL, simdModule, tableBytes } from './simd-encoder.ts';

/** Plain data (and a WebAssembly.Module): it crosses postMessage. */
export interface RsCodecSeed {
  readonly nroots: number;
  readonly poly: number;
  /** DEFAULT_KERNEL's compiled module; null without WebAssembly SIMD. */
  readonly simdModule: object | null;
  /** The SIMD encoder's tables (4 words per entry), null when it has none. */
  readonly simdTables: Int32Array | null;
}

/** Tables of the SIMD encoder: one per byte of its widest slice, 4 words an entry. */
const SIMD_SLICES = tableBytes(DEFAULT_KERNEL) / 4096;
const W = 4;

const seeds = new Map<string, RsCodecSeed>();

/**
 * The seed of ramoops' code (fcr 0, prim 1) with these parameters, built in
 * this thread once. Tables live in a SharedArrayBuffer where there is one.
 * @throws RamCoreError EINVAL for a code init_rs() would refuse.
 */
export function rsCodecSeed(nroots: number, poly: number): RsCodecSeed {
  const key = `${nroots}/${poly}`;
  let seed = seeds.get(key);
  if (!seed) {
    const code = rsCode({ nroots, poly, fcr: 0, prim: 1 });
    const module = nroots <= 16 ? simdModule() : null;
    seed = { nroots, poly, simdModule: module, simdTables: module ? sharedTables(code) : null };
    seeds.set(key, seed);
  }
  return seed;
}

function sharedTables(code: RsCode): Int32Array {
  const built = buildTables(code, SIMD_SLICES, W);
  if (typeof SharedArrayBuffer !== 'function') return built;
  const shared = new Int32Array(new SharedArrayBuffer(built.byteLength));
  shared.set(built);
  return shared;
}

/**
 * Makes the codecs this thread builds for the seed's code use its module and
 * tables. A seed without them (no SIMD where it was made) changes nothing.
 * @throws RamCoreError EINVAL when the seed does not belong to its code.
 */
export function plantRsCodecSeed(seed: RsCodecSeed): void {
  const code = rsCode({ nroots: seed.nroots, poly: seed.poly, fcr: 0, prim: 1 });
  if (!seed.simdModule || !seed.simdTables) return;
  const t = seed.simdTables;
  const words = SIMD_SLICES * 256 * W;
  if (t.length !== words) {
    throw new RamCoreError(
      'EINVAL',
      `codec seed for nroots ${seed.nroots}: ${t.length} table words, the encoder takes ${words}`
    );
  }
  // The single-bit entries of the last table are the LFSR run from x·g: the
  // ones buildTables() computes directly. Check those against this code.
  const last = buildTables(code, 1, W);
  for (let bit = 0; bit < 8; bit++) {
    const x = 1 << bit;
    for (let w = 0; w < W; w++) {
      if (t[((SIMD_SLICES - 1) * 256 + x) * W + w] !== last[x * W + w]) {
        throw new RamCoreError(
          'EINVAL',
          `codec seed tables do not belong to nroots ${seed.nroots}, poly 0x${seed.poly.toString(16)}`
        );
      }
    }
  }
  adoptSimdModule(seed.simdModule);
  adoptTables(code, SIMD_SLICES, W, t);
}
