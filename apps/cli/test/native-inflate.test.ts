/**
 * Node's zlib as the reader's inflate gives exactly what the built-in
 * inflate gives — the same bytes, or null for the same streams — for every
 * era's deflate flavour: whole streams, streams cut short, streams with
 * bytes after their end, flipped bytes, and output limits hit exactly.
 * Kernel counterpart: lib/zlib_inflate (decompress_record()).
 */
import { deflateRawSync } from 'node:zlib';
import fc from 'fast-check';
import { pstoreCompressor } from '@pstore/pstore-fs';
import { describe, expect, it } from 'vitest';
import { nodeInflate } from '../src/native-inflate.ts';

const KERNELS = [
  ['4.9 (zlib-wrapped, window 12)', { major: 4, minor: 9, sublevel: 0 }],
  ['6.12 (raw, window 15)', { major: 6, minor: 12, sublevel: 0 }]
] as const;

describe('nodeInflate', () => {
  it.each(KERNELS)('reads what the built-in inflate reads: %s', (_, kernel) => {
    const bufsize = 4096;
    const builtin = pstoreCompressor(kernel, { algorithm: 'deflate', bufsize });
    const native = pstoreCompressor(kernel, {
      algorithm: 'deflate',
      bufsize,
      inflate: nodeInflate
    });
    const text = fc.string({ unit: fc.constantFrom(...'abcdefgh \n0123[]:'), maxLength: 6000 });
    fc.assert(
      fc.property(text, fc.nat(), fc.nat(), fc.uint8Array({ maxLength: 8 }), (t, cut, at, tail) => {
        const input = new TextEncoder().encode(t);
        const stream = builtin.compress(input.subarray(0, builtin.bigOopsBufSize ?? 0));
        if (!stream) return;
        const variants = [
          stream,
          stream.subarray(0, cut % (stream.length + 1)),
          Uint8Array.from([...stream, ...tail]),
          stream.map((b, i) => (i === at % stream.length ? b ^ 0x55 : b))
        ];
        for (const v of variants) {
          const a = builtin.decompress(v);
          const b = native.decompress(v);
          expect(b === null ? null : Buffer.from(b)).toEqual(a === null ? null : Buffer.from(a));
        }
      }),
      { numRuns: 300 }
    );
  });

  it('leaves the room it is asked for after the text, in a buffer of the call alone', () => {
    const kernel = KERNELS[1][1];
    const c = pstoreCompressor(kernel, { algorithm: 'deflate', bufsize: 16384 });
    const limit = c.maxDecompressedSize!;
    const wb = c.params!.inflateWindowBits;
    // A log (one chunk holds it) and a run of one byte (~1000× smaller: chunks joined, then copied).
    const log = new TextEncoder().encode(
      Array.from({ length: 700 }, (_, i) => `[ ${i}.000] eth0: rx ${i * 7919}`).join('\n')
    );
    const run = new Uint8Array(limit - 100).fill(0x61);
    for (const input of [log.subarray(0, limit), run]) {
      const stream = new Uint8Array(deflateRawSync(input, { level: 3 }));
      const texts = [0, 1, 49, 200].map((room) => {
        const t = nodeInflate(stream, wb, limit, room)!;
        expect(Buffer.from(t)).toEqual(Buffer.from(input));
        expect(t.buffer.byteLength - t.byteOffset - t.length).toBeGreaterThanOrEqual(room);
        return t;
      });
      // No two calls share a buffer: the room after one text is never another's.
      expect(new Set(texts.map((t) => t.buffer)).size).toBe(texts.length);
    }
    expect(nodeInflate.leavesRoom).toBe(true);
  });

  it('refuses more output than the limit, and takes exactly the limit', () => {
    const kernel = KERNELS[1][1];
    const c = pstoreCompressor(kernel, { algorithm: 'deflate', bufsize: 4096 });
    const limit = c.maxDecompressedSize!;
    for (const n of [limit, limit + 1]) {
      // 6.12 reads raw streams: one that expands to exactly n bytes.
      const stream = new Uint8Array(deflateRawSync(new Uint8Array(n).fill(97)));
      const a = c.decompress(stream);
      const b = nodeInflate(stream, c.params!.inflateWindowBits, limit);
      expect(b === null ? null : b.length).toBe(a === null ? null : a.length);
      expect(a === null ? null : a.length).toBe(n === limit ? limit : null);
    }
  });
});
