/**
 * pstore's kmsg dumper: how a crash becomes DMESG records. Each part is a
 * "<Reason>#<oopscount> Part<n>" header plus the newest kernel log that fits,
 * compressed when the era's compressor is set up, handed to the backend one
 * part at a time until kmsg_bytes are covered or the log is exhausted.
 * Kernel counterpart: fs/pstore/platform.c pstore_dump(),
 * copy_kmsg_to_buffer(), pstore_cannot_block_path() (4.9 and 6.x).
 */
import {
  KERN_ERR,
  KMSG_DUMP_EMERG,
  KMSG_DUMP_OOPS,
  KMSG_DUMP_PANIC,
  kmsgDumpReasonStr
} from '@pstore/kmsg';
import type { KmsgDumpIter } from '@pstore/kmsg';
import type { PstoreInfo } from '../backend/pstore-info.ts';
import { PSTORE_TYPE, pstoreRecordInit, type Timespec } from '../backend/record.ts';
import type { PstoreCompressor } from '../compress/compressor.ts';
import type { KernelVersion } from '../era-version.ts';
import { PstoreError } from '../errors.ts';
import type { PstoreCoreEra } from './pstore-era.ts';

const encoder = new TextEncoder();

/** Statics of platform.c that live for the whole boot. */
export interface PstoreBootCounters {
  /** Dumps of this boot so far; the next dump is #oopscount+1. */
  oopscount: number;
  /** The pr_err_once() of a write error was printed. */
  writeErrorReported: boolean;
}

/** psinfo->buf_lock: one thread, so only re-entry (a dump inside a dump) can find it held. */
export interface PstoreBufLock {
  held: boolean;
}

/** The state pstore_dump() works on: platform.c's statics for one registered backend. */
export interface PstoreDumpState {
  readonly kernel: KernelVersion;
  readonly era: PstoreCoreEra;
  readonly psi: PstoreInfo;
  /** The compressor when big_oops_buf is allocated (compression on), else null. */
  readonly compressor: PstoreCompressor | null;
  /** big_oops_buf: kept across parts and dumps, as the kernel's allocation is. */
  readonly bigOopsBuf: Uint8Array | null;
  /** kmsg_bytes now (the mount option may change it between dumps). */
  kmsgBytes(): number;
  /** platform.c's per-boot statics, shared by every backend registered this boot. */
  readonly boot: PstoreBootCounters;
  /** psinfo->buf_lock, shared with the 4.9 console frontend. */
  readonly bufLock: PstoreBufLock;
  now(): Timespec;
  /** printk() with the "pstore: " prefix. */
  log(level: string, message: string): void;
  /** pstore_new_entry = 1 (and, 5.8+, pstore_timer_kick()). */
  onOopsStored(): void;
}

/** One part handed to the backend. */
export interface PstoreDumpPart {
  readonly part: number;
  /** record.size: what counts against kmsg_bytes. */
  readonly size: number;
  readonly compressed: boolean;
  /** What psi.write() returned (ramoops: −ENOSPC for part > 1). */
  readonly ret: number;
  /**
   * The part as a reader gets it back (the header line and the log text,
   * uncompressed), when the backend stored it (ret 0); null otherwise. A
   * test bench compares it byte for byte with what the next boot shows.
   */
  readonly content: Uint8Array | null;
}

/** What one call of the dumper did. */
export interface PstoreDumpResult {
  readonly reason: number;
  /** The count in the header; null when the dump was skipped. */
  readonly oopscount: number | null;
  /** Why nothing was written: the buffer lock was busy on a path that cannot wait. */
  readonly skipped: 'buf-lock-busy' | null;
  readonly parts: readonly PstoreDumpPart[];
}

function cannotBlockPath(reason: number): boolean {
  // in_nmi() is not modelled: a dump is never called from NMI context here.
  return reason === KMSG_DUMP_PANIC || reason === KMSG_DUMP_EMERG;
}

function lockBusyMessage(era: PstoreCoreEra, why: string): string {
  switch (era.dumpLockMessage) {
    case '4.9':
      return `pstore dump routine blocked in ${why} path, may corrupt error record`;
    case 'semaphore':
      return `dump skipped in ${why} path: may corrupt error record`;
    case 'spinlock':
      return `dump skipped in ${why} path because of concurrent dump`;
  }
}

/**
 * copy_kmsg_to_buffer() (≤6.5): after a failed compression, the header and
 * the NEWEST text that fits bufsize; the cut may fall inside a line.
 */
