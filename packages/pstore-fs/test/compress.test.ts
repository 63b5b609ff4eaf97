import { inflateRaw } from 'pako';
import { describe, expect, it } from 'vitest';
import {
  bigOopsBufSize,
  chooseCompression,
  deflateOneShot,
  deflateRatioPercent,
  maxDecompressedSize,
  pstoreCompressor,
  type DeflateParams
} from '../src/compress/index.ts';
import type { KernelVersion } from '../src/era-version.ts';
import { PstoreFormatError } from '../src/format-error.ts';

const v = (major: number, minor: number, sublevel = 0): KernelVersion => ({
  major,
  minor,
  sublevel
});
const V3_10 = v(3, 10);
const V4_9 = v(4, 9);
const V5_10 = v(5, 10);
const V6_1 = v(6, 1, 192);
const V6_6 = v(6, 6);
const V6_12 = v(6, 12);

const hex = (u: Uint8Array): string => Buffer.from(u).toString('hex');
const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Bytes as a latin1 string: fast to compare, and a readable diff when dmesg text differs. */
const latin1 = (u: Uint8Array | null): string | null =>
  u === null ? null : Buffer.from(u.buffer, u.byteOffset, u.length).toString('latin1');

/** Deterministic incompressible bytes (xorshift32). */
function noise(length: number, seed = 0x9e3779b9): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed >>> 0;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function expectFormatError(fn: () => unknown, code: string, text: RegExp): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(PstoreFormatError);
    expect((e as PstoreFormatError).code).toBe(code);
    expect((e as Error).message).toMatch(text);
    return;
  }
  throw new Error('expected a PstoreFormatError');
}

// WORKED-EXAMPLES §C: the Z5 payload repeated 40 times (3280 bytes).
const Z5 = 'Panic#1 Part1\n<0>[    1.234567] Kernel panic - not syncing: sysrq triggered crash\n';
const C_INPUT = ascii(Z5.repeat(40));

