/**
 * The kernel's own compression test vectors: the exact bytes of crypto/testmgr.h (a 6.1 tree),
 * which the crypto self-tests check every algorithm against at boot. Each entry is a
 * compressed stream and the text it decodes to. The compression sections of that testmgr.h
 * (deflate, zlib-deflate, lzo, lzorle; lz4, lz4hc, zstd) hold no 842 vectors, so 842 is
 * checked by round trips and hand-built streams only.
 * Kernel counterpart: crypto/testmgr.h (lz4_*, lz4hc_*, zstd_*, lzo_*, lzorle_*_tv_template), crypto/testmgr.c (alg_test_comp).
 */

export interface TestmgrVector {
  /** The crypto API name the vector belongs to (lzo-rle: the RLE bitstream lzo reads from 5.1). */
  readonly alg: 'lzo' | 'lzo-rle' | 'lz4' | 'lz4hc' | 'zstd';
  /** Which table and entry of testmgr.h. */
  readonly source: string;
  readonly compressed: Uint8Array;
  readonly text: string;
}

const hex = (s: string): Uint8Array =>
  Uint8Array.from(s.trim().split(/\s+/), (b) => Number.parseInt(b, 16));

export const TESTMGR_VECTORS: readonly TestmgrVector[] = [
  {
    alg: 'lz4',
    source: 'lz4_decomp_tv_template[0]',
    compressed: hex(
      'f9 21 4c 5a 34 20 69 73 20 6c 6f 73 73 6c 65 73 73 20 63 6f 6d 70 72 65 73 73 69 6f 6e 20 61 6c ' +
        '67 6f 72 69 74 68 6d 2c 20 70 72 6f 76 69 64 69 6e 67 21 00 f0 21 73 70 65 65 64 20 61 74 20 34 ' +
        '30 30 20 4d 42 2f 73 20 70 65 72 20 63 6f 72 65 2c 20 73 63 61 6c 61 62 6c 65 20 77 69 74 68 20 ' +
        '6d 75 6c 74 69 2d 1a 00 f0 00 73 20 43 50 55 2e 20 49 74 20 66 65 61 74 75 11 00 f2 0b 61 6e 20 ' +
        '65 78 74 72 65 6d 65 6c 79 20 66 61 73 74 20 64 65 63 6f 64 65 72 2c 3d 00 02 67 00 22 69 6e 46 ' +
        '00 5a 70 6c 65 20 47 6c 00 f0 00 74 79 70 69 63 61 6c 6c 79 20 72 65 61 63 68 a7 00 33 52 41 4d ' +
        '38 00 83 6c 69 6d 69 74 73 20 6f 3f 00 01 85 00 90 20 73 79 73 74 65 6d 73 2e'
    ),
    text: 'LZ4 is lossless compression algorithm, providing compression speed at 400 MB/s per core, scalable with multi-cores CPU. It features an extremely fast decoder, with speed in multiple GB/s per core, typically reaching RAM speed limits on multi-core systems.'
  },
  {
    alg: 'lz4hc',
    source: 'lz4hc_decomp_tv_template[0]',
    compressed: hex(
      'f9 21 4c 5a 34 20 69 73 20 6c 6f 73 73 6c 65 73 73 20 63 6f 6d 70 72 65 73 73 69 6f 6e 20 61 6c ' +
        '67 6f 72 69 74 68 6d 2c 20 70 72 6f 76 69 64 69 6e 67 21 00 f0 21 73 70 65 65 64 20 61 74 20 34 ' +
        '30 30 20 4d 42 2f 73 20 70 65 72 20 63 6f 72 65 2c 20 73 63 61 6c 61 62 6c 65 20 77 69 74 68 20 ' +
        '6d 75 6c 74 69 2d 1a 00 f0 00 73 20 43 50 55 2e 20 49 74 20 66 65 61 74 75 11 00 f2 0b 61 6e 20 ' +
        '65 78 74 72 65 6d 65 6c 79 20 66 61 73 74 20 64 65 63 6f 64 65 72 2c 3d 00 02 67 00 22 69 6e 46 ' +
        '00 5a 70 6c 65 20 47 6c 00 f0 00 74 79 70 69 63 61 6c 6c 79 20 72 65 61 63 68 a7 00 33 52 41 4d ' +
        '38 00 97 6c 69 6d 69 74 73 20 6f 6e 85 00 90 20 73 79 73 74 65 6d 73 2e'
    ),
    text: 'LZ4 is lossless compression algorithm, providing compression speed at 400 MB/s per core, scalable with multi-cores CPU. It features an extremely fast decoder, with speed in multiple GB/s per core, typically reaching RAM speed limits on multi-core systems.'
  },
  {
    alg: 'zstd',
    source: 'zstd_comp_tv_template[0] (no checksum)',
    compressed: hex(
      '28 b5 2f fd 00 50 f5 00 00 b8 54 68 65 20 61 6c 67 6f 72 69 74 68 6d 20 69 73 20 7a 73 74 64 2e ' +
        '20 01 00 55 73 36 01'
    ),
    text: 'The algorithm is zstd. The algorithm is zstd. The algorithm is zstd.'
  },
  {
    alg: 'zstd',
    source: 'zstd_decomp_tv_template[0] (content checksum)',
    compressed: hex(
      '28 b5 2f fd 04 50 f5 00 00 b8 54 68 65 20 61 6c 67 6f 72 69 74 68 6d 20 69 73 20 7a 73 74 64 2e ' +
        '20 01 00 55 73 36 01 6b f4 13 35'
    ),
    text: 'The algorithm is zstd. The algorithm is zstd. The algorithm is zstd.'
  },
  {
    alg: 'zstd',
    source: 'zstd_comp_tv_template[1] (no checksum)',
    compressed: hex(
      '28 b5 2f fd 00 50 75 04 00 42 4b 1e 17 90 81 31 00 f2 2f e4 36 c9 ef 92 88 32 c9 f2 24 94 d8 68 ' +
        '9a 0f 00 0c c4 31 6f 0d 0c 38 ac 5c 48 03 cd 63 67 c0 f3 ad 4e 90 aa 78 a0 a4 c5 99 da 2f b6 24 ' +
        '60 e2 79 4b aa b6 6b 85 0b c9 c6 04 66 86 e2 cc e2 25 3f 4f 09 cd b8 9d db c1 90 a9 11 bc 35 44 ' +
        '69 2d 9c 64 4f 13 31 64 cc fb 4d 95 93 86 7f 33 7f 1a ef e9 30 f9 67 a1 94 0a 69 0f 60 cd c3 ab ' +
        '99 dc 42 ed 97 05 00 33 c3 15 95 3a 06 a0 0e 20 a9 0e 82 b9 43 45 01'
    ),
    text: 'zstd, short for Zstandard, is a fast lossless compression algorithm, targeting real-time compression scenarios at zlib-level and better compression ratios. The zstd compression library provides in-memory compression and decompression functions.'
  },
  {
    alg: 'zstd',
    source: 'zstd_decomp_tv_template[1] (content checksum)',
    compressed: hex(
      '28 b5 2f fd 04 50 75 04 00 42 4b 1e 17 90 81 31 00 f2 2f e4 36 c9 ef 92 88 32 c9 f2 24 94 d8 68 ' +
        '9a 0f 00 0c c4 31 6f 0d 0c 38 ac 5c 48 03 cd 63 67 c0 f3 ad 4e 90 aa 78 a0 a4 c5 99 da 2f b6 24 ' +
        '60 e2 79 4b aa b6 6b 85 0b c9 c6 04 66 86 e2 cc e2 25 3f 4f 09 cd b8 9d db c1 90 a9 11 bc 35 44 ' +
        '69 2d 9c 64 4f 13 31 64 cc fb 4d 95 93 86 7f 33 7f 1a ef e9 30 f9 67 a1 94 0a 69 0f 60 cd c3 ab ' +
        '99 dc 42 ed 97 05 00 33 c3 15 95 3a 06 a0 0e 20 a9 0e 82 b9 43 45 01 aa 6d da 0d'
    ),
    text: 'zstd, short for Zstandard, is a fast lossless compression algorithm, targeting real-time compression scenarios at zlib-level and better compression ratios. The zstd compression library provides in-memory compression and decompression functions.'
  },
  {
    alg: 'lzo',
    source: 'lzo_decomp_tv_template[0]',
    compressed: hex(
      '00 2b 54 68 69 73 20 64 6f 63 75 6d 65 6e 74 20 64 65 73 63 72 69 62 65 73 20 61 20 63 6f 6d 70 ' +
        '72 65 73 73 69 6f 6e 20 6d 65 74 68 6f 64 20 62 61 73 65 64 20 6f 6e 20 74 68 65 20 4c 5a 4f 2b ' +
        '8c 00 0d 61 6c 67 6f 72 69 74 68 6d 2e 20 20 54 68 69 73 2a 54 01 02 66 69 6e 65 73 94 06 05 61 ' +
        '70 70 6c 69 63 61 74 76 0a 6f 66 88 02 60 09 27 f0 00 0c 20 75 73 65 64 20 69 6e 20 55 42 49 46 ' +
        '53 2e 11 00 00'
    ),
    text: 'This document describes a compression method based on the LZO compression algorithm.  This document defines the application of the LZO algorithm used in UBIFS.'
  },
  {
    alg: 'lzo',
    source: 'lzo_decomp_tv_template[1]',
    compressed: hex(
      '00 0d 4a 6f 69 6e 20 75 73 20 6e 6f 77 20 61 6e 64 20 73 68 61 72 65 20 74 68 65 20 73 6f 66 74 ' +
        '77 70 01 01 4a 6f 69 6e 3d 88 00 11 00 00'
    ),
    text: 'Join us now and share the software Join us now and share the software '
  },
  {
    alg: 'lzo-rle',
    source: 'lzorle_comp_tv_template[0]',
    compressed: hex(
      '11 01 00 0d 4a 6f 69 6e 20 75 73 20 6e 6f 77 20 61 6e 64 20 73 68 61 72 65 20 74 68 65 20 73 6f ' +
        '66 74 77 70 01 32 88 00 0c 65 20 74 68 65 20 73 6f 66 74 77 61 72 65 20 11 00 00'
    ),
    text: 'Join us now and share the software Join us now and share the software '
  },
  {
    alg: 'lzo-rle',
    source: 'lzorle_comp_tv_template[1]',
    compressed: hex(
      '11 01 00 2c 54 68 69 73 20 64 6f 63 75 6d 65 6e 74 20 64 65 73 63 72 69 62 65 73 20 61 20 63 6f ' +
        '6d 70 72 65 73 73 69 6f 6e 20 6d 65 74 68 6f 64 20 62 61 73 65 64 20 6f 6e 20 74 68 65 20 4c 5a ' +
        '4f 20 2a 8c 00 09 61 6c 67 6f 72 69 74 68 6d 2e 20 20 2e 54 01 03 66 69 6e 65 73 20 74 06 05 61 ' +
        '70 70 6c 69 63 61 74 76 0a 6f 66 88 02 60 09 27 f0 00 0c 20 75 73 65 64 20 69 6e 20 55 42 49 46 ' +
        '53 2e 11 00 00'
    ),
    text: 'This document describes a compression method based on the LZO compression algorithm.  This document defines the application of the LZO algorithm used in UBIFS.'
  }
];
