/**
 * The dmesg compressor at the edges of its configuration: a backend without
 * dump zones (bufsize 0), and a big_oops_buf larger than kmalloc() gives.
 * Kernel counterpart: fs/pstore/platform.c pstore_register() (no
 * PSTORE_FLAGS_DMESG, no compression buffers), allocate_zlib() (≤4.16) and
 * allocate_buf_for_compression() (4.17–6.5 kmalloc, 6.6+ kvzalloc).
 */
import { describe, expect, it } from 'vitest';
import { KMALLOC_MAX_SIZE, pstoreCompressor } from '../src/compress/index.ts';
import type { KernelVersion } from '../src/era-version.ts';
import { PstoreFormatError } from '../src/format-error.ts';

const v = (major: number, minor: number, sublevel = 0): KernelVersion => ({
  major,
  minor,
  sublevel
});
const text = new TextEncoder().encode('Panic#1 Part1\nKernel panic - not syncing: test\n');

describe('pstoreCompressor without dump zones (bufsize 0)', () => {
  it.each([
    ['4.9', v(4, 9)],
    ['5.10', v(5, 10)],
    ['6.1', v(6, 1, 192)],
    ['6.12', v(6, 12)]
  ])(
    '%s: is off, logs nothing, and expands nothing, where it used to refuse bufsize 0',
    (_, ver) => {
      const c = pstoreCompressor(ver, { bufsize: 0 });
      expect(c).toMatchObject({ enabled: false, params: null, warning: null, bufsize: 0 });
      expect(c.decompress(text)).toBeNull();
      expect(() => c.compress(text)).toThrow(/no dump zones \(bufsize 0\)/);
    }
  );

  it('still refuses a compressor name no kernel knew', () => {
    expect(() => pstoreCompressor(v(6, 12), { algorithm: 'banana', bufsize: 0 })).toThrow(
      PstoreFormatError
    );
  });

  it('still takes 6.6+ fallback names, without the log line (no compression is set up)', () => {
    expect(pstoreCompressor(v(6, 12), { algorithm: 'lzo', bufsize: 0 }).warning).toBeNull();
  });
});

describe('big_oops_buf beyond KMALLOC_MAX_SIZE', () => {
  // 60 % ratio for large buffers: big_oops_buf = bufsize * 100 / 60.
  const fits = Math.floor((KMALLOC_MAX_SIZE * 60) / 100); // big buffer 4194303 bytes
  const over = fits + 1; // big buffer 4194305 bytes

  it('is 4 MiB', () => {
    expect(KMALLOC_MAX_SIZE).toBe(4194304);
  });

  it('switches 4.17–6.5 compression off with the kernel\'s "Failed … allocation" line', () => {
    expect(pstoreCompressor(v(6, 1, 192), { bufsize: fits }).enabled).toBe(true);
    const c = pstoreCompressor(v(6, 1, 192), { bufsize: over });
    expect(c.enabled).toBe(false);
    expect(c.warning).toBe('Failed 4194305 byte compression buffer allocation for: deflate');
    expect(() => c.compress(text)).toThrow(/big_oops_buf \(4194305 bytes for bufsize 2516583\)/);
  });

  it('switches 4.9 zlib compression off with "No memory for uncompressed data"', () => {
    expect(pstoreCompressor(v(4, 9), { bufsize: fits }).enabled).toBe(true);
    expect(pstoreCompressor(v(4, 9), { bufsize: over })).toMatchObject({
      enabled: false,
      warning: 'No memory for uncompressed data; skipping compression'
    });
  });

  it('keeps 6.6+ compression on (kvzalloc)', () => {
    const c = pstoreCompressor(v(6, 6), { bufsize: 3 * 1024 * 1024 });
    expect(c.enabled).toBe(true);
    expect(c.bigOopsBufSize).toBe(5242880);
  });
});
