/**
 * Compression against dumps written by a real 6.1.192 kernel (vectors/kernel): the dmesg
 * zone 0 of each image holds `====<sec>.<usec>-C\n` + the crypto API's raw deflate stream,
 * and pstore/dmesg-ramoops-0 is what that kernel showed after decompressing it.
 */
import { readKernelCase, skipMessage, vectorsAvailable } from '@pstore/test-vectors';
import { beforeAll, describe, expect, it } from 'vitest';
import { avoidHeaderWhitespace, isKernelSpace, pstoreCompressor } from '../src/compress/index.ts';

if (!vectorsAvailable) skipMessage();

const V4_9 = { major: 4, minor: 9, sublevel: 0 };
const V6_1 = { major: 6, minor: 1, sublevel: 192 }; // every case in vectors/kernel
const V6_6 = { major: 6, minor: 6, sublevel: 0 };
const V6_12 = { major: 6, minor: 12, sublevel: 0 };

/** 6.1.192 dmesg zones for mem 0x100000 / record 0x4000 (KERNEL-LAB.md): zone 0 at 0. */
const DMESG_ZONE_SIZE = 0x408a;
const ECC_NOTICE = '\nECC: No errors detected\n';

/** Bytes as a latin1 string: fast to compare, and a readable diff when dmesg text differs. */
const latin1 = (u: Uint8Array | null): string | null =>
  u === null ? null : Buffer.from(u.buffer, u.byteOffset, u.length).toString('latin1');

/** Data capacity of a zone (PSTORE-SPEC §1.3): psinfo->bufsize for ramoops. */
function capacity(zoneSize: number, ecc: number): number {
  const bs = zoneSize - 12;
  if (ecc === 0) return bs;
  const blocks = Math.ceil((bs - ecc) / (128 + ecc));
  return bs - (blocks + 1) * ecc;
}

/** Logical content of a zone: data[start..size) ++ data[0..start) (PSTORE-SPEC §1.5). */
function dmesgZone(image: Uint8Array, offset: number, cap: number): Uint8Array {
  const dv = new DataView(image.buffer, image.byteOffset + offset, 12);
  const start = dv.getUint32(4, true);
  const size = dv.getUint32(8, true);
  expect(start).toBeLessThanOrEqual(size);
  expect(size).toBeLessThanOrEqual(cap);
  const data = image.subarray(offset + 12, offset + 12 + size);
  const out = new Uint8Array(size);
  out.set(data.subarray(start), 0);
  out.set(data.subarray(0, start), size - start);
  return out;
}

function splitHeader(content: Uint8Array): { header: string; payload: Uint8Array } {
  const nl = content.indexOf(0x0a);
  const header = new TextDecoder().decode(content.subarray(0, nl + 1));
  expect(header).toMatch(/^====\d+\.\d{6}-[CD]\n$/);
  return { header, payload: content.subarray(nl + 1) };
}

const COMPRESSED = [
  { name: 'debian-6.1-ecc0-deflate', ecc: 0 },
  { name: 'debian-6.1-ecc16-deflate', ecc: 16 },
  { name: 'custom-6.1-ecc0-all', ecc: 0 },
  { name: 'custom-6.1-ecc16-all', ecc: 16 }
];

interface Dump {
  readonly bufsize: number;
  readonly header: string;
  readonly payload: Uint8Array;
  readonly shown: Uint8Array;
  readonly notice: string;
  /** The kernel file without its ECC notice: the decompressed text. */
  readonly expected: Uint8Array;
}

function loadDump(name: string, ecc: number): Dump {
  const kc = readKernelCase(name);
  const bufsize = capacity(DMESG_ZONE_SIZE, ecc);
  const { header, payload } = splitHeader(dmesgZone(kc.image, 0, bufsize));
  const shown = kc.files.get('dmesg-ramoops-0')!;
  const notice = ecc ? ECC_NOTICE : '';
  const expected = shown.subarray(0, shown.length - notice.length);
  return { bufsize, header, payload, shown, notice, expected };
}

describe.skipIf(!vectorsAvailable)('dmesg decompression on real 6.1 dumps', () => {
  for (const { name, ecc } of COMPRESSED) {
    describe(name, () => {
      // Loaded in beforeAll: a skipped suite's body still runs at collection time.
      let d: Dump;
      beforeAll(() => {
        d = loadDump(name, ecc);
      });

      it('holds a -C record whose kernel file is the text plus the ECC notice', () => {
        expect(d.header.endsWith('-C\n')).toBe(true);
        expect(new TextDecoder().decode(d.shown.subarray(d.expected.length))).toBe(d.notice);
        expect(isKernelSpace(d.payload[0]!)).toBe(false); // the kernel's own stream parsed fine
      });

      it('is reproduced byte for byte by the 6.1 decompressor', () => {
        const c = pstoreCompressor(V6_1, { bufsize: d.bufsize });
        expect(latin1(c.decompress(d.payload))).toBe(latin1(d.expected));
      });

      it('is reproduced byte for byte by the 6.6+ decompressor (2 KiB-window stream)', () => {
        for (const ver of [V6_6, V6_12]) {
          const c = pstoreCompressor(ver, { bufsize: d.bufsize });
          expect(latin1(c.decompress(d.payload))).toBe(latin1(d.expected));
        }
      });

      it('cannot be read by a 4.9 kernel (raw stream, no zlib header)', () => {
        expect(pstoreCompressor(V4_9, { bufsize: d.bufsize }).decompress(d.payload)).toBeNull();
      });

      it('stays compressed (.enc.z) when the reader has compress=none', () => {
        const off = pstoreCompressor(V6_1, { algorithm: 'none', bufsize: d.bufsize });
        expect(off.decompress(d.payload)).toBeNull();
      });

      it('fits our own 6.1 compression of the same text into bufsize and reads it back', () => {
        const c = pstoreCompressor(V6_1, { bufsize: d.bufsize });
        // The kernel compressed header line + kmsg text of at most big_oops_buf bytes.
        expect(d.expected.length).toBeLessThanOrEqual(c.bigOopsBufSize!);
        const ours = c.compress(d.expected)!;
        expect(ours.length).toBeLessThanOrEqual(d.bufsize);
        const safe = avoidHeaderWhitespace(ours, 'raw', d.bufsize)!;
        expect(latin1(c.decompress(safe))).toBe(latin1(d.expected));
      });
    });
  }
});

describe.skipIf(!vectorsAvailable)('compress=none on a real 6.1 kernel', () => {
  for (const { name, ecc } of [
    { name: 'debian-6.1-ecc0-none', ecc: 0 },
    { name: 'debian-6.1-ecc16-none', ecc: 16 }
  ]) {
    it(`${name}: writes a -D record filled to bufsize, as chooseCompression('none') says`, () => {
      const kc = readKernelCase(name);
      const bufsize = capacity(DMESG_ZONE_SIZE, ecc);
      expect(pstoreCompressor(V6_1, { algorithm: 'none', bufsize }).enabled).toBe(false);
      const { header, payload } = splitHeader(dmesgZone(kc.image, 0, bufsize));
      expect(header.endsWith('-D\n')).toBe(true);
      // Without big_oops_buf the kmsg text is gathered into bufsize bytes; ramoops then
      // cuts what does not fit after its header line (bufsize − hlen).
      expect(payload.length).toBe(bufsize - header.length);
      const shown = kc.files.get('dmesg-ramoops-0')!;
      expect(shown.length).toBe(payload.length + (ecc ? ECC_NOTICE.length : 0));
      expect(latin1(shown.subarray(0, payload.length))).toBe(latin1(payload));
    });
  }
});