function copyKmsgToBuffer(big: Uint8Array, hsize: number, len: number, bufsize: number) {
  const total = hsize + len;
  if (total <= bufsize) return big.slice(0, total);
  const out = new Uint8Array(bufsize);
  out.set(big.subarray(0, hsize), 0);
  const diff = total - bufsize + hsize;
  out.set(big.subarray(diff, diff + bufsize - hsize), hsize);
  return out;
}

/**
 * pstore_dump(): runs synchronously to the end, like the kernel's callback.
 * The loop does not stop on a backend error: ramoops refuses every part but
 * Part1 (−ENOSPC) and pstore keeps reading older log until kmsg_bytes are
 * counted (record sizes are counted whether or not they were stored).
 * @throws PstoreError EBUSY if the buffer lock is already held on a path that
 *   waits (the kernel would spin forever on its own lock); EINVAL if bufsize
 *   cannot even hold the header line.
 */
export function pstoreDump(
  st: PstoreDumpState,
  reason: number,
  iter: KmsgDumpIter
): PstoreDumpResult {
  const why = kmsgDumpReasonStr(reason, st.kernel);
  if (st.bufLock.held) {
    if (cannotBlockPath(reason)) {
      st.log(KERN_ERR, lockBusyMessage(st.era, why));
      return { reason, oopscount: null, skipped: 'buf-lock-busy', parts: [] };
    }
    throw new PstoreError(
      'EBUSY',
      `pstore_dump(${why}) while psinfo->buf_lock is held by this CPU: the kernel would deadlock`
    );
  }
  st.bufLock.held = true;
  const parts: PstoreDumpPart[] = [];
  let savedRet = 0;
  try {
    iter.rewind();
    st.boot.oopscount++;
    const { psi, compressor, bigOopsBuf: big } = st;
    let total = 0;
    for (let part = 1; total < st.kmsgBytes(); part++) {
      const record = pstoreRecordInit(PSTORE_TYPE.DMESG, st.now());
      record.count = st.boot.oopscount;
      record.reason = reason;
      record.part = part;
      const header = encoder.encode(`${why}#${st.boot.oopscount} Part${part}\n`);
      const dstSize = big ? big.length : psi.bufsize;
      if (header.length >= dstSize) {
        throw new PstoreError(
          'EINVAL',
          `dump buffer of ${dstSize} bytes cannot hold the ${header.length}-byte header ` +
            `"${why}#${st.boot.oopscount} Part${part}" (backend ${psi.name} bufsize ${psi.bufsize})`
        );
      }
      const text = iter.getBuffer(dstSize - header.length, true);
      if (text === null) break;
      let plain: Uint8Array | null = null;
      if (big && compressor) {
        big.set(header, 0);
        big.set(text, header.length);
        const zipped = compressor.compress(big.subarray(0, header.length + text.length));
        if (zipped) {
          record.compressed = true;
          record.buf = zipped;
          // lzo before CVE-2025-38068's fix may return more than bufsize: the backend keeps
          // a cut stream, which the next boot shows as it is (.enc.z), not as text.
          if (zipped.length <= psi.bufsize) plain = big.subarray(0, header.length + text.length);
        } else if (st.era.compressFallback === 'head') {
          // 6.6+: the first bufsize bytes of the big buffer, stale bytes included.
          record.buf = big.slice(0, psi.bufsize);
        } else {
          record.buf = copyKmsgToBuffer(big, header.length, text.length, psi.bufsize);
        }
      } else {
        record.buf = new Uint8Array(header.length + text.length);
        record.buf.set(header, 0);
        record.buf.set(text, header.length);
      }
      record.size = record.buf.length;
      const ret = psi.write(record);
      // Copied only when stored: the big buffer is reused by the next part.
      const content = ret === 0 ? (plain ?? record.buf).slice() : null;
      parts.push({ part, size: record.size, compressed: record.compressed, ret, content });
      if (ret === 0 && reason === KMSG_DUMP_OOPS) st.onOopsStored();
      else if (savedRet === 0) savedRet = ret;
      total += record.size;
    }
  } finally {
    st.bufLock.held = false;
  }
  if (st.era.writeErrorAlert && savedRet !== 0 && !st.boot.writeErrorReported) {
    st.boot.writeErrorReported = true;
    st.log(KERN_ERR, `backend (${st.psi.name}) writing error (${savedRet})`);
  }
  return { reason, oopscount: st.boot.oopscount, skipped: null, parts };
}
