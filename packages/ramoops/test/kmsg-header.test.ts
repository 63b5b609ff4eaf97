import { createHash } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import {
  kernelCaseNames,
  readKernelCase,
  readVector,
  readVectorJson,
  skipMessage,
  vectorsAvailable
} from '@pstore/test-vectors';
import { RamCoreError } from '@pstore/ram-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  kernelIsSpace,
  readKmsgHeader,
  writeKmsgHeader,
  type KmsgHeaderReadOptions
} from '../src/kmsg-header.ts';

if (!vectorsAvailable) skipMessage();

/** 6.x reader (usec ×1000, %lld seconds). */
const V6: KmsgHeaderReadOptions = { usecToNsec: true, time64Sec: true };
/** 4.9 reader (no ×1000, %lu seconds). */
const V49: KmsgHeaderReadOptions = { usecToNsec: false, time64Sec: false };

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
const text = (b: Uint8Array): string => String.fromCharCode(...b);
const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};

/** old_log of a zone: [start, size) then [0, start) of the data area behind the 12-byte header. */
function oldLog(zone: Uint8Array): Uint8Array {
  const view = new DataView(zone.buffer, zone.byteOffset, zone.byteLength);
  const start = view.getUint32(4, true);
  const size = view.getUint32(8, true);
  const data = zone.subarray(12);
  return concat(data.subarray(start, size), data.subarray(0, start));
}

/** The Z5 payload of WORKED-EXAMPLES.md (82 bytes). */
const Z5_PAYLOAD = ascii(
  'Panic#1 Part1\n<0>[    1.234567] Kernel panic - not syncing: sysrq triggered crash\n'
);

describe('ramoops_write_kmsg_hdr', () => {
  it('writes the 6.x form with zero-padded microseconds (Z5)', () => {
    const hdr = writeKmsgHeader({ sec: 1700000000, nsec: 123456789 }, false, { paddedUsec: true });
    expect(text(hdr)).toBe('====1700000000.123456-D\n');
    expect(hdr.length).toBe(24);
    expect(text(writeKmsgHeader({ sec: 1700000000, nsec: 5e6 }, true, { paddedUsec: true }))).toBe(
      '====1700000000.005000-C\n'
    );
  });

  it('writes the 4.9 form without padding (Z5: 5 ms past the second)', () => {
    const hdr = writeKmsgHeader({ sec: 1700000000, nsec: 5_000_999 }, false, { paddedUsec: false });
    expect(text(hdr)).toBe('====1700000000.5000-D\n');
  });

  it('prints sec 0 and negative seconds as %lld does, and as %lu of a long in the old form', () => {
    expect(text(writeKmsgHeader({ sec: 0, nsec: 0 }, false, { paddedUsec: true }))).toBe(
      '====0.000000-D\n'
    );
    expect(text(writeKmsgHeader({ sec: -5, nsec: 1000 }, false, { paddedUsec: true }))).toBe(
      '====-5.000001-D\n'
    );
    expect(text(writeKmsgHeader({ sec: -5, nsec: 0 }, false, { paddedUsec: false }))).toBe(
      '====18446744073709551611.0-D\n'
    );
    const arm = { paddedUsec: false, longBits: 32 } as const;
    expect(text(writeKmsgHeader({ sec: -5, nsec: 0 }, false, arm))).toBe('====4294967291.0-D\n');
  });

  it('writes the pre-compression form without a type char', () => {
    const hdr = writeKmsgHeader({ sec: 1500000000, nsec: 5_123_000 }, false, {
      paddedUsec: false,
      typeChar: false
    });
    expect(text(hdr)).toBe('====1500000000.5123\n');
  });

  it('rejects times the kernel cannot hold with EINVAL naming the numbers', () => {
    const bad = (fn: () => unknown, re: RegExp): void => {
      expect(fn).toThrow(RamCoreError);
      expect(fn).toThrow(re);
      try {
        fn();
      } catch (e) {
        expect((e as RamCoreError).code).toBe('EINVAL');
      }
    };
    bad(() => writeKmsgHeader({ sec: 1, nsec: 1e9 }, false, { paddedUsec: true }), /1000000000/);
    bad(() => writeKmsgHeader({ sec: 1, nsec: -1 }, false, { paddedUsec: true }), /-1/);
    bad(() => writeKmsgHeader({ sec: 1.5, nsec: 0 }, false, { paddedUsec: true }), /1\.5/);
    bad(
      () => writeKmsgHeader({ sec: 2 ** 31, nsec: 0 }, false, { paddedUsec: false, longBits: 32 }),
      /2147483648.*32-bit/
    );
    bad(
      () => writeKmsgHeader({ sec: 1, nsec: 0 }, true, { paddedUsec: true, typeChar: false }),
      /compressed/
    );
  });
});

