/**
 * The 12-byte header at the start of every zone: signature, datalen, start —
 * in that order (ramoops' is signature, start, size). The signature is
 * 0x43474244 ("DBGC") XOR the pstore type id, so a dmesg zone's is ramoops'
 * own value and the others differ in the low byte. Native byte order, no
 * checksum (FORMAT.md §2.1).
 * Kernel counterpart: fs/pstore/zone.c struct psz_buffer, PSZ_SIG.
 */
import { PSTORE_TYPE } from '@pstore/pstore-fs/backend';
import type { ZoneType } from './zone-layout.ts';

export const PSZ_SIG = 0x43474244;
export const PSZ_HEADER_SIZE = 12;

const TYPE_ID: Readonly<Record<ZoneType, number>> = {
  dmesg: PSTORE_TYPE.DMESG,
  console: PSTORE_TYPE.CONSOLE,
  ftrace: PSTORE_TYPE.FTRACE,
  pmsg: PSTORE_TYPE.PMSG
};

/** The signature a zone of `type` carries (psz_init_zone(): PSZ_SIG ^ type). */
export function pszSig(type: ZoneType): number {
  return (PSZ_SIG ^ TYPE_ID[type]) >>> 0;
}

export interface PszBuffer {
  readonly sig: number;
  /** atomic_t: signed on disk. */
  readonly datalen: number;
  readonly start: number;
}

export function readPszBuffer(dev: Uint8Array, offset: number, little = true): PszBuffer {
  const v = new DataView(dev.buffer, dev.byteOffset + offset, PSZ_HEADER_SIZE);
  return {
    sig: v.getUint32(0, little),
    datalen: v.getInt32(4, little),
    start: v.getInt32(8, little)
  };
}

export function writePszBuffer(dev: Uint8Array, offset: number, h: PszBuffer, little = true): void {
  const v = new DataView(dev.buffer, dev.byteOffset + offset, PSZ_HEADER_SIZE);
  v.setUint32(0, h.sig >>> 0, little);
  v.setInt32(4, h.datalen, little);
  v.setInt32(8, h.start, little);
}
