/**
 * The image sources against each other: a stream read forward only, in
 * pieces of any size, gives exactly what the same bytes as a file give, for
 * any order of forward reads (views, regions, sizes); regions stay the
 * caller's while the stream goes on; an endless stream is scanned up to the
 * limit and said so.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openImage, type ImageSource } from '../src/image.ts';
import { streamSource, type Pull } from '../src/image-stream.ts';
import { PROBE_WINDOW, probeLaterWindows } from '../src/probe-windows.ts';
import { tmp } from './helpers.ts';

const dir = tmp('image-stream');

/** Pulls of `bytes` in pieces of the given sizes, in turn (a pipe gives what it has). */
function piecesPull(bytes: Uint8Array, pieces: readonly number[]): Pull {
  let at = 0;
  let i = 0;
  return (into) => {
    const n = Math.min(into.length, bytes.length - at, pieces[i++ % pieces.length]!);
    into.set(bytes.subarray(at, at + n));
    at += n;
    return n;
  };
}

type Step =
  | {
      readonly kind: 'view' | 'region';
      readonly gap: number;
      readonly size: number;
      readonly toEnd: boolean;
    }
  | { readonly kind: 'available'; readonly gap: number };

/** What a call gives: its bytes or length, or the message it refuses with. */
function outcome(f: () => Uint8Array | number): { bytes?: number[]; n?: number; error?: string } {
  try {
    const r = f();
    return typeof r === 'number' ? { n: r } : { bytes: [...r] };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

describe('a stream gives what the same bytes as a file give', () => {
  it('for any forward reads, in pieces of any size (property)', () => {
    const step = fc.oneof(
      fc.record({
        kind: fc.constantFrom('view' as const, 'region' as const),
        gap: fc.nat(300),
        size: fc.integer({ min: 1, max: 400 }),
        // Exactly to the image's end: the edge where a stream has not yet said it ends.
        toEnd: fc.boolean()
      }),
      fc.record({ kind: fc.constant('available' as const), gap: fc.nat(300) })
    );
    let n = 0;
    let handedOver = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3000 }),
        fc.nat(),
        fc.array(fc.integer({ min: 1, max: 700 }), { minLength: 1, maxLength: 5 }),
        fc.array(step, { maxLength: 12, size: 'max' }),
        (imageBytes, seed, pieces, steps) => {
          // Bytes that differ from one position to the next (arrays fast-check
          // makes are mostly short: the length is drawn, the bytes derived).
          const bytes = Uint8Array.from({ length: imageBytes }, (_, i) => (i * 131 + seed) >>> 3);
          const path = join(dir, `image-${n++}.bin`);
          writeFileSync(path, bytes);
          const file = openImage(path);
          const stream = streamSource(path, piecesPull(bytes, pieces), () => undefined);
          const regions: { got: Uint8Array; want: number[] }[] = [];
          let offset = 0;
          let floor = 0;
          try {
            for (const s of steps as Step[]) {
              // Forward only: from the last offset on, and past a region handed over.
              offset = Math.max(offset + s.gap, floor);
              const size =
                s.kind === 'available' ? 0 : s.toEnd ? Math.max(1, bytes.length - offset) : s.size;
              const call = (src: ImageSource) =>
                s.kind === 'available'
                  ? src.available(offset)
                  : s.kind === 'view'
                    ? src.view(offset, size)
                    : src.region(offset, size);
              const want = outcome(() => call(file));
              let got: Uint8Array | number | undefined;
              const have = outcome(() => (got = call(stream)));
              expect(have).toEqual(want);
              // A view says whether the image ends with it (probe's "is there more").
              if (s.kind === 'view' && !want.error && offset + size >= bytes.length) {
                expect(stream.size).toBe(bytes.length);
              }
              if (s.kind === 'region' && got instanceof Uint8Array) {
                regions.push({ got, want: want.bytes! });
                floor = offset + size;
              }
            }
            // A region handed over is not overwritten by what the stream read after it.
            for (const r of regions) expect([...r.got]).toEqual(r.want);
            handedOver += regions.length;
            // Once read to its end, a stream knows its size.
            if (stream.size !== null) expect(stream.size).toBe(bytes.length);
          } finally {
            file.close();
          }
        }
      ),
      { numRuns: 300 }
    );
    // The runs did hand regions over and read on (not every call refused).
    expect(handedOver).toBeGreaterThan(100);
  });

  it('an empty stream is named at the first read', () => {
    const s = streamSource(
      'standard input',
      () => 0,
      () => undefined
    );
    expect(() => s.view(0, 10)).toThrow('image standard input is empty (0 bytes)');
  });

  it('reading backwards is a bug, not bad input: an Error that is no CliError', () => {
    const bytes = new Uint8Array(100).fill(1);
    const s = streamSource('s', piecesPull(bytes, [7]), () => undefined);
    s.view(50, 10);
    let caught: unknown;
    try {
      s.view(10, 10);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(Error);
    expect((caught as Error).name).toBe('Error');
    expect((caught as Error).message).toBe('stream s is read forward only: offset 10 is before 50');
  });

  it('a region 1 GiB into a stream is read without holding what lies before it', () => {
    // A pull that hands out 1 GiB and then the region: the bytes skipped are
    // counted, never stored (the buffer the source grows is bounded by the region).
    const GiB = 1024 ** 3;
    let at = 0;
    let largest = 0;
    const pull: Pull = (into) => {
      largest = Math.max(largest, into.length);
      const n = Math.min(into.length, GiB + 4096 - at);
      for (let i = 0; i < n; i++) if (at + i >= GiB) into[i] = (at + i) & 0xff;
      at += n;
      return n;
    };
    const s = streamSource('ram.bin.gz', pull, () => undefined);
    const region = s.region(GiB, 4096);
    expect(region[0]).toBe(0);
    expect(region[4095]).toBe(0xff);
    // Skipping asks for 1 MiB at a time: the 1 GiB before the region never sat in memory.
    expect(largest).toBeLessThanOrEqual(1 << 20);
  });
});

describe('probe of an endless stream', () => {
  it('scans up to the limit and says where to look instead', () => {
    const zeros: Pull = (into) => (into.fill(0), into.length);
    const s = streamSource('/dev/zero', zeros, () => undefined);
    const first = s.view(0, PROBE_WINDOW);
    const r = probeLaterWindows(s, first, { endian: 'little', scanLimit: 512 * 1024 * 1024 });
    expect(r.result).toBeNull();
    expect('reason' in r && r.reason).toBe(
      "no ramoops zone header (signature 0x43474244, or an ftrace zone's) in the first 536870912 " +
        'bytes of /dev/zero, which goes on (give --offset where the region starts): not a ramoops ' +
        'region, or RAM ramoops never initialised'
    );
  });
});