describe('compression era table (chooseCompression)', () => {
  it('has no compression before 3.11 and rejects a compress= value there', () => {
    expect(chooseCompression(V3_10)).toEqual({ algorithm: null, params: null, warning: null });
    expectFormatError(() => chooseCompression(V3_10, 'deflate'), 'EINVAL', /3\.11/);
  });

  it('uses zlib-wrapped deflate, wbits 12, memLevel 4, must-shrink up to 4.16', () => {
    for (const ver of [V4_9, v(4, 16, 18)]) {
      const { algorithm, params } = chooseCompression(ver);
      expect(algorithm).toBe('deflate');
      expect(params).toMatchObject({
        flavour: 'zlib-wrapped',
        format: 'zlib',
        level: 6,
        windowBits: 12,
        memLevel: 4,
        inflateWindowBits: 12,
        mustShrink: true
      });
    }
  });

  it('cannot switch compression off before 4.17; lzo and lz4 stand for the Kconfig choice of 4.7+', () => {
    expectFormatError(() => chooseCompression(V4_9, 'none'), 'EINVAL', /before 4\.17/);
    expect(chooseCompression(V4_9, 'lz4').algorithm).toBe('lz4');
    expectFormatError(() => chooseCompression(v(4, 4), 'lz4'), 'EINVAL', /before 4\.7/);
  });

  it('uses the crypto API raw deflate (wbits −11, memLevel 8) from 4.17 to 6.5', () => {
    for (const ver of [v(4, 17), V5_10, V6_1, v(6, 5, 13)]) {
      expect(chooseCompression(ver).params).toMatchObject({
        flavour: 'crypto-deflate',
        format: 'raw',
        level: 6,
        windowBits: -11,
        memLevel: 8,
        mustShrink: false
      });
    }
  });

  it('turns compression off on 4.17–6.5 with none, which no zbackend matches', () => {
    expect(chooseCompression(V6_1, 'none')).toEqual({
      algorithm: null,
      params: null,
      warning: null
    });
    expect(chooseCompression(v(4, 17), 'none').algorithm).toBeNull();
  });

  it('refuses on 4.17–6.5 a name no kernel knew, listing the era and saying the kernel stores plain', () => {
    for (const name of ['banana', '', 'zlib', 'gzip']) {
      expectFormatError(
        () => chooseCompression(V5_10, name),
        'EINVAL',
        /not a compressor any kernel knows; kernel 5\.10\.0 knows deflate, lzo, lz4, lz4hc, 842, zstd \(none to store dumps uncompressed\), and given this name it would match no zbackend and store dumps uncompressed/
      );
    }
  });

  it('chooses lzo, lz4, lz4hc, 842 or zstd in the crypto era, with no zlib parameters', () => {
    for (const name of ['lzo', 'lz4', 'lz4hc', '842', 'zstd']) {
      expect(chooseCompression(V6_1, name)).toEqual({
        algorithm: name,
        params: null,
        warning: null
      });
      expect(chooseCompression(v(4, 17), name).algorithm).toBe(name);
    }
  });

  it('on 6.6+ disables with none and replaces anything else by deflate with a warning', () => {
    expect(chooseCompression(V6_6, 'none').algorithm).toBeNull();
    expect(chooseCompression(V6_12)).toMatchObject({
      algorithm: 'deflate',
      warning: null,
      params: { flavour: 'zlib-raw', windowBits: -15, memLevel: 8, level: 6 }
    });
    const z = chooseCompression(V6_6, 'zstd');
    expect(z.algorithm).toBe('deflate');
    expect(z.warning).toBe("Unsupported compression 'zstd', falling back to deflate");
    for (const name of ['lzo', 'lz4', 'lz4hc', '842']) {
      expect(chooseCompression(V6_12, name).warning).toBe(
        `Unsupported compression '${name}', falling back to deflate`
      );
    }
  });

  it('on 6.6+ refuses a name no kernel knew, saying 6.6+ would fall back to deflate', () => {
    for (const name of ['banana', '', 'zlib']) {
      expectFormatError(
        () => chooseCompression(V6_12, name),
        'EINVAL',
        new RegExp(
          `knows deflate and none, and given this name it would log "Unsupported compression '${name}', falling back to deflate" and deflate`
        )
      );
    }
  });

  it('refuses a name no kernel knew before 4.17 too, as a parameter those kernels lack', () => {
    expectFormatError(
      () => chooseCompression(V4_9, 'banana'),
      'EINVAL',
      /before 4\.17 have no pstore\.compress parameter/
    );
  });
});

describe('compression buffer sizes', () => {
  it('follows the cmpr table at every range boundary', () => {
    const table: [number, number][] = [
      [999, 60],
      [1000, 56],
      [2000, 56],
      [2001, 54],
      [3000, 54],
      [3001, 52],
      [3999, 52],
      [4000, 45],
      [10000, 45],
      [10001, 60]
    ];
    for (const [size, pct] of table) expect([size, deflateRatioPercent(size)]).toEqual([size, pct]);
  });

  it('sizes big_oops_buf by the table up to 6.5 and by 60 % on 6.6+', () => {
    expect(bigOopsBufSize('zlib-wrapped', 4096)).toBe(9102); // 4096·100/45
    expect(bigOopsBufSize('crypto-deflate', 16510)).toBe(27516);
    expect(bigOopsBufSize('zlib-raw', 4084)).toBe(6806); // not 45 %: 6.6+ ignores the table
  });

  it('limits decompression to the big buffer up to 6.5 and to 3·bufsize on 6.6+', () => {
    expect(maxDecompressedSize('crypto-deflate', 16510)).toBe(27516);
    expect(maxDecompressedSize('zlib-raw', 16510)).toBe(49530);
    expectFormatError(() => maxDecompressedSize('zlib-raw', 0), 'EINVAL', /bufsize 0/);
  });
});

