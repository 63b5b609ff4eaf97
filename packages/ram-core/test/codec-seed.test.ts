/**
 * Codec seeds (src/rs/codec-seed.ts): a codec built in a worker from the
 * seed another thread made encodes and decodes exactly like one built from
 * scratch and like the byte-serial port of lib/reed_solomon; a seed of
 * another code is refused rather than used.
 */
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { createReferenceRsCodec, createRamCoreHost, rsCodecSeed } from '../src/index.ts';
import { plantRsCodecSeed, type RsCodecSeed } from '../src/rs/codec-seed.ts';

function bytes(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    out[i] = s >>> 24;
  }
  return out;
}

/** Parity of 64 random blocks of every length class, through a fresh worker's codec. */
function parityInWorker(seed: RsCodecSeed | null): Promise<Uint8Array[]> {
  // A worker runs built JavaScript: the dist of this package, which the test target builds first
  // (the shared codec's own module: prepareRsCodecs is not part of the package root).
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    import(workerData.dist).then(({ prepareRsCodecs, sharedRsCodec }) => {
      const { nroots, poly, seed, blocks } = workerData;
      prepareRsCodecs([{ nroots, poly, ...(seed ? { seed } : {}) }]);
      const rs = sharedRsCodec(nroots, poly);
      parentPort.postMessage(blocks.map((b) => rs.encode(b)));
    });`;
  const blocks = Array.from({ length: 64 }, (_, i) => bytes(1 + ((i * 53) % 239), i + 1));
  const w = new Worker(code, {
    eval: true,
    execArgv: [],
    workerData: {
      dist: new URL('../dist/rs/shared-codec.js', import.meta.url).href,
      nroots: 16,
      poly: 0x11d,
      seed,
      blocks
    }
  });
  return new Promise((resolve, reject) => {
    w.once('message', (m: Uint8Array[]) => {
      void w.terminate();
      resolve(m);
    });
    w.once('error', reject);
  });
}

describe('codec seeds', () => {
  it('carry a compiled module and shared tables', () => {
    const seed = rsCodecSeed(16, 0x11d);
    expect(seed.simdModule, 'WebAssembly SIMD on Node 20').not.toBeNull();
    expect(seed.simdTables?.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(rsCodecSeed(16, 0x11d)).toBe(seed); // made once per thread
  });

  it('give a worker the same parity as building from scratch and as the kernel algorithm', async () => {
    const seeded = await parityInWorker(rsCodecSeed(16, 0x11d));
    const scratch = await parityInWorker(null);
    const ref = createReferenceRsCodec({ nroots: 16 });
    const blocks = Array.from({ length: 64 }, (_, i) => bytes(1 + ((i * 53) % 239), i + 1));
    blocks.forEach((b, i) => {
      expect(Array.from(seeded[i]!), `block ${i}`).toEqual(Array.from(ref.encode(b)));
      expect(Array.from(scratch[i]!), `block ${i}`).toEqual(Array.from(seeded[i]!));
    });
  });

  it('are refused for another code, naming it', () => {
    const other = rsCodecSeed(16, 0x187);
    expect(() => plantRsCodecSeed({ ...other, poly: 0x11d })).toThrow(
      /do not belong to nroots 16, poly 0x11d/
    );
    const short = { ...other, simdTables: other.simdTables!.subarray(0, 100) };
    expect(() => plantRsCodecSeed(short)).toThrow(/100 table words, the encoder takes 32768/);
  });

  it('are refused by ram-core.prepare when offered for another code', async () => {
    const reply = await createRamCoreHost().request({
      type: 'ram-core.prepare',
      codes: [{ nroots: 8, poly: 0x11d, seed: rsCodecSeed(16, 0x11d) }]
    });
    expect(reply).toMatchObject({
      type: 'ram-core.failed',
      error: { code: 'EINVAL', message: expect.stringMatching(/offered for nroots 8/) as string }
    });
  });
});
