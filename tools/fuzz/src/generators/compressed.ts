/**
 * Compressed dumps (`-C`) for every stream the project decodes: raw
 * deflate (4.17+), zlib-wrapped deflate (≤ 4.16), with windows the reader
 * does and does not accept; cut short, with bytes corrupted, with trailing
 * junk, or a bomb (a few KiB that inflate far beyond the output limit).
 * zstd/lzo/lz4 are not decoded by pstore-ts (the CLI refuses to configure
 * them), so a stream of theirs is just another corrupt stream here.
 * Kernel counterpart: fs/pstore/platform.c decompress_record() and the
 * per-era inflate (see packages/pstore-fs/src/compress/).
 */
import fc from 'fast-check';
import { deflateRawSync, deflateSync } from 'node:zlib';
import { before } from '../eras.ts';
import { fillZone, zonesOf } from '../image-zones.ts';
import { randomBytes, randomText } from '../prng.ts';
import { kernelVectors } from '../vectors.ts';
import type { Generator } from './generator.ts';

let bomb: Uint8Array | undefined;

const KINDS = ['raw', 'raw-9', 'zlib-12', 'zlib-15', 'bomb', 'zstd-magic', 'random'] as const;
const DAMAGE = ['none', 'cut', 'flip', 'junk', 'cut-1'] as const;

function stream(kind: (typeof KINDS)[number], text: Uint8Array, seed: number): Uint8Array {
  switch (kind) {
    case 'raw':
      return new Uint8Array(deflateRawSync(text));
    case 'raw-9':
      return new Uint8Array(deflateRawSync(text, { windowBits: 9, level: 9 }));
    case 'zlib-12':
      return new Uint8Array(deflateSync(text, { windowBits: 12, memLevel: 4 }));
    case 'zlib-15':
      return new Uint8Array(deflateSync(text));
    case 'bomb':
      // 8 MiB of zeros: ~8 KiB of stream, far past every era's output limit.
      return (bomb ??= new Uint8Array(deflateRawSync(new Uint8Array(8 << 20), { level: 9 })));
    case 'zstd-magic': {
      const b = randomBytes(seed, 200);
      b.set([0x28, 0xb5, 0x2f, 0xfd]);
      return b;
    }
    case 'random':
      return randomBytes(seed, 1 + (seed >>> 20));
  }
}

export const compressedGenerator: Generator = {
  name: 'compressed',
  weight: 3,
  needsVectors: true,
  arbitrary: () => {
    const vectors = kernelVectors();
    return fc
      .record({
        v: fc.nat(vectors.length - 1),
        kernel: fc.constantFrom(
          '4.9.337',
          '4.14.336',
          '5.4.289',
          '5.10.234',
          '6.1.192',
          '6.6.80',
          '6.12.20'
        ),
        kind: fc.constantFrom(...KINDS),
        damage: fc.constantFrom(...DAMAGE),
        length: fc.integer({ min: 1, max: 40000 }),
        at: fc.nat(),
        seed: fc.integer(),
        compress: fc.constantFrom('', ' pstore.compress=none', ' pstore.compress=deflate')
      })
      .map(({ v, kernel, kind, damage, length, at, seed, compress }) => {
        const vec = vectors[v]!;
        const img = vec.image.slice();
        let s = stream(kind, randomText(seed, length), seed);
        switch (damage) {
          case 'cut':
            s = s.subarray(0, at % s.length);
            break;
          case 'cut-1':
            s = s.subarray(0, s.length - 1);
            break;
          case 'flip':
            s = s.slice();
            s[at % s.length] = s[at % s.length]! ^ (1 << (seed & 7));
            break;
          case 'junk': {
            const t = new Uint8Array(s.length + 64);
            t.set(s);
            t.set(randomBytes(seed, 64), s.length);
            s = t;
            break;
          }
          case 'none':
            break;
        }
        const head = new TextEncoder().encode(
          `====1700000000.${before(kernel, 4, 19) ? '5' : '000005'}-C\n`
        );
        const content = new Uint8Array(head.length + s.length);
        content.set(head);
        content.set(s, head.length);
        // pstore.compress= is no parameter before 4.17: only the era's default there.
        const params =
          vec.params.replace(/\s*pstore\.compress=\S+/, '') +
          (before(kernel, 4, 17) ? '' : compress);
        const z = (zonesOf(params, kernel) ?? []).find((x) => x.type === 'dmesg');
        if (z) fillZone(img, z, content);
        return {
          generator: 'compressed',
          image: img,
          args: ['--params', params, '--kernel', kernel],
          what: `${vec.name} read as ${kernel}${compress}: ${kind} stream of ${length} bytes of text, ${damage}, ${s.length} bytes stored`
        };
      });
  }
};
