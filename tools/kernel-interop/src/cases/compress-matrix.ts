/**
 * Every crypto-API compressor of 4.17–6.5, judged by the custom 6.1 kernel
 * (built with every CONFIG_PSTORE_*_COMPRESS; `pstore.compress=<alg>` picks
 * one per boot, and pstore_init() logs "Using crash dump compression: <alg>").
 *
 * - kernel writes (`kw-compress-<alg>`): a kernel log longer than the big
 *   buffer (zbufsize_<alg>(bufsize)), an lkdtm oops, then a panic: two dumps
 *   the kernel compressed. `pstore decode` must show the same
 *   dmesg-ramoops-N bytes; decoded as 6.12 (no crypto API, deflate only)
 *   each is `.enc.z`, and `pstore inflate` of that file, told the algorithm
 *   and guessing it, must give the text the 6.1 kernel showed. And `pstore
 *   decode --auto` alone (probe names the parameters, the kernel from the
 *   ftrace zone's signature, the compressor from the dumps) gives the same files.
 * - kernel reads (`kr-compress-<alg>`): an image from `pstore encode
 *   --compress <alg>` with one dump that compresses and one of noise that
 *   cannot shrink into bufsize (pstore_dump() then stores it plain, 'D'),
 *   read back byte for byte.
 *
 * ECC 16 throughout, so the notice ramoops appends after a compressed
 * record's stream (and decompress_record() moves after the text) is judged
 * too. deflate has its own cases (custom-matrix.ts, matrix.ts).
 *
 * lzo: this build is 6.1.192; from 6.1.141 lzo's output bound is checked
 * (CVE-2025-38068). Older 6.1 kernels write past psinfo->buf when lzo
 * expands noise: a case not to run on them.
 */
import { encodedImage } from './image-sources.ts';
import { LAB, type PstoreCompress, type RamoopsParams } from './params.ts';
import { dumpText, noiseText } from './texts.ts';
import type { Case, GuestAction } from './types.ts';

const ALGORITHMS: readonly PstoreCompress[] = ['lzo', 'lz4', 'lz4hc', '842', 'zstd'];

/**
 * Lines written straight to /dev/kmsg in one guest command (one open per
 * line, and printk.devkmsg=on: no user ratelimit): about 30 KiB, more than
 * any algorithm's big buffer for a 16 KiB record.
 */
const FILL_KMSG: GuestAction = {
  kind: 'sh',
  command:
    'i=0; while [ $i -lt 320 ]; do echo "interop-fill $i $RANDOM persistent ram zone $RANDOM block parity $i" > /dev/kmsg; i=$((i+1)); done'
};

export function compressCases(kid: string): Case[] {
  return ALGORITHMS.flatMap((alg): Case[] => {
    const params: RamoopsParams = { ...LAB, ecc: 16, compress: alg };
    return [
      {
        kind: 'kernel-writes',
        id: `${kid}/kw-compress-${alg}`,
        kernel: kid,
        title: `pstore.compress=${alg}: an lkdtm oops and a panic, each dump a full big buffer, compressed by the kernel; read as 6.12 (.enc.z) and inflated`,
        params,
        cmdline: ['printk.devkmsg=on'],
        actions: [FILL_KMSG, { kind: 'oops' }, { kind: 'panic' }],
        expect: {
          files: ['dmesg-ramoops-0', 'dmesg-ramoops-1'],
          startsWith: { 'dmesg-ramoops-0': 'Oops#1 Part1\n', 'dmesg-ramoops-1': 'Panic#2 Part1\n' },
          klog: [`Using crash dump compression: ${alg}`],
          compressed: { 'dmesg-ramoops-0': true, 'dmesg-ramoops-1': true },
          encZReader: '6.12',
          auto: true
        }
      },
      {
        kind: 'kernel-reads',
        id: `${kid}/kr-compress-${alg}`,
        kernel: kid,
        title: `pstore encode --compress ${alg}: a dump that compresses and one of noise stored plain`,
        params,
        image: encodedImage({
          params,
          dmesg: [
            { text: dumpText('Oops', 1, 30_000, 81), reason: 'oops', time: 1_700_000_801 },
            { text: noiseText('Panic', 2, 30_000, 82), reason: 'panic', time: 1_700_000_802 }
          ]
        }),
        expect: {
          files: ['dmesg-ramoops-0', 'dmesg-ramoops-1'],
          klog: [`Using crash dump compression: ${alg}`],
          compressed: { 'dmesg-ramoops-0': true, 'dmesg-ramoops-1': false }
        }
      }
    ];
  });
}
