/**
 * The CI matrix: the same cases for each Debian kernel (5.10, 6.1, 6.12),
 * chosen to cover what changed between those eras:
 *
 * - layouts: dmesg zones sized dump_area/count and rounded down to even
 *   sizes, a dump zone larger than record_size, non-power-of-two sizes
 *   rounded down, mem_size not a power of two, 3 CPUs (per-CPU ftrace
 *   zones, odd split) with pmsg before (6.12) or after (5.10, 6.1) ftrace;
 * - compression: the kernel default, deflate, pstore.compress=none, and a
 *   compressed dump read with compression off (.enc.z); images encoded for
 *   another era;
 * - ECC 0, 1 (= 16), 8, 16 and 32, and the notice with or without "ECC: ";
 * - several dumps in one boot (an oops, then a panic), a single dump zone
 *   overwritten by the second dump, and a Shutdown dump at power-off;
 * - ECC faults within and beyond capacity, in parity and in a header.
 */
import { blkCases } from './blk-matrix.ts';
import { craftedImage, decompressLimitDumps, whitespaceDumps } from './crafted.ts';
import { encodedImage } from './image-sources.ts';
import { LAB, type RamoopsParams } from './params.ts';
import { consoleText, dumpText, markers, pmsgText } from './texts.ts';
import type { Case, GuestAction } from './types.ts';

/** Non-power-of-two sizes, an odd dump-zone split, 3 CPUs. */
const ODD: RamoopsParams = {
  memAddress: 0x10000000n,
  memSize: 0xf1000,
  recordSize: 0x5000,
  consoleSize: 0x3000,
  ftraceSize: 0x1000,
  pmsgSize: 0x1800,
  ecc: 8,
  maxReason: 2,
  compress: 'deflate'
};

/** One dump zone (0x5000, larger than record_size), ECC 32. */
const TINY: RamoopsParams = {
  memAddress: 0x10000000n,
  memSize: 0xc000,
  recordSize: 0x4000,
  consoleSize: 0x4000,
  ftraceSize: 0x1000,
  pmsgSize: 0x2000,
  ecc: 32,
  maxReason: 2,
  compress: 'deflate'
};

const T0 = 1_700_000_000;

function crash(name: string, oops: boolean, end: GuestAction = { kind: 'panic' }): GuestAction[] {
  return [
    ...markers(name),
    { kind: 'pmsg', text: `interop pmsg from ${name}` },
    ...(oops ? [{ kind: 'oops' as const }, ...markers(`${name}-after-oops`, 2)] : []),
    end
  ];
}

/** The other era an image is encoded for in the cross-era case. */
const CROSS: Readonly<Record<string, string>> = { '5.10': '6.12', '6.1': '6.12', '6.12': '6.1' };