describe('pstoreCompressor', () => {
  it('reproduces the WORKED-EXAMPLES §C raw stream (6.6+): 110 bytes, 0b 48 cc cb …', () => {
    const out = pstoreCompressor(V6_6, { bufsize: 4084 }).compress(C_INPUT);
    expect(out).not.toBeNull();
    expect(out?.length).toBe(110);
    expect(hex(out!.subarray(0, 8))).toBe('0b48cccb4c563654');
  });

  it('reproduces the WORKED-EXAMPLES §C zlib stream (4.9): 48 89 …, adler32 59 95 0c 2d', () => {
    const out = pstoreCompressor(V4_9, { bufsize: 4096 }).compress(C_INPUT)!;
    expect(out.length).toBe(116);
    expect(hex(out.subarray(0, 6))).toBe('48890b48cccb');
    expect(hex(out.subarray(-4))).toBe('59950c2d');
  });

  it('round-trips a dump in every era', () => {
    for (const ver of [V4_9, v(4, 19), V5_10, V6_1, V6_6, V6_12]) {
      const c = pstoreCompressor(ver, { bufsize: 4084 });
      const out = c.compress(C_INPUT);
      expect(out).not.toBeNull();
      expect(latin1(c.decompress(out!))).toBe(latin1(C_INPUT));
    }
  });

  it('fails a 4.9 compression that does not shrink, where 6.x keeps the larger stream', () => {
    const input = noise(200);
    expect(pstoreCompressor(V4_9, { bufsize: 4096 }).compress(input)).toBeNull();
    const grown = pstoreCompressor(V6_6, { bufsize: 4084 }).compress(input);
    expect(grown?.length).toBeGreaterThan(200);
    expect(pstoreCompressor(V6_1, { bufsize: 4084 }).compress(input)?.length).toBeGreaterThan(200);
  });

  it('fails when the stream does not fit in bufsize', () => {
    const input = noise(1600);
    for (const ver of [V4_9, V6_1, V6_6]) {
      expect(pstoreCompressor(ver, { bufsize: 1000 }).compress(input)).toBeNull();
    }
  });

  it('rejects input larger than big_oops_buf with ERANGE naming the sizes', () => {
    const c = pstoreCompressor(V6_6, { bufsize: 1000 }); // big buffer 1666
    expectFormatError(() => c.compress(new Uint8Array(1667)), 'ERANGE', /1667.*1666/);
    expect(c.compress(new Uint8Array(1666))).not.toBeNull();
  });

  it('honours the 3·bufsize output limit on 6.6+', () => {
    const c = pstoreCompressor(V6_6, { bufsize: 1000 });
    const raw = c.params!;
    const fits = deflateOneShot(new Uint8Array(3000), raw, 4096)!;
    const over = deflateOneShot(new Uint8Array(3001), raw, 4096)!;
    expect(c.decompress(fits)?.length).toBe(3000);
    expect(c.decompress(over)).toBeNull();
  });

  it('honours the big-buffer output limit on 6.1', () => {
    const c = pstoreCompressor(V6_1, { bufsize: 1000 }); // 1000·100/56 = 1785
    const raw = c.params!;
    expect(c.maxDecompressedSize).toBe(1785);
    expect(c.decompress(deflateOneShot(new Uint8Array(1785), raw, 4096)!)?.length).toBe(1785);
    expect(c.decompress(deflateOneShot(new Uint8Array(1786), raw, 4096)!)).toBeNull();
  });

  it('cannot read a 4.9 zlib-wrapped stream on 6.x, nor a raw stream on 4.9', () => {
    const zlib = pstoreCompressor(V4_9, { bufsize: 4096 }).compress(C_INPUT)!;
    const raw = pstoreCompressor(V6_6, { bufsize: 4084 }).compress(C_INPUT)!;
    expect(pstoreCompressor(V6_1, { bufsize: 4084 }).decompress(zlib)).toBeNull();
    expect(pstoreCompressor(V6_6, { bufsize: 4084 }).decompress(zlib)).toBeNull();
    expect(pstoreCompressor(V4_9, { bufsize: 4096 }).decompress(raw)).toBeNull();
  });

  it('makes 4.9 reject a zlib header whose window is over 4 KiB (CINFO > 4)', () => {
    const c49 = pstoreCompressor(V4_9, { bufsize: 4096 });
    const params = (windowBits: number): DeflateParams => ({ ...c49.params!, windowBits });
    const w15 = deflateOneShot(C_INPUT, params(15), 4096)!;
    const w9 = deflateOneShot(C_INPUT, params(9), 4096)!;
    expect(w15[0]).toBe(0x78);
    expect(c49.decompress(w15)).toBeNull();
    expect(w9[0]).toBe(0x18);
    expect(latin1(c49.decompress(w9))).toBe(latin1(C_INPUT));
  });

  it('reads raw streams made with a 32 KiB window on 6.1 (windowBits −11 is not enforced)', () => {
    const r = noise(3000, 7);
    const plain = concat(new Uint8Array(62536), r, r); // 2nd copy of r starts at 65536
    const c66 = pstoreCompressor(V6_6, { bufsize: 65536 });
    const stream = deflateOneShot(plain, c66.params!, 1 << 17)!;
    // pako's chunked wrapper refills its 2 KiB window at the 64 KiB chunk boundary and then
    // rejects the 3000-byte distance; the kernel's single call into one buffer does not.
    expect(() => inflateRaw(stream, { windowBits: -11 })).toThrow(/too far back/);
    expect(latin1(pstoreCompressor(V6_1, { bufsize: 65536 }).decompress(stream))).toBe(
      latin1(plain)
    );
    expect(latin1(c66.decompress(stream))).toBe(latin1(plain));
  });

  it('fails on truncated streams and ignores bytes after the end of the stream', () => {
    for (const ver of [V4_9, V6_1, V6_6]) {
      const c = pstoreCompressor(ver, { bufsize: 4096 });
      const out = c.compress(C_INPUT)!;
      expect(c.decompress(out.subarray(0, out.length - 2))).toBeNull();
      expect(latin1(c.decompress(concat(out, ascii('\nECC: No errors detected\n'))))).toBe(
        latin1(C_INPUT)
      );
    }
  });

  it('lets 4.17–6.5 recover a raw stream whose cut-off last byte was zero', () => {
    // crypto/deflate.c feeds one zero byte when inflate stops with all input used; that
    // restores a final padding byte 0x00. 6.6+ has no such workaround.
    const raw = pstoreCompressor(V6_6, { bufsize: 4084 }).compress(C_INPUT)!;
    expect(raw[raw.length - 1]).toBe(0x00);
    const cut = raw.subarray(0, raw.length - 1);
    expect(latin1(pstoreCompressor(V6_1, { bufsize: 4084 }).decompress(cut))).toBe(latin1(C_INPUT));
    expect(latin1(pstoreCompressor(V5_10, { bufsize: 4084 }).decompress(cut))).toBe(
      latin1(C_INPUT)
    );
    expect(pstoreCompressor(V6_6, { bufsize: 4084 }).decompress(cut)).toBeNull();
  });

  it('is inert when compression is off: compress throws, decompress leaves .enc.z', () => {
    const off = pstoreCompressor(V6_6, { algorithm: 'none', bufsize: 4084 });
    expect(off.enabled).toBe(false);
    expect(off.bigOopsBufSize).toBeNull();
    expectFormatError(() => off.compress(C_INPUT), 'EINVAL', /uncompressed/);
    const raw = pstoreCompressor(V6_6, { bufsize: 4084 }).compress(C_INPUT)!;
    expect(off.decompress(raw)).toBeNull();
  });
});
