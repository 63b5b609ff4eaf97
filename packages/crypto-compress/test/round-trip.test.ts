/**
 * Round trips and failure semantics of every algorithm, as properties: what compress() writes,
 * decompress() gives back byte for byte within the algorithm's bound; compress() honours its
 * limit exactly; a truncated, corrupted or random stream yields null, never a throw or a hang,
 * and never more than the limit.
 * Kernel counterpart: the contract of crypto_comp_compress()/crypto_comp_decompress() over
 * crypto/{lzo,lz4,lz4hc,842,zstd}.c.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CRYPTO_ALGORITHMS,
  cryptoCompressor,
  lzo1xCompressUnbounded,
  lzo1xDecompressSafe,
  type CryptoAlgorithm
} from '../src/index.ts';

const ERA = { lzoRle: true, zstd14: true };

/** Kernel-log-like text: repeated prefixes and words, the data pstore compresses. */
const logText = fc
  .array(
    fc.record({
      level: fc.integer({ min: 0, max: 7 }),
      sec: fc.integer({ min: 0, max: 99999 }),
      words: fc.array(
        fc.constantFrom(
          'usb',
          'ehci-pci',
          'device',
          'number',
          'Call Trace:',
          'RIP:',
          '0010',
          'ffffffff81000000',
          'panic',
          'not syncing'
        ),
        { maxLength: 12 }
      )
    }),
    { maxLength: 200 }
  )
  .map((lines) =>
    new TextEncoder().encode(
      lines
        .map((l) => `<${l.level}>[${String(l.sec).padStart(5)}.000000] ${l.words.join(' ')}\n`)
        .join('')
    )
  );

const anyBytes = fc.oneof(
  fc.uint8Array({ maxLength: 3000 }),
  logText,
  fc
    .tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 70000 }))
    .map(([b, n]) => new Uint8Array(n).fill(b))
);

const same = (a: Uint8Array | null, b: Uint8Array): boolean =>
  a !== null && a.length === b.length && a.every((x, i) => x === b[i]);

describe.each(CRYPTO_ALGORITHMS.map((a) => [a]))('%s', (name: CryptoAlgorithm) => {
  const c = cryptoCompressor(name, ERA);

  it('decompress(compress(x)) is x, and the stream fits the worst-case bound', () => {
    fc.assert(
      fc.property(anyBytes, (input) => {
        const z = c.compress(input, Number.MAX_SAFE_INTEGER);
        if (z === null) return false;
        // 842's "bound" is the input size: pstore's zbufsize_842(); real output may exceed it.
        if (name !== '842' && z.length > c.worstCase(input.length)) return false;
        return same(c.decompress(z, input.length), input);
      }),
      { numRuns: 60 }
    );
  });

  it('compress() returns null exactly when the stream would not fit', () => {
    fc.assert(
      fc.property(anyBytes, fc.integer({ min: 0, max: 4000 }), (input, limit) => {
        const full = c.compress(input, Number.MAX_SAFE_INTEGER)!;
        const z = c.compress(input, limit);
        return full.length <= limit ? same(z, full) : z === null;
      }),
      { numRuns: 60 }
    );
  });

  it('decompress() refuses truncated streams, corrupted streams and noise without throwing', () => {
    fc.assert(
      fc.property(
        logText,
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        fc.uint8Array({ maxLength: 600 }),
        (input, cut, flip, noise) => {
          const z = c.compress(input, Number.MAX_SAFE_INTEGER)!;
          const limit = c.worstCase(input.length) + 64;
          const truncated = z.subarray(0, z.length > 1 ? cut % z.length : 0);
          const corrupted = z.slice();
          corrupted[cut % z.length]! ^= flip;
          for (const bad of [truncated, corrupted, noise]) {
            const out = c.decompress(bad, limit);
            if (out !== null && out.length > limit) return false;
          }
          // A stream cut short never decodes to the whole text (842: unless only the zero
          // padding after its CRC was cut, which sw842_decompress() never reads).
          if (name === '842' || truncated.length === z.length) return true;
          return !same(c.decompress(truncated, limit), input);
        }
      ),
      { numRuns: 100 }
    );
  });

  it('refuses output beyond the limit, even by one byte', () => {
    const input = new TextEncoder().encode('<6>[    1.000000] hello, world\n'.repeat(40));
    const z = c.compress(input, Number.MAX_SAFE_INTEGER)!;
    expect(same(c.decompress(z, input.length), input)).toBe(true);
    expect(c.decompress(z, input.length - 1)).toBeNull();
  });

  it('decodes a stream with bytes appended as a failure (records carry exact sizes)', () => {
    const input = new TextEncoder().encode('Panic#1 Part1\n<0>[   12.345678] Kernel panic\n');
    const z = c.compress(input, Number.MAX_SAFE_INTEGER)!;
    const padded = new Uint8Array(z.length + 9);
    padded.set(z);
    padded.fill(0x41, z.length);
    // 842's padding after the CRC is ignored by sw842_decompress(); the others end exactly.
    expect(c.decompress(padded, 4096) === null).toBe(name !== '842');
  });
});

describe('lzo before CVE-2025-38068', () => {
  it('writes past any limit: the unbounded stream of incompressible text still decodes', () => {
    let x = 2463534242;
    const noise = Uint8Array.from({ length: 5000 }, () => {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      return x & 0xff;
    });
    const z = lzo1xCompressUnbounded(noise);
    expect(z.length).toBeGreaterThan(noise.length);
    expect(same(lzo1xDecompressSafe(z, noise.length, { rle: false }), noise)).toBe(true);
  });
});

describe('avoidFirstByte (the ramoops header-whitespace quirk)', () => {
  const isSpace = (b: number): boolean => (b >= 0x09 && b <= 0x0d) || b === 0x20 || b === 0xa0;

  it.each(CRYPTO_ALGORITHMS.map((a) => [a]))(
    '%s never starts a stream of a dump part with whitespace',
    (name: CryptoAlgorithm) => {
      const c = cryptoCompressor(name, ERA);
      fc.assert(
        fc.property(logText, fc.integer({ min: 1, max: 200 }), (body, n) => {
          // Headers of every length class: "Panic#1 Part1\n" plus text whose first match
          // makes the first literal run 2 or 10 (lz4 tokens 0x20, 0xA0) or 15 or 143 (lzo).
          const head = new TextEncoder().encode(`Panic#${n} Part1\n` + 'x'.repeat(n % 16));
          const input = new Uint8Array(head.length + body.length);
          input.set(head);
          input.set(body, head.length);
          // lzo cannot code a 15-byte text with no match without a leading 0x20 or 0x0C;
          // no dump part is that short (header line + at least one "<N>[…] …\n" line).
          if (name === 'lzo' && input.length === 15) return true;
          const z = c.compress(input, Number.MAX_SAFE_INTEGER, { avoidFirstByte: isSpace })!;
          return !isSpace(z[0]!) && same(c.decompress(z, input.length), input);
        }),
        { numRuns: 80 }
      );
    }
  );

  it('gives up the first match when it would make an lz4 token of 0x20', () => {
    // "ab" then a 4-byte match of "abab": token 0x20 (2 literals, match length 4).
    const input = new TextEncoder().encode('ababab' + 'Z'.repeat(20));
    const lz4 = cryptoCompressor('lz4', ERA);
    expect(lz4.compress(input, 100)![0]).toBe(0x20);
    const z = lz4.compress(input, 100, { avoidFirstByte: isSpace })!;
    expect(z[0]).not.toBe(0x20);
    expect(same(lz4.decompress(z, 100), input)).toBe(true);
  });
});
