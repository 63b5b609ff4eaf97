/**
 * The pieces of the archive-over-file-backend tests: a scratch directory per test and records as
 * the pstore core hands them to a backend. The file backend's own tests have the same builders
 * (packages/file-backend/test/helpers/fixtures.ts): a package's tests may import no other
 * package's test files, and the one home both could share, @pstore/test-vectors, may not import
 * @pstore/pstore-fs (it depends on no package), so this is the one copy kept.
 * Kernel counterpart: none (test set-up).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import {
  PSTORE_TYPE,
  pstoreRecordInit,
  type PstoreRecord,
  type PstoreTypeId,
  type Timespec
} from '@pstore/pstore-fs/backend';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
export const dec = (u: Uint8Array): string => new TextDecoder().decode(u);

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A fresh directory, removed after the test. */
export function scratchDir(prefix = 'pstore-file-'): string {
  const dir = fs.mkdtempSync(join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** One dump part as pstore_dump() passes it to the backend. */
export function dumpRecord(
  text: string | Uint8Array,
  opts: { reason?: number; part?: number; time?: Timespec | null; compressed?: boolean } = {}
): PstoreRecord {
  const r = pstoreRecordInit(PSTORE_TYPE.DMESG, opts.time ?? { sec: 1_700_000_000, nsec: 5000 });
  r.buf = typeof text === 'string' ? enc(text) : text;
  r.size = r.buf.length;
  r.reason = opts.reason ?? 1;
  r.part = opts.part ?? 1;
  r.count = 1;
  r.compressed = opts.compressed ?? false;
  return r;
}

/** A console, pmsg or ftrace write. */
export function streamRecord(
  type: PstoreTypeId,
  bytes: string | Uint8Array,
  cpu = 0
): PstoreRecord {
  const r = pstoreRecordInit(type);
  r.buf = typeof bytes === 'string' ? enc(bytes) : bytes;
  r.size = r.buf.length;
  r.cpu = cpu;
  return r;
}
