/**
 * What pstore_register() sets up for dmesg compression: the compressor the
 * dumper uses with its big_oops_buf, and the one records are expanded with
 * when they are read back, plus the lines the kernel logs while doing so.
 * Kernel counterpart: fs/pstore/platform.c allocate_buf_for_compression()
 * (4.9 zlib, 4.17–6.5 crypto API, 6.6+ zlib) and the decompression set-up of
 * pstore_get_backend_records().
 */
import { KERN_ERR, KERN_INFO } from '@pstore/kmsg';
import { PSTORE_FLAGS, type PstoreInfo } from '../backend/pstore-info.ts';
import { pstoreCompressor, type PstoreCompressor } from '../compress/compressor.ts';
import { atLeast, type KernelVersion } from '../era-version.ts';
import type { PstoreCoreEra } from './pstore-era.ts';

/** Compression state of one registered backend. */
export interface PstoreCompression {
  /** The dumper's compressor (big_oops_buf allocated), or null: dumps are stored plain. */
  readonly dump: PstoreCompressor | null;
  /** big_oops_buf, zero-filled at allocation and reused for every part. */
  readonly bigOopsBuf: Uint8Array | null;
  /** What compressed records are expanded with on read; null ⇒ they stay `.enc.z`. */
  readonly read: PstoreCompressor | null;
}

const NONE: PstoreCompression = { dump: null, bigOopsBuf: null, read: null };

/**
 * Sets up compression for `psi` and logs (through `core.log`) what the era
 * logs at registration.
 * @throws PstoreFormatError for a pstore.compress value the era cannot run
 *   (see chooseCompression()).
 */
export function setupPstoreCompression(
  core: {
    readonly kernel: KernelVersion;
    readonly era: PstoreCoreEra;
    log(level: string, message: string): void;
  },
  psi: PstoreInfo,
  algorithm: string | undefined
): PstoreCompression {
  const { kernel, era } = core;
  const log = (level: string, message: string): void => core.log(level, message);
  // A zero bufsize leaves nothing to compress into (the kernel's allocation
  // of a 0-byte buffer): dumps, if any, go out plain.
  if (!(psi.bufsize > 0)) return NONE;
  if (era.compressionNeedsDmesg && !(psi.flags & PSTORE_FLAGS.DMESG)) {
    // No dumper, so no big_oops_buf. 6.6+ still expands old dumps (a fresh
    // inflate workspace per read); 5.8–6.5 need big_oops_buf to do so.
    if (!atLeast(kernel, 6, 6)) return NONE;
    const c = pstoreCompressor(kernel, { algorithm, bufsize: psi.bufsize });
    return c.enabled ? { dump: null, bigOopsBuf: null, read: c } : NONE;
  }
  const c = pstoreCompressor(kernel, { algorithm, bufsize: psi.bufsize });
  if (c.warning) log(KERN_ERR, c.warning);
  if (!c.enabled || c.bigOopsBufSize === null) return NONE;
  // 4.7–4.16 name the Kconfig backend: zlib, lzo or lz4.
  if (era.compressionLog === 'zlib') {
    log(KERN_INFO, `using ${c.algorithm === 'deflate' ? 'zlib' : c.algorithm} compression`);
  } else if (era.compressionLog === 'deflate') {
    log(KERN_INFO, 'Using crash dump compression: deflate');
  }
  return { dump: c, bigOopsBuf: new Uint8Array(c.bigOopsBufSize), read: c };
}
