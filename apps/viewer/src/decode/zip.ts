/**
 * All the records as the /sys/fs/pstore directory, in one zip: each file
 * with the name, bytes and mtime the kernel gives it (what `cp -p
 * /sys/fs/pstore/* DIR` keeps). Made in the worker; fflate, because the
 * browser has no zip writer of its own.
 */
import { zipSync, type Zippable } from 'fflate';
import type { RecordView } from './types.ts';

export function zipRecords(records: readonly RecordView[]): Uint8Array {
  const entries: Zippable = {};
  for (const r of records) {
    // A zip's DOS time cannot hold dates before 1980: those entries get 1980.
    entries[r.name] = [r.bytes, { mtime: new Date(Math.max(r.mtime, Date.UTC(1980, 0, 2))) }];
  }
  return zipSync(entries, { level: 6 });
}
