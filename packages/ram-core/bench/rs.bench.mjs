// Reed–Solomon throughput on ramoops' code (GF(2^8)/0x11d, fcr 0, prim 1),
// 128-byte blocks with 16 parity bytes: the table-driven codec against the
// straightforward algorithm (a straight port of lib/reed_solomon), and the
// kernel's own C figures measured on this machine kind (docs/PERFORMANCE.md).
import { createReferenceRsCodec, createRsCodec } from '../dist/index.js';
import { report, throughput } from '../../../tools/scripts/bench-lib.mjs';

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
report(
  'ram-core: Reed–Solomon, 128-byte blocks, 16 parity bytes (MB/s, median)',
  ['case', 'pstore-ts', 'straight port', 'ratio', 'kernel C*', 'ratio', 'goal'],
  [
    [
      'encode',
      fast.encode,
      ref.encode,
      fast.encode / ref.encode,
      KERNEL_C.encode,
      fast.encode / KERNEL_C.encode,
      '≥ 500'
    ],
    [
      'clean decode',
      fast.clean,
      ref.clean,
      fast.clean / ref.clean,
      KERNEL_C.clean,
      fast.clean / KERNEL_C.clean,
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
  '* kernel C: lib/reed_solomon compiled with gcc -O2 on this machine kind (../shared/docs/PERFORMANCE.md).'
);