describe('ramoops_read_kmsg_hdr', () => {
  it('parses the Z5 header: 24 bytes, usec ×1000 on 6.x', () => {
    const rec = concat(ascii('====1700000000.123456-D\n'), Z5_PAYLOAD);
    const h = readKmsgHeader(rec, V6);
    expect(h).toMatchObject({ headerLength: 24, compressed: false, typeChar: 0x44 });
    expect(h?.time).toEqual({ sec: 1700000000, nsec: 123456000 });
    expect(rec.subarray(h?.headerLength)).toEqual(Z5_PAYLOAD);
  });

  it('parses the §C2 cases: 22, 20 (fallback form, plain) and invalid', () => {
    const a = readKmsgHeader(ascii('====1500000000.5123-D\nPanic#1'), V6);
    expect(a).toMatchObject({ headerLength: 22, compressed: false, time: { nsec: 5_123_000 } });
    expect(readKmsgHeader(ascii('====1500000000.5123-D\nPanic#1'), V49)?.time).toEqual({
      sec: 1500000000,
      nsec: 5123
    });
    const b = readKmsgHeader(ascii('====1500000000.5123\nPanic#1'), V6);
    expect(b).toMatchObject({ headerLength: 20, compressed: false, typeChar: null });
    expect(readKmsgHeader(ascii('===1500000000.5123-D\n'), V6)).toBeNull();
  });

  it('swallows the 0x0B that opens a fixed-Huffman deflate stream (§C2: length 25)', () => {
    // First bytes of the §C2 stream, independent of the local zlib.
    const doc = concat(ascii('====1700000000.123456-C\n'), Uint8Array.of(0x0b, 0x48, 0xcc, 0xcb));
    expect(readKmsgHeader(doc, V6)).toMatchObject({ headerLength: 25, compressed: true });
    // A short dump compresses to a fixed-Huffman final block, first byte 0x0B.
    const stream = deflateRawSync(Z5_PAYLOAD, { level: 6, windowBits: 15, memLevel: 8 });
    expect(stream[0]).toBe(0x0b);
    const rec = concat(ascii('====1700000000.123456-C\n'), stream);
    const h = readKmsgHeader(rec, V6);
    expect(h?.headerLength).toBe(25);
    expect(() => inflateRawSync(rec.subarray(h?.headerLength))).toThrow();
    expect(new Uint8Array(inflateRawSync(rec.subarray(24)))).toEqual(Z5_PAYLOAD);
  });

  it('counts exactly the kernel isspace() bytes after the type char as header', () => {
    const spaces = [0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0xa0];
    for (const b of spaces) {
      const rec = concat(ascii('====1.000002-D\n'), Uint8Array.of(b, b, 0x41));
      expect(readKmsgHeader(rec, V6)?.headerLength, `0x${b.toString(16)}`).toBe(17);
    }
    for (const b of [0x00, 0x08, 0x0e, 0x1c, 0x1f, 0x85, 0x9f, 0xa1, 0xff]) {
      const rec = concat(ascii('====1.000002-D\n'), Uint8Array.of(b, 0x41));
      expect(readKmsgHeader(rec, V6)?.headerLength, `0x${b.toString(16)}`).toBe(15);
    }
    expect(spaces.every(kernelIsSpace)).toBe(true);
    expect(kernelIsSpace(0x85)).toBe(false);
  });

  it('lets the newline match no whitespace at all, and %c take any non-NUL byte', () => {
    expect(readKmsgHeader(ascii('====1.2-DPanic'), V6)).toMatchObject({ headerLength: 9 });
    expect(readKmsgHeader(ascii('====1.2-XPanic'), V6)).toMatchObject({
      headerLength: 9,
      compressed: false,
      typeChar: 0x58
    });
    // %c does not skip whitespace: the space is the type char, then "\n" is swallowed.
    expect(readKmsgHeader(ascii('====1.2- \nabc'), V6)).toMatchObject({
      headerLength: 10,
      typeChar: 0x20
    });
  });

  it('falls back to the plain form whenever "-%c" does not match', () => {
    // A NUL where the type char should be ends the string: %c fails, the fallback's %n
    // lands on the '-'.
    const nul = concat(ascii('====1.2-'), Uint8Array.of(0, 0x43));
    expect(readKmsgHeader(nul, V6)).toMatchObject({ headerLength: 7, typeChar: null });
    expect(readKmsgHeader(ascii('====1.2XYZ'), V6)).toMatchObject({ headerLength: 7 });
    expect(readKmsgHeader(ascii('====1.2'), V6)).toMatchObject({ headerLength: 7 });
  });

  it('skips whitespace before each number, as simple_strto*() callers do', () => {
    const h = readKmsgHeader(ascii('==== \t42.\n7-C\nx'), V6);
    expect(h).toMatchObject({ headerLength: 14, compressed: true, time: { sec: 42, nsec: 7000 } });
  });

  it('takes a sign only for %lld seconds, and never a plus', () => {
    expect(readKmsgHeader(ascii('====-5.000001-D\n'), V6)?.time).toEqual({ sec: -5, nsec: 1000 });
    expect(readKmsgHeader(ascii('====-5.000001-D\n'), V49)).toBeNull();
    expect(readKmsgHeader(ascii('====+5.1-D\n'), V6)).toBeNull();
    expect(readKmsgHeader(ascii('====-.1-D\n'), V6)).toBeNull();
    expect(readKmsgHeader(ascii('====5.-1-D\n'), V6)).toBeNull();
  });

  it('rejects empty numbers and truncated magic', () => {
    for (const s of ['', '====', '====.5-D\n', '====5.-D\n', '====5-D\n', '==== ', 'x===1.2-D\n']) {
      expect(readKmsgHeader(ascii(s), V6), JSON.stringify(s)).toBeNull();
    }
  });

  it('wraps overflowing numbers modulo 2^64 and truncates %lu to the long width', () => {
    const big = readKmsgHeader(ascii('====18446744073709551617.18446744073709551615-D\n'), V6);
    expect(big?.exactTime).toEqual({ sec: 1n, nsec: -1000n });
    const arm: KmsgHeaderReadOptions = { ...V6, longBits: 32 };
    const h = readKmsgHeader(ascii('====4294967297.4294967296123-D\n'), arm);
    expect(h?.exactTime).toEqual({ sec: 4294967297n, nsec: 123000n });
    // 4.9 on a 32-bit kernel: tv_sec is a 32-bit long filled by %lu.
    const old = readKmsgHeader(ascii('====4294967295.5-D\n'), { ...V49, longBits: 32 });
    expect(old?.time).toEqual({ sec: -1, nsec: 5 });
  });

  it('stops at the end of the buffer and at an embedded NUL', () => {
    expect(readKmsgHeader(ascii('====1.000001-D\n'), V6)?.headerLength).toBe(15);
    const rec = concat(ascii('====1.000001-D\n'), Uint8Array.of(0, 0x0b));
    expect(readKmsgHeader(rec, V6)?.headerLength).toBe(15);
  });

  it('reads back what every writer era wrote', () => {
    const payloadStart = fc.integer({ min: 0, max: 255 }).filter((b) => !kernelIsSpace(b) && b > 0);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 40 }),
        fc.integer({ min: 0, max: 999_999_999 }),
        fc.boolean(),
        fc.boolean(),
        payloadStart,
        (sec, nsec, compressed, paddedUsec, first) => {
          const hdr = writeKmsgHeader({ sec, nsec }, compressed, { paddedUsec });
          const h = readKmsgHeader(concat(hdr, Uint8Array.of(first)), V6);
          expect(h?.headerLength).toBe(hdr.length);
          expect(h?.compressed).toBe(compressed);
          expect(h?.time).toEqual({ sec, nsec: Math.trunc(nsec / 1000) * 1000 });
        }
      )
    );
  });
});

