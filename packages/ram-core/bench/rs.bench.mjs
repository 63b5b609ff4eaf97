// Reed–Solomon throughput on ramoops' code (GF(2^8)/0x11d, fcr 0, prim 1),
// 128-byte blocks with 16 parity bytes: the table-driven codec against the
// straightforward algorithm (a straight port of lib/reed_solomon), and the
// kernel's own C figures measured on this machine kind (docs/PERFORMANCE.md).
// A second table puts the two encoders side by side: the JS slice-by-16 one
// and the WebAssembly SIMD one that createRsCodec() picks where it runs.
import { createReferenceRsCodec, createRsCodec } from '../dist/index.js';
import { createDecoder } from '../dist/rs/decoder.js';
import { createEncoder } from '../dist/rs/encoder.js';
import { rsCode } from '../dist/rs/params.js';
import { simdAvailable } from '../dist/rs/simd-encoder.js';
import { createBlockCheck } from '../dist/rs/check-blocks.js';
import { figure, report, throughput } from '../../../tools/scripts/bench-lib.mjs';

const BLOCK = 128;
const NROOTS = 16;
const BLOCKS = 4096;
const KERNEL_C = { encode: 38, clean: 50, err1: 40, err8: 20 };

const data = new Uint8Array(BLOCK * BLOCKS);
let seed = 12345;
for (let i = 0; i < data.length; i++) data[i] = (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;

function setup(codec) {
  const parity = new Uint8Array(NROOTS * BLOCKS);
  for (let b = 0; b < BLOCKS; b++) codec.encodeInto(data, b * BLOCK, BLOCK, parity, b * NROOTS);
  return parity;
}

function run(codec) {
  const parity = setup(codec);
  const work = data.slice();
  const par = new Uint8Array(NROOTS);
  const out = {};
  out.encode = throughput(data.length, () => {
    for (let b = 0; b < BLOCKS; b++) codec.encodeInto(data, b * BLOCK, BLOCK, par, 0);
  });
  out.clean = throughput(data.length, () => {
    for (let b = 0; b < BLOCKS; b++) {
      par.set(parity.subarray(b * NROOTS, b * NROOTS + NROOTS));
      if (codec.decodeAt(work, b * BLOCK, BLOCK, par, 0) !== 0)
        throw new Error('clean block not clean');
    }
  });
  // What a zone write and a boot do: many consecutive blocks in one call.
  const batchPar = new Uint8Array(NROOTS * BLOCKS);
  out.encodeBatch = throughput(data.length, () => {
    codec.encodeBlocks(data, 0, data.length, BLOCK, batchPar, 0);
  });
  const check = createBlockCheck(codec);
  out.cleanBatch = throughput(data.length, () => {
    check.checkBlocks(work, 0, work.length, BLOCK, parity, 0, () => {
      throw new Error('clean block not clean');
    });
  });
  for (const [name, errs] of [
    ['err1', 1],
    ['err8', 8]
  ]) {
    out[name] = throughput(data.length, () => {
      for (let b = 0; b < BLOCKS; b++) {
        const off = b * BLOCK;
        for (let e = 0; e < errs; e++) work[off + ((e * 37 + b) % BLOCK)] ^= 0x5a;
        par.set(parity.subarray(b * NROOTS, b * NROOTS + NROOTS));
        if (codec.decodeAt(work, off, BLOCK, par, 0) !== errs)
          throw new Error(`expected ${errs} corrections`);
      }
    });
  }
  return out;
}

const fast = run(createRsCodec({ nroots: NROOTS }));
const ref = run(createReferenceRsCodec({ nroots: NROOTS }));
// The summary's figures (issue 16): batched paths against the straight port.
const GB = 2000; // MB/s
figure({
  name: 'rs.encode',
  value: fast.encodeBatch,
  unit: 'MB/s',
  baseline: ref.encodeBatch,
  goal: '≥ 2 GB/s batched',
  met: fast.encodeBatch >= GB
});
figure({
  name: 'rs.decode.clean',
  value: fast.cleanBatch,
  unit: 'MB/s',
  baseline: ref.cleanBatch,
  goal: '≥ 2 GB/s batched',
  met: fast.cleanBatch >= GB
});
for (const [name, key] of [
  ['rs.decode.1err', 'err1'],
  ['rs.decode.8err', 'err8']
]) {
  const ratio = fast[key] / ref[key];
  figure({
    name,
    value: fast[key],
    unit: 'MB/s',
    baseline: ref[key],
    goal: '≥ 3× the port',
    met: ratio >= 3
  });
}
report(
  'ram-core: Reed–Solomon, 128-byte blocks, 16 parity bytes (MB/s, median)',
  ['case', 'pstore-ts', 'straight port', 'ratio', 'kernel C*', 'ratio', 'goal'],
  [
    [
      'encode, one call per block',
      fast.encode,
      ref.encode,
      fast.encode / ref.encode,
      KERNEL_C.encode,
      fast.encode / KERNEL_C.encode,
      '≥ 500'
    ],
    [
      'encode, a zone write (batched)',
      fast.encodeBatch,
      ref.encodeBatch,
      fast.encodeBatch / ref.encodeBatch,
      KERNEL_C.encode,
      fast.encodeBatch / KERNEL_C.encode,
      '≥ 500'
    ],
    [
      'clean decode, one call per block',
      fast.clean,
      ref.clean,
      fast.clean / ref.clean,
      KERNEL_C.clean,
      fast.clean / KERNEL_C.clean,
      '≥ 500'
    ],
    [
      'clean decode, zone boot check (batched)',
      fast.cleanBatch,
      ref.cleanBatch,
      fast.cleanBatch / ref.cleanBatch,
      KERNEL_C.clean,
      fast.cleanBatch / KERNEL_C.clean,
      '≥ 500'
    ],
    [
      '1-error decode',
      fast.err1,
      ref.err1,
      fast.err1 / ref.err1,
      KERNEL_C.err1,
      fast.err1 / KERNEL_C.err1,
      '≥ 1× port'
    ],
    [
      '8-error decode',
      fast.err8,
      ref.err8,
      fast.err8 / ref.err8,
      KERNEL_C.err8,
      fast.err8 / KERNEL_C.err8,
      '≥ 1× port'
    ]
  ],
  '* kernel C: lib/reed_solomon compiled with gcc -O2 on this machine kind (../shared/docs/PERFORMANCE.md).\n' +
    'Batched rows are the paths zones use: a write re-encodes its blocks in one call, a boot checks\n' +
    'all blocks of a zone in one call and decodes only those whose parity differs.'
);

// The encoders side by side, each behind the same decoder. The machine is
// shared: each round times every variant once, so that a burst of load hits
// both columns alike, and the medians are compared.
function paired(bytes, fns, { rounds = 9, minMs = 100 } = {}) {
  for (const fn of fns) fn();
  const samples = fns.map(() => []);
  for (let r = 0; r < rounds; r++) {
    fns.forEach((fn, i) => {
      let calls = 0;
      const t0 = process.hrtime.bigint();
      let ns = 0;
      do {
        fn();
        calls++;
        ns = Number(process.hrtime.bigint() - t0);
      } while (ns / 1e6 < minMs);
      samples[i].push((bytes * calls) / (ns / 1e9) / 1e6);
    });
  }
  return samples.map((s) => s.sort((a, b) => a - b)[s.length >> 1]);
}

function encoderCases(simd) {
  const code = rsCode({ nroots: NROOTS });
  const enc = createEncoder(code, { simd });
  const dec = createDecoder(code, enc);
  const parity = new Uint8Array(NROOTS * BLOCKS);
  enc.encodeBlocks(data, 0, data.length, BLOCK, parity, 0);
  const par = new Uint8Array(NROOTS);
  const scratch = new Uint8Array(NROOTS * BLOCKS);
  return {
    into: () => {
      for (let b = 0; b < BLOCKS; b++) enc.encodeInto(data, b * BLOCK, BLOCK, par, 0);
    },
    blocks: () => enc.encodeBlocks(data, 0, data.length, BLOCK, scratch, 0),
    clean: () => {
      for (let b = 0; b < BLOCKS; b++) {
        par.set(parity.subarray(b * NROOTS, b * NROOTS + NROOTS));
        if (dec.decodeAt(data, b * BLOCK, BLOCK, par, 0) !== 0) throw new Error('not clean');
      }
    },
    batchClean: () => {
      enc.encodeBlocks(data, 0, data.length, BLOCK, scratch, 0);
      if (Buffer.compare(scratch, parity) !== 0) throw new Error('not clean');
    }
  };
}

const jsCases = encoderCases(false);
const wasmCases = encoderCases(true);
const rows = [
  ['encodeInto, one call per block', 'into'],
  [`encodeBlocks, ${BLOCKS} blocks per call`, 'blocks'],
  ['clean decodeAt, one call per block', 'clean'],
  ['clean check batched: encodeBlocks, compare', 'batchClean']
].map(([name, key]) => {
  const [js, wasm] = paired(data.length, [jsCases[key], wasmCases[key]]);
  return [name, js, wasm, wasm / js];
});
report(
  `ram-core: RS encoders, JS slice-by-16 vs WebAssembly SIMD${simdAvailable() ? '' : ' (NO SIMD HERE: JS twice)'} (MB/s, median)`,
  ['case', 'JS', 'wasm SIMD', 'ratio'],
  rows,
  'Each wasm call copies its data in (~0.1 µs of fixed cost); zone writes batch with encodeBlocks.'
);