/** Every CI case for one Debian kernel id. */
export function debianCases(kid: string): Case[] {
  const id = (n: string): string => `${kid}/${n}`;
  const lab16: RamoopsParams = { ...LAB, ecc: 16, compress: 'none' };
  const labOops: RamoopsParams = { ...LAB, ecc: 1, compress: 'deflate' };
  const cases: Case[] = [
    // Direction 1: the kernel writes.
    {
      kind: 'kernel-writes',
      id: id('kw-lab-ecc0-default'),
      kernel: kid,
      title: 'panic dump, ECC off, the kernel default compression',
      params: LAB,
      actions: crash('kw-lab-ecc0-default', false),
      expect: { startsWith: { 'dmesg-ramoops-0': 'Panic#1 Part1\n' } }
    },
    {
      kind: 'kernel-writes',
      id: id('kw-lab-ecc16-none'),
      kernel: kid,
      title: 'panic dump, ECC 16, pstore.compress=none',
      params: lab16,
      actions: crash('kw-lab-ecc16-none', false),
      expect: { startsWith: { 'dmesg-ramoops-0': 'Panic#1 Part1\n' } }
    },
    {
      kind: 'kernel-writes',
      id: id('kw-lab-ecc1-oops-panic'),
      kernel: kid,
      title: 'an oops then a panic in one boot (two dumps), ecc=1 (means 16), deflate',
      params: labOops,
      actions: crash('kw-lab-ecc1-oops-panic', true),
      expect: {
        startsWith: { 'dmesg-ramoops-0': 'Oops#1 Part1\n', 'dmesg-ramoops-1': 'Panic#2 Part1\n' }
      }
    },
    {
      kind: 'kernel-writes',
      id: id('kw-odd-ecc8-smp3'),
      kernel: kid,
      title: 'non-power-of-two sizes rounded down, odd dump-zone split rounded even, 3 CPUs, ECC 8',
      params: ODD,
      cpus: 3,
      actions: crash('kw-odd-ecc8-smp3', false),
      expect: { startsWith: { 'dmesg-ramoops-0': 'Panic#1 Part1\n' } }
    },
    {
      kind: 'kernel-writes',
      id: id('kw-tiny-ecc32-oops-panic'),
      kernel: kid,
      title: 'one dump zone of 0x5000 (> record_size): the panic overwrites the oops, ECC 32',
      params: TINY,
      actions: crash('kw-tiny-ecc32-oops-panic', true),
      expect: { startsWith: { 'dmesg-ramoops-0': 'Panic#2 Part1\n' } }
    },
    {
      kind: 'kernel-writes',
      id: id('kw-lab-shutdown'),
      kernel: kid,
      title: 'a Shutdown dump at power-off (max_reason 4), ECC 16, deflate',
      params: { ...LAB, ecc: 16, maxReason: 4, compress: 'deflate' },
      actions: crash('kw-lab-shutdown', false, { kind: 'poweroff' }),
      expect: { startsWith: { 'dmesg-ramoops-0': 'Shutdown#1 Part1\n' } }
    },
    {
      kind: 'kernel-writes',
      id: id('kw-lab-maxreason1-oops-panic'),
      kernel: kid,
      title: 'max_reason 1: the oops is not dumped, the panic is dump #1, ECC off, no compression',
      params: { ...LAB, maxReason: 1, compress: 'none' },
      actions: crash('kw-lab-maxreason1-oops-panic', true),
      expect: { startsWith: { 'dmesg-ramoops-0': 'Panic#1 Part1\n' } }
    },

    // Direction 2: pstore-ts writes, the kernel reads.
    {
      kind: 'kernel-reads',
      id: id('kr-lab-ecc0-deflate'),
      kernel: kid,
      title: 'two compressed dumps, console and pmsg, ECC off',
      params: { ...LAB, compress: 'deflate' },
      image: encodedImage({
        params: { ...LAB, compress: 'deflate' },
        dmesg: [
          { text: dumpText('Panic', 1, 8000, 11), reason: 'panic', time: T0 },
          { text: dumpText('Oops', 2, 3000, 12), reason: 'oops', time: T0 + 100 }
        ],
        console: consoleText(20000),
        pmsg: pmsgText(3000)
      }),
      expect: {
        files: ['dmesg-ramoops-0', 'dmesg-ramoops-1', 'console-ramoops-0', 'pmsg-ramoops-0']
      }
    },
    {
      kind: 'kernel-reads',
      id: id('kr-lab-ecc16-none'),
      kernel: kid,
      title: 'a plain dump, console and pmsg, ECC 16, pstore.compress=none',
      params: lab16,
      image: encodedImage({
        params: lab16,
        dmesg: [{ text: dumpText('Panic', 1, 9000, 21), reason: 'panic', time: T0 + 200 }],
        console: consoleText(12000, 22),
        pmsg: pmsgText(2000, 23)
      }),
      expect: { files: ['dmesg-ramoops-0', 'console-ramoops-0', 'pmsg-ramoops-0'] }
    },
    {
      kind: 'kernel-reads',
      id: id('kr-lab-ecc16-wrapped'),
      kernel: kid,
      title:
        'console and pmsg rings wrapped by pstore encode (3× their zones, a line a write), ECC 16',
      params: lab16,
      image: encodedImage({
        params: lab16,
        console: consoleText(3 * 0x8000, 51),
        pmsg: pmsgText(3 * 0x8000, 52)
      }),
      expect: { files: ['console-ramoops-0', 'pmsg-ramoops-0'], wrapped: ['console', 'pmsg'] }
    },
    {
      kind: 'kernel-reads',
      id: id('kr-lab-ecc16-enc-z'),
      kernel: kid,
      title: 'a compressed dump read with pstore.compress=none: kept compressed (.enc.z)',
      params: lab16,
      image: encodedImage({
        params: { ...lab16, compress: 'deflate' },
        dmesg: [{ text: dumpText('Panic', 1, 9000, 31), reason: 'panic', time: T0 + 300 }],
        pmsg: pmsgText(500, 33)
      }),
      expect: { files: ['dmesg-ramoops-0.enc.z', 'pmsg-ramoops-0'] }
    },
    {
      kind: 'kernel-reads',
      id: id('kr-odd-ecc8-smp3'),
      kernel: kid,
      title: 'rounded sizes, odd split, 3 per-CPU ftrace zones around pmsg, ECC 8',
      params: ODD,
      cpus: 3,
      image: encodedImage({
        params: ODD,
        cpus: 3,
        dmesg: [{ text: dumpText('Panic', 1, 7000, 41), reason: 'panic', time: T0 + 400 }],
        console: consoleText(5000, 42),
        pmsg: pmsgText(1500, 43)
      }),
      expect: { files: ['dmesg-ramoops-0', 'console-ramoops-0', 'pmsg-ramoops-0'] }
    },
    {
      kind: 'kernel-reads',
      id: id('kr-tiny-ecc32-full'),
      kernel: kid,
      title: 'console and pmsg rings exactly full (size = capacity), a big oops dump, ECC 32',
      params: TINY,
      image: encodedImage({
        params: TINY,
        dmesg: [{ text: dumpText('Oops', 1, 12000, 51), reason: 'oops', time: T0 + 500 }],
        console: consoleText(40000, 52),
        pmsg: pmsgText(20000, 53),
        fill: true
      }),
      expect: { files: ['dmesg-ramoops-0', 'console-ramoops-0', 'pmsg-ramoops-0'] }
    },
    {
      kind: 'kernel-reads',
      id: id(`kr-cross-from-${CROSS[kid]}`),
      kernel: kid,
      title: `an image encoded for ${CROSS[kid]} (other zone order and compression), ECC 16`,
      params: { ...LAB, ecc: 16, compress: 'deflate' },
      image: encodedImage({
        params: { ...LAB, ecc: 16, compress: 'deflate' },
        kernel: CROSS[kid],
        dmesg: [{ text: dumpText('Panic', 1, 9000, 61), reason: 'panic', time: T0 + 600 }],
        console: consoleText(8000, 62),
        pmsg: pmsgText(2000, 63)
      })
    },

    {
      kind: 'kernel-reads',
      id: id('kr-header-whitespace'),
      kernel: kid,
      title: 'dump payloads whose first bytes are whitespace the header parser swallows (.enc.z)',
      params: { ...LAB, compress: 'deflate' },
      image: craftedImage({ ...LAB, compress: 'deflate' }, whitespaceDumps()),
      expect: {
        files: [
          'dmesg-ramoops-0.enc.z',
          'dmesg-ramoops-1.enc.z',
          'dmesg-ramoops-2.enc.z',
          'dmesg-ramoops-3',
          'dmesg-ramoops-4'
        ]
      }
    },

    {
      kind: 'kernel-reads',
      id: id('kr-decompress-limits'),
      kernel: kid,
      title:
        'compressed dumps on the decompressed-size limits (bufsize·100/60 ≤ 6.5, 3·bufsize 6.6+)',
      params: { ...LAB, compress: 'deflate' },
      image: craftedImage({ ...LAB, compress: 'deflate' }, decompressLimitDumps())
    },

    // ECC faults in kernel-written regions, read by a fresh VM.
    {
      kind: 'ecc-faults',
      id: id('ef-ecc16-within'),
      kernel: kid,
      title: 'ECC 16: 3 and 8 (= capacity) bad bytes in two blocks, 2 in a parity slot',
      params: lab16,
      from: id('kw-lab-ecc16-none'),
      faults: [
        { zone: 'dmesg', area: 'data', block: 0, offset: 5, count: 3 },
        { zone: 'dmesg', area: 'data', block: 1, count: 8 },
        { zone: 'dmesg', area: 'parity', block: 2, offset: 3, count: 2 }
      ],
      expect: { eccErrors: true }
    },
    {
      kind: 'ecc-faults',
      id: id('ef-ecc16-beyond'),
      kernel: kid,
      title: 'ECC 16: 9 and 16 bad bytes in two blocks (beyond capacity)',
      params: lab16,
      from: id('kw-lab-ecc16-none'),
      faults: [
        { zone: 'dmesg', area: 'data', block: 3, count: 9 },
        { zone: 'dmesg', area: 'data', block: 5, offset: 7, count: 16 }
      ],
      expect: { eccErrors: true }
    },
    {
      kind: 'ecc-faults',
      id: id('ef-ecc16-header'),
      kernel: kid,
      title: 'ECC 16: 3 bad bytes in the zone header (start/size) and 2 in its parity',
      params: lab16,
      from: id('kw-lab-ecc16-none'),
      faults: [
        { zone: 'dmesg', area: 'header', offset: 4, count: 3 },
        { zone: 'dmesg', area: 'header-parity', offset: 6, count: 2 }
      ],
      expect: { eccErrors: true }
    },
    {
      kind: 'ecc-faults',
      id: id('ef-ecc16-compressed'),
      kernel: kid,
      title: 'ECC 16, compressed dumps: 8 bad bytes in one (corrected), 10 in the other (beyond)',
      params: labOops,
      from: id('kw-lab-ecc1-oops-panic'),
      faults: [
        { zone: 'dmesg', index: 0, area: 'data', block: 0, offset: 30, count: 8 },
        { zone: 'dmesg', index: 1, area: 'data', block: 1, count: 10 }
      ],
      expect: { eccErrors: true }
    },
    {
      kind: 'ecc-faults',
      id: id('ef-ecc32-mixed'),
      kernel: kid,
      title: 'ECC 32: 16 (= capacity) and 17 bad bytes in two blocks, 4 in the header',
      params: TINY,
      from: id('kw-tiny-ecc32-oops-panic'),
      faults: [
        { zone: 'dmesg', area: 'data', block: 0, count: 16 },
        { zone: 'dmesg', area: 'data', block: 1, count: 17 },
        { zone: 'dmesg', area: 'header', count: 4 }
      ],
      expect: { eccErrors: true }
    },
    {
      kind: 'ecc-faults',
      id: id('ef-ecc8-mixed'),
      kernel: kid,
      title: 'ECC 8: 4 (= capacity) and 5 bad bytes in two blocks, 1 in the header parity',
      params: ODD,
      cpus: 3,
      from: id('kw-odd-ecc8-smp3'),
      faults: [
        { zone: 'dmesg', area: 'data', block: 0, offset: 100, count: 4 },
        { zone: 'dmesg', area: 'data', block: 2, count: 5 },
        { zone: 'dmesg', area: 'header-parity', count: 1 }
      ],
      expect: { eccErrors: true }
    }
  ];
  // pstore/blk: Debian builds pstore_blk and pstore_zone as modules from 6.1 on.
  if (kid !== '5.10') cases.push(...blkCases(kid));
  return cases;
}