describe.skipIf(!vectorsAvailable)('ramoops_read_kmsg_hdr on real dumps', () => {
  interface UbootExpect {
    kmsg_header: string | null;
    payload_len: number;
    payload_md5: string;
  }

  it.each(['test_pstore_data_panic1.hex', 'test_pstore_data_panic2.hex'])(
    'strips the header of the U-Boot dump %s to the expected payload',
    (name) => {
      const expected = readVectorJson<Record<string, UbootExpect>>('u-boot/expected.json')[name];
      const log = oldLog(readVector(`u-boot/${name}`));
      // An i.MX6 (32-bit ARM) kernel of 2019 wrote these.
      const h = readKmsgHeader(log, { usecToNsec: true, time64Sec: true, longBits: 32 });
      expect(h).not.toBeNull();
      expect(text(log.subarray(0, h?.headerLength))).toBe(expected?.kmsg_header);
      expect(h?.compressed).toBe(false);
      const payload = log.subarray(h?.headerLength);
      expect(payload.length).toBe(expected?.payload_len);
      expect(createHash('md5').update(payload).digest('hex')).toBe(expected?.payload_md5);
    }
  );

  it('reads the panic1 time as 1573113357.903660', () => {
    const log = oldLog(readVector('u-boot/test_pstore_data_panic1.hex'));
    expect(readKmsgHeader(log, V6)?.time).toEqual({ sec: 1573113357, nsec: 903660000 });
  });

  /** 6.1 lays the first dump zone at offset 0; its size is dump_mem / count = 0x408a here. */
  const DUMP_ZONE0_SIZE = 0x408a;
  const ECC_NOTICE = ascii('\nECC: No errors detected\n');

  it.each(kernelCaseNames())('parses dump zone 0 of %s like the 6.1 kernel did', (name) => {
    const kcase = readKernelCase(name);
    const log = oldLog(kcase.image.subarray(0, DUMP_ZONE0_SIZE));
    const h = readKmsgHeader(log, V6);
    expect(h).not.toBeNull();
    expect(h?.headerLength).toBe(24);
    expect(h?.compressed).toBe(kcase.params['pstore.compress'] === 'deflate');
    expect((h?.time.nsec ?? 1) % 1000).toBe(0);
    const file = kcase.files.get('dmesg-ramoops-0');
    expect(file).toBeDefined();
    const ecc = kcase.params['ramoops.ecc'] !== '0';
    const body = ecc ? file?.subarray(0, file.length - ECC_NOTICE.length) : file;
    if (ecc) expect(file?.subarray(file.length - ECC_NOTICE.length)).toEqual(ECC_NOTICE);
    const payload = log.subarray(h?.headerLength);
    const shown = h?.compressed ? new Uint8Array(inflateRawSync(payload)) : payload;
    expect(shown).toEqual(body);
  });

  it('reads the debian-6.1-ecc0-none time and hands over the exact file bytes', () => {
    const kcase = readKernelCase('debian-6.1-ecc0-none');
    const log = oldLog(kcase.image.subarray(0, DUMP_ZONE0_SIZE));
    const h = readKmsgHeader(log, V6);
    expect(h?.time).toEqual({ sec: 1795785131, nsec: 715983000 });
    expect(log.subarray(h?.headerLength)).toEqual(kcase.files.get('dmesg-ramoops-0'));
  });
});
