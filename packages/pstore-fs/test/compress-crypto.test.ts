/**
 * The crypto-API era's other compressors (4.17–6.5; lzo and lz4 also as the 4.7–4.16 Kconfig
 * backends) through pstore-fs: which algorithm each
 * kernel runs, the buffer sizes (zbufsize_*()), what pstore_dump() gets when compression fails,
 * lzo's unchecked output before CVE-2025-38068's fix, and `.enc.z` where the reading kernel
 * runs another algorithm. Also the crypto API's deflate against crypto/testmgr.h's vectors.
 * Kernel counterpart: fs/pstore/platform.c pstore_choose_compression(), zbackends[],
 * zbufsize_*(), allocate_buf_for_compression(), pstore_compress(), decompress_record();
 * crypto/deflate.c with crypto/testmgr.h deflate_comp_tv_template.
 */
import { describe, expect, it } from 'vitest';
import { PSTORE_TYPE, pstoreRecordInit } from '../src/backend/record.ts';
import {
  chooseCompression,
  cryptoEra,
  inflateOneShot,
  isKernelSpace,
  lzoChecksBound,
  pstoreCompressor
} from '../src/compress/index.ts';
import { decompressRecord } from '../src/core/decompress-record.ts';
import type { KernelVersion } from '../src/era-version.ts';

const v = (major: number, minor: number, sublevel = 0): KernelVersion => ({
  major,
  minor,
  sublevel
});
const V6_1 = v(6, 1, 192);
const ALGS = ['lzo', 'lz4', 'lz4hc', '842', 'zstd'] as const;

const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);
const latin1 = (u: Uint8Array | null): string | null =>
  u === null ? null : Buffer.from(u.buffer, u.byteOffset, u.length).toString('latin1');

/** A dump part as pstore_dump() builds it: header line, then kmsg lines. */
function dumpPart(bytes: number): Uint8Array {
  let s = 'Panic#1 Part1\n';
  for (let i = 0; s.length < bytes; i++) {
    s += `<${i % 8}>[${String(i).padStart(5)}.${String(i * 7919)
      .padStart(6, '0')
      .slice(-6)}] usb 1-${i % 4}: device ${i} not accepting address, error -71\n`;
  }
  return ascii(s.slice(0, bytes));
}

function noise(length: number): Uint8Array {
  let x = 0x9e3779b9;
  return Uint8Array.from({ length }, () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x & 0xff;
  });
}

