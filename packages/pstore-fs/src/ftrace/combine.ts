/**
 * Merging per-CPU ftrace logs into the single `ftrace-ramoops-0` record, ordered by the
 * records' timestamp counter.
 * Kernel counterpart: fs/pstore/ftrace.c pstore_ftrace_combine_log() (ram.c
 * ftrace_log_combine() before it moved there) and the per-CPU branch of
 * fs/pstore/ram.c ramoops_pstore_read().
 */
import { PstoreFormatError } from '../format-error.ts';
import { readFtraceTimestamp, type FtraceLayout } from './record.ts';

function requireTimestamps(layout: FtraceLayout): void {
  if (layout.kind !== 'timestamp') {
    throw new PstoreFormatError(
      'EINVAL',
      'per-CPU ftrace logs exist only from 4.10 on; 4.9 records have no timestamp to merge by'
    );
  }
}

/**
 * Merges `src` into `dest` and returns the merged log.
 *
 * From each input the first `length % recSize` bytes are dropped (the partial oldest record
 * left by a ring wrap), then the two record runs are merged: dest's record goes first only
 * when its timestamp is strictly smaller, so on equal timestamps the record of the log being
 * merged in (`src`) comes first. Each run keeps its own order; the result holds
 * floor(dest/recSize) + floor(src/recSize) records.
 */
export function pstoreFtraceCombineLog(
  dest: Uint8Array,
  src: Uint8Array,
  layout: FtraceLayout
): Uint8Array {
  requireTimestamps(layout);
  const rec = layout.recSize;
  let d = dest.length % rec;
  let s = src.length % rec;
  const merged = new Uint8Array(dest.length - d + (src.length - s));
  let m = 0;
  while (d < dest.length && s < src.length) {
    if (readFtraceTimestamp(dest, d, layout) < readFtraceTimestamp(src, s, layout)) {
      merged.set(dest.subarray(d, d + rec), m);
      d += rec;
    } else {
      merged.set(src.subarray(s, s + rec), m);
      s += rec;
    }
    m += rec;
  }
  merged.set(dest.subarray(d), m);
  m += dest.length - d;
  merged.set(src.subarray(s), m);
  return merged;
}

/**
 * The combined per-CPU record as ramoops builds it: starting from an empty log, merge the
 * old contents of CPU zones 0, 1, … in order. Pass only the zones ramoops would use (it
 * skips zones that are empty and carry no ECC notice; merging an empty log changes nothing).
 */
export function combinePerCpuLogs(logs: readonly Uint8Array[], layout: FtraceLayout): Uint8Array {
  requireTimestamps(layout);
  let combined: Uint8Array = new Uint8Array(0);
  for (const log of logs) combined = pstoreFtraceCombineLog(combined, log, layout);
  return combined;
}
