/**
 * The 842 decoder against streams assembled bit by bit from the format in lib/842/842.h, and
 * the CRC against the known check value of its parameters.
 * Kernel counterpart: lib/842/842_decompress.c (sw842_decompress), lib/crc32.c (crc32_be).
 */
import { describe, expect, it } from 'vitest';
import { crc32Be, sw842Compress, sw842Decompress } from '../src/index.ts';

/** Big-endian bit assembler for hand-made streams. */
function bits(fields: readonly (readonly [number, number])[]): Uint8Array {
  let s = '';
  for (const [value, n] of fields) s += value.toString(2).padStart(n, '0');
  while (s.length % 64) s += '0';
  return Uint8Array.from({ length: s.length / 8 }, (_, i) =>
    parseInt(s.slice(i * 8, i * 8 + 8), 2)
  );
}

const bytes = (s: string): (readonly [number, number])[] =>
  [...s].map((ch) => [ch.charCodeAt(0), 8] as const);

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('sw842 format', () => {
  it('computes crc32_be(0, …): the parameters of CRC-32/POSIX without its final inversion', () => {
    // "123456789" with poly 0x04C11DB7, init 0, no reflection, no xorout.
    expect(crc32Be(enc('123456789')).toString(16)).toBe('89a1897f');
  });

  const plain = 'ABCDEFGH' + 'ABCDEFGH' + '\0'.repeat(8) + '\0'.repeat(8) + 'xyz';
  const stream = (crc: number, i8 = 0): Uint8Array =>
    bits([
      [0x00, 5], // D8
      ...bytes('ABCDEFGH'),
      [0x19, 5], // I8, index 0
      [i8, 8],
      [0x1c, 5], // zeros
      [0x1b, 5], // repeat once (count 0 + 1)
      [0, 6],
      [0x1d, 5], // short data, 3 bytes
      [3, 3],
      ...bytes('xyz'),
      [0x1e, 5], // end
      [crc, 32]
    ]);

  it('decodes D8, I8, zeros, repeat, short data and end with a matching CRC', () => {
    const out = sw842Decompress(stream(crc32Be(enc(plain))), 100);
    expect(out && new TextDecoder().decode(out)).toBe(plain);
  });

  it('fails on a CRC mismatch, an index past the output, and a repeat with nothing before it', () => {
    expect(sw842Decompress(stream(crc32Be(enc(plain)) ^ 1), 100)).toBeNull();
    expect(sw842Decompress(stream(crc32Be(enc(plain)), 1), 100)).toBeNull();
    expect(
      sw842Decompress(
        bits([
          [0x1b, 5],
          [0, 6],
          [0x1e, 5],
          [0, 32]
        ]),
        100
      )
    ).toBeNull();
  });

  it('fails on template numbers without meaning and on a stream without its end', () => {
    expect(sw842Decompress(bits([[0x1a, 5]]), 100)).toBeNull();
    expect(sw842Decompress(bits([[0x1f, 5]]), 100)).toBeNull();
    expect(sw842Decompress(bits([[0x1c, 5]]).subarray(0, 1), 100)).toBeNull();
  });

  it('pads its own output to a multiple of 8 bytes and uses index templates for repeats', () => {
    const text = enc('<6>[    0.000000] Linux version 6.1.0\n'.repeat(20));
    const z = sw842Compress(text, 10000)!;
    expect(z.length % 8).toBe(0);
    expect(z.length).toBeLessThan(text.length / 2);
    expect(sw842Decompress(z, text.length)).toEqual(text);
  });
});