describe('crypto-era compressors through pstoreCompressor()', () => {
  it('sizes big_oops_buf with each zbufsize_*() and reads back with the same limit', () => {
    const b = 16374; // a 16 KiB zone with ECC 16
    const sizes = (ver: KernelVersion) =>
      ALGS.map((algorithm) => pstoreCompressor(ver, { algorithm, bufsize: b }).bigOopsBufSize);
    // lzo1x_worst_compress: b + b/16 + 64 + 3 (+2 from 5.1); LZ4_compressBound: b + b/255 + 16;
    // 842: b; ZSTD_compressBound: 1.3.1 port b + b/128 + 524, zstd 1.4.10 (5.16+) b + b/256 + (128K − b)/2048.
    expect(sizes(v(4, 19))).toEqual([17464, 16454, 16454, 16374, 17025]);
    expect(sizes(v(5, 10))).toEqual([17466, 16454, 16454, 16374, 17025]);
    expect(sizes(V6_1)).toEqual([17466, 16454, 16454, 16374, 16374 + 63 + 56]);
    for (const algorithm of ALGS) {
      const c = pstoreCompressor(V6_1, { algorithm, bufsize: b });
      expect(c).toMatchObject({ enabled: true, algorithm, params: null });
      expect(c.maxDecompressedSize).toBe(c.bigOopsBufSize);
    }
  });

  it('compresses a full big_oops_buf of log into bufsize and expands it on the same kernel', () => {
    for (const algorithm of ALGS) {
      const c = pstoreCompressor(V6_1, { algorithm, bufsize: 4084 });
      const part = dumpPart(c.bigOopsBufSize!);
      const stream = c.compress(part)!;
      expect(stream.length).toBeLessThanOrEqual(4084);
      expect(latin1(c.decompress(stream))).toBe(latin1(part));
    }
  });

  it('fails compression of text that does not fit bufsize compressed (the caller stores it plain)', () => {
    for (const algorithm of ['lz4', 'lz4hc', '842', 'zstd'] as const) {
      const c = pstoreCompressor(V6_1, { algorithm, bufsize: 4084 });
      expect(c.compress(noise(c.bigOopsBufSize!))).toBeNull();
    }
    expect(() =>
      pstoreCompressor(V6_1, { algorithm: 'lz4', bufsize: 4084 }).compress(noise(5000))
    ).toThrow(/exceeds big_oops_buf \(4116 bytes for bufsize 4084, zbufsize_lz4\(\)\)/);
  });

  it('lets lzo write past bufsize before CVE-2025-38068 was fixed, and fail after', () => {
    expect([v(5, 10, 200), v(5, 15, 184), v(6, 1, 140), v(6, 5)].map(lzoChecksBound)).toEqual([
      false,
      false,
      false,
      false
    ]);
    expect([v(5, 15, 185), v(6, 1, 141), V6_1, v(6, 6)].map(lzoChecksBound)).toEqual([
      true,
      true,
      true,
      true
    ]);
    const old = pstoreCompressor(v(6, 1, 100), { algorithm: 'lzo', bufsize: 4084 });
    const text = noise(old.bigOopsBufSize!);
    const overrun = old.compress(text)!;
    expect(overrun.length).toBeGreaterThan(4084);
    // The backend keeps what fits: the next boot cannot expand a cut stream.
    expect(old.decompress(overrun.subarray(0, 4084 - 24))).toBeNull();
    expect(pstoreCompressor(V6_1, { algorithm: 'lzo', bufsize: 4084 }).compress(text)).toBeNull();
  });

  it('leaves a stream of another algorithm compressed (.enc.z), e.g. lz4 read by 6.6+ or by deflate', () => {
    const lz4 = pstoreCompressor(V6_1, { algorithm: 'lz4', bufsize: 4084 });
    const stream = lz4.compress(dumpPart(3000))!;
    expect(pstoreCompressor(v(6, 6), { bufsize: 4084 }).decompress(stream)).toBeNull();
    expect(
      pstoreCompressor(v(6, 12), { algorithm: 'lz4', bufsize: 4084 }).decompress(stream)
    ).toBeNull();
    expect(pstoreCompressor(V6_1, { bufsize: 4084 }).decompress(stream)).toBeNull();
    expect(
      pstoreCompressor(V6_1, { algorithm: 'zstd', bufsize: 4084 }).decompress(stream)
    ).toBeNull();
    expect(latin1(lz4.decompress(stream))).toBe(latin1(dumpPart(3000)));
  });

  it('decompress_record() expands a crypto-era record and re-appends its ECC notice', () => {
    const zstd = pstoreCompressor(V6_1, { algorithm: 'zstd', bufsize: 4084 });
    const text = dumpPart(2500);
    const stream = zstd.compress(text)!;
    const notice = ascii('\nECC: No errors detected\n');
    const record = pstoreRecordInit(PSTORE_TYPE.DMESG);
    record.buf = new Uint8Array([...stream, ...notice]);
    record.size = stream.length;
    record.eccNoticeSize = notice.length;
    record.compressed = true;
    expect(decompressRecord(record, zstd)).toBeNull();
    expect(record.compressed).toBe(false);
    expect(latin1(record.buf)).toBe(latin1(text) + '\nECC: No errors detected\n');
    // Without ECC there is no notice: the expanded text alone, its size the buffer's length.
    const plain = pstoreRecordInit(PSTORE_TYPE.DMESG);
    plain.buf = stream;
    plain.size = stream.length;
    plain.compressed = true;
    expect(decompressRecord(plain, zstd)).toBeNull();
    expect([latin1(plain.buf), plain.size, plain.buf.length]).toEqual([
      latin1(text),
      text.length,
      text.length
    ]);
    const again = pstoreRecordInit(PSTORE_TYPE.DMESG);
    again.buf = stream;
    again.size = stream.length;
    again.compressed = true;
    expect(decompressRecord(again, pstoreCompressor(v(6, 6), { bufsize: 4084 }))).toBe(
      'inflate-failed'
    );
    expect(again.compressed).toBe(true);
  });

  it('keeps the first byte out of kernel whitespace when asked (the ramoops header quirk)', () => {
    for (const algorithm of ALGS) {
      const c = pstoreCompressor(V6_1, { algorithm, bufsize: 4084 });
      for (let n = 16; n < 200; n += 7) {
        const stream = c.compress(dumpPart(n), { avoidFirstByte: isKernelSpace })!;
        expect(isKernelSpace(stream[0]!)).toBe(false);
      }
    }
  });

  it('tells lib/lzo and lib/zstd of each kernel apart', () => {
    expect(cryptoEra(v(5, 0))).toEqual({ lzoRle: false, zstd14: false });
    expect(cryptoEra(v(5, 1))).toEqual({ lzoRle: true, zstd14: false });
    expect(cryptoEra(v(5, 16))).toEqual({ lzoRle: true, zstd14: true });
  });

  it('runs the 4.7–4.16 Kconfig lzo and lz4 backends, and nothing else of the crypto era there', () => {
    for (const ver of [v(4, 7), v(4, 9, 337), v(4, 14, 300), v(4, 16)]) {
      expect(chooseCompression(ver, 'lzo')).toEqual({
        algorithm: 'lzo',
        params: null,
        warning: null
      });
      expect(chooseCompression(ver, 'lz4')).toEqual({
        algorithm: 'lz4',
        params: null,
        warning: null
      });
      for (const other of ['lz4hc', '842', 'zstd']) {
        expect(() => chooseCompression(ver, other)).toThrow(
          /kernels before 4\.17 have no pstore\.compress parameter.*zlib by default, lzo or lz4/
        );
      }
    }
    expect(() => chooseCompression(v(4, 6), 'lzo')).toThrow(/before 4\.7 it is always zlib/);
    // big_oops_buf: lzo1x_worst_compress() (pre-RLE lib/lzo), LZ4_compressBound().
    expect(pstoreCompressor(v(4, 9), { algorithm: 'lzo', bufsize: 4096 }).bigOopsBufSize).toBe(
      4096 + 256 + 64 + 3
    );
    expect(pstoreCompressor(v(4, 14), { algorithm: 'lz4', bufsize: 4096 }).bigOopsBufSize).toBe(
      4096 + Math.floor(4096 / 255) + 16
    );
  });

  it("4.7–4.10's lz4_compress() wrote past psinfo->buf; 4.11's LZ4_compress_default() fails instead", () => {
    // Incompressible text that fills big_oops_buf: its LZ4 stream is longer than bufsize.
    const bufsize = 2048;
    let x = 1;
    const noise = new Uint8Array(bufsize + Math.floor(bufsize / 255) + 16).map(() => {
      x = (Math.imul(x, 1103515245) + 12345) & 0x7fffffff;
      return 0x21 + ((x >>> 16) % 94);
    });
    const old = pstoreCompressor(v(4, 9), { algorithm: 'lz4', bufsize }).compress(noise);
    expect(old).not.toBeNull();
    expect(old!.length).toBeGreaterThan(bufsize);
    expect(pstoreCompressor(v(4, 11), { algorithm: 'lz4', bufsize }).compress(noise)).toBeNull();
    // lzo checked no bound at all before CVE-2025-38068's fix.
    const lzo = pstoreCompressor(v(4, 14), { algorithm: 'lzo', bufsize }).compress(noise);
    expect(lzo!.length).toBeGreaterThan(bufsize);
  });
});

