/**
 * Sizes of the buffers around dmesg compression: the "big oops buffer" that holds the
 * plain text handed to the compressor, and the largest output a read-side decompression
 * may produce before the kernel gives up (and shows the record as `.enc.z`).
 * Kernel counterpart: fs/pstore/platform.c allocate_zlib() / zbufsize_deflate() (≤6.5,
 * the cmpr table), allocate_buf_for_compression() and decompress_record() (6.6+).
 */
import type { DeflateFlavour } from './params.ts';
import { PstoreFormatError } from '../format-error.ts';

/**
 * KMALLOC_MAX_SIZE with 4 KiB pages (include/linux/slab.h: 1 << (MAX_ORDER +
 * PAGE_SHIFT - 1) up to 6.3, 1 << (MAX_ORDER + PAGE_SHIFT) with the inclusive
 * MAX_ORDER of 6.4+; 4 MiB either way). Up to 6.5 big_oops_buf comes from
 * kmalloc() and cannot be larger; 6.6 allocates it with kvzalloc().
 */
export const KMALLOC_MAX_SIZE = 4 * 1024 * 1024;

/**
 * Expected compression ratio, in percent, for a backend buffer of `bufsize` bytes: the
 * switch in allocate_zlib()/zbufsize_deflate(). The small ranges were tuned for efivars,
 * 4000–10000 for nvram/erst; everything else (ramoops) assumes 60 %.
 */
export function deflateRatioPercent(bufsize: number): number {
  if (bufsize >= 1000 && bufsize <= 2000) return 56;
  if (bufsize >= 2001 && bufsize <= 3000) return 54;
  if (bufsize >= 3001 && bufsize <= 3999) return 52;
  if (bufsize >= 4000 && bufsize <= 10000) return 45;
  return 60;
}

function checkBufsize(bufsize: number): void {
  if (!Number.isSafeInteger(bufsize) || bufsize <= 0) {
    throw new PstoreFormatError(
      'EINVAL',
      `bufsize ${bufsize} is not a positive integer (psinfo->bufsize of the backend)`
    );
  }
}

/**
 * Size of big_oops_buf (≤6.5) / max_compressed_size (6.6+): how much plain text pstore_dump
 * gathers for one compressed part. 6.6+ always assumes 60 %.
 */
export function bigOopsBufSize(flavour: DeflateFlavour, bufsize: number): number {
  checkBufsize(bufsize);
  const percent = flavour === 'zlib-raw' ? 60 : deflateRatioPercent(bufsize);
  return Math.floor((bufsize * 100) / percent);
}

/**
 * Output limit of the read-side inflate: the big buffer itself up to 6.5, a fresh
 * `3 * bufsize` workspace on 6.6+. Larger output makes the kernel's inflate fail.
 */
export function maxDecompressedSize(flavour: DeflateFlavour, bufsize: number): number {
  checkBufsize(bufsize);
  return flavour === 'zlib-raw' ? 3 * bufsize : bigOopsBufSize(flavour, bufsize);
}
