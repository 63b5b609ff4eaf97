import { describe, expect, it } from 'vitest';
import {
  EMPTY_STORED_BLOCK,
  avoidHeaderWhitespace,
  isKernelSpace,
  pstoreCompressor
} from '../src/compress/index.ts';
import { PstoreFormatError } from '../src/format-error.ts';

const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);
const Z5 = 'Panic#1 Part1\n<0>[    1.234567] Kernel panic - not syncing: sysrq triggered crash\n';
const C_INPUT = ascii(Z5.repeat(40));
const HEADER = ascii('====1700000000.123456-C\n');

const V4_9 = { major: 4, minor: 9, sublevel: 0 };
const V6_1 = { major: 6, minor: 1, sublevel: 192 };
const V6_6 = { major: 6, minor: 6, sublevel: 0 };

/** Bytes as a latin1 string: fast to compare, and a readable diff when dmesg text differs. */
const latin1 = (u: Uint8Array | null): string | null =>
  u === null ? null : Buffer.from(u.buffer, u.byteOffset, u.length).toString('latin1');

/**
 * Header length as ramoops_read_kmsg_hdr() gets it from sscanf("====%lld.%lu-%c\n%n"):
 * the "\n" of the format swallows every whitespace byte after the type character.
 */
function kernelHeaderLength(record: Uint8Array): number {
  const text = new TextDecoder('latin1').decode(record.subarray(0, 40));
  const m = /^====\d+\.\d+-./.exec(text);
  if (!m) return 0;
  let n = m[0].length;
  while (n < record.length && isKernelSpace(record[n]!)) n++;
  return n;
}

function record(stream: Uint8Array): Uint8Array {
  const out = new Uint8Array(HEADER.length + stream.length);
  out.set(HEADER, 0);
  out.set(stream, HEADER.length);
  return out;
}

describe('isKernelSpace', () => {
  it('is true for exactly 0x09–0x0d, 0x20 and 0xa0', () => {
    const spaces = [...Array(256).keys()].filter(isKernelSpace);
    expect(spaces).toEqual([0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0xa0]);
  });
});

describe('header whitespace quirk (WORKED-EXAMPLES §C2)', () => {
  const raw = pstoreCompressor(V6_6, { bufsize: 4084 }).compress(C_INPUT)!;

  it('loses the leading 0x0b of a fixed-Huffman stream to the header parser', () => {
    expect(raw[0]).toBe(0x0b);
    const rec = record(raw);
    expect(kernelHeaderLength(rec)).toBe(25);
    for (const ver of [V6_1, V6_6]) {
      const reader = pstoreCompressor(ver, { bufsize: 4084 });
      expect(reader.decompress(rec.subarray(25))).toBeNull(); // kernel: dmesg-ramoops-N.enc.z
    }
  });

  it('prefixes an empty stored block so the header stays 24 bytes and every raw reader inflates it', () => {
    const safe = avoidHeaderWhitespace(raw, 'raw', 4084)!;
    expect([...safe.subarray(0, 5)]).toEqual([...EMPTY_STORED_BLOCK]);
    expect(safe.length).toBe(raw.length + 5);
    const rec = record(safe);
    expect(kernelHeaderLength(rec)).toBe(24);
    for (const ver of [{ major: 4, minor: 19, sublevel: 0 }, V6_1, V6_6]) {
      expect(latin1(pstoreCompressor(ver, { bufsize: 4084 }).decompress(rec.subarray(24)))).toBe(
        latin1(C_INPUT)
      );
    }
  });

  it('returns null when the guarded stream would no longer fit the buffer', () => {
    expect(avoidHeaderWhitespace(raw, 'raw', raw.length + 4)).toBeNull();
    expect(avoidHeaderWhitespace(raw, 'raw', raw.length + 5)?.length).toBe(raw.length + 5);
  });

  it('leaves streams alone whose first byte is not whitespace', () => {
    const zlib = pstoreCompressor(V4_9, { bufsize: 4096 }).compress(C_INPUT)!;
    expect(zlib[0]).toBe(0x48);
    expect(avoidHeaderWhitespace(zlib, 'zlib', 4096)).toBe(zlib);
    const dynamic = pstoreCompressor(V6_6, { bufsize: 8192 }).compress(
      ascii(Array.from({ length: 300 }, (_, i) => `line ${i * 7919}\n`).join(''))
    )!;
    expect(isKernelSpace(dynamic[0]!)).toBe(false);
    expect(avoidHeaderWhitespace(dynamic, 'raw', 8192)).toBe(dynamic);
  });

  it('rejects an empty stream and a zlib stream that starts with whitespace', () => {
    expect(() => avoidHeaderWhitespace(new Uint8Array(0), 'raw', 10)).toThrow(PstoreFormatError);
    expect(() => avoidHeaderWhitespace(Uint8Array.of(0x0b, 0x48), 'zlib', 10)).toThrow(
      /not a valid RFC 1950 CMF byte/
    );
  });
});
