/**
 * The buffer pstore_dump() gathers a dump in, per kernel era, with the words
 * that say where its size comes from. With compression set up, the log goes
 * into big_oops_buf, sized for what should compress into bufsize:
 * bufsize × 100 / cmpr, cmpr from the efivars/nvram table up to 6.5
 * (allocate_zlib() ≤4.16, zbufsize_deflate() 4.17–6.5) and a flat 60
 * (DMESG_COMP_PERCENT) from 6.6. Without compression the log goes straight
 * into psinfo->buf of bufsize bytes. bufsize is ramoops's: what dump zone 0
 * holds (4.20+ and the stable trees that took "Correctly calculate usable PRZ
 * bytes"), the record size before.
 * Kernel counterpart: fs/pstore/platform.c allocate_buf_for_compression(),
 * pstore_dump() (dst, dst_size); fs/pstore/ram.c ramoops_probe()
 * (cxt->pstore.bufsize).
 */
import { deflateRatioPercent, type PstoreCompressor } from '@pstore/pstore-fs';
import type { RamoopsEra, RamoopsLayout } from '@pstore/ramoops';

export interface DumpBuffer {
  readonly name: 'big_oops_buf' | 'psinfo->buf';
  readonly size: number;
  /** psinfo->bufsize, the limit of the compressed (or plain) record. */
  readonly bufsize: number;
  /** e.g. "big_oops_buf of 27516 bytes = bufsize 16510 × 100 / 60 (bufsize: dump zone 0's data capacity)". */
  readonly describe: string;
}

/** Where psinfo->bufsize comes from in this era. */
export function bufsizeSource(era: RamoopsEra, layout: RamoopsLayout): string {
  if (era.bufsizeModel === 'buffer_size') return "dump zone 0's data capacity";
  return layout.bufsize === layout.sizes.recordSize ? 'record_size' : 'max(record_size, 1024)';
}

export function dumpBuffer(
  compressor: PstoreCompressor,
  bufsize: number,
  bufsizeFrom: string
): DumpBuffer {
  const big = compressor.enabled ? compressor.bigOopsBufSize : null;
  if (big !== null && compressor.algorithm !== null && compressor.algorithm !== 'deflate') {
    const fn = compressor.algorithm === 'lz4hc' ? 'lz4' : compressor.algorithm;
    return {
      name: 'big_oops_buf',
      size: big,
      bufsize,
      describe:
        `big_oops_buf of ${big} bytes = zbufsize_${fn}(bufsize ${bufsize}), ${compressor.algorithm}'s ` +
        `worst case (bufsize: ${bufsizeFrom})`
    };
  }
  if (big === null || !compressor.params) {
    return {
      name: 'psinfo->buf',
      size: bufsize,
      bufsize,
      describe:
        `psinfo->buf of ${bufsize} bytes (bufsize: ${bufsizeFrom}; compression is off` +
        // e.g. "Failed 6990506 byte compression buffer allocation for: deflate" (≤6.5 kmalloc limit)
        `${compressor.warning ? `: "${compressor.warning}"` : ''})`
    };
  }
  const percent =
    compressor.params.flavour === 'zlib-raw' ? 60 : deflateRatioPercent(compressor.bufsize);
  return {
    name: 'big_oops_buf',
    size: big,
    bufsize,
    describe: `big_oops_buf of ${big} bytes = bufsize ${bufsize} × 100 / ${percent} (bufsize: ${bufsizeFrom})`
  };
}