describe('crypto/deflate.c against crypto/testmgr.h', () => {
  // deflate_comp_tv_template (6.1): raw deflate, winbits −11, Z_DEFAULT_COMPRESSION, MAX_MEM_LEVEL.
  const vectors = [
    {
      text: 'Join us now and share the software Join us now and share the software ',
      hex: 'f3cacfcc53282d56c8cb2f5748cc4b5128ce482c4a5528c9485528ce4f2b290771bc082b0100'
    },
    {
      text:
        'This document describes a compression method based on the DEFLATEcompression algorithm.  ' +
        'This document defines the application of the DEFLATE algorithm to the IP Payload Compression Protocol.',
      hex:
        '5d8d310ec2301004bfb22fc81f10040989c2853f70b12ff824db67d947c1ef49681251ae7667d62719881ade85ab21f2' +
        '085d161e20042dadf318a215852d69c4428323b66c89719befcf8b9fcf33ca2fed62a94c80ff13af5237ed0e526b5902' +
        'd94ee87a761d0298fe8a8783a34f568ab89e8e5c57d3a079fa02'
    }
  ];

  it('inflates both vectors the way 4.17–6.5 read deflate records', () => {
    const params = chooseCompression(V6_1).params!;
    for (const t of vectors) {
      const out = inflateOneShot(Uint8Array.from(Buffer.from(t.hex, 'hex')), params, 1000);
      expect(latin1(out)).toBe(t.text);
    }
  });
});
