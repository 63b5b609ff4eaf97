/**
 * The pstore filesystem view: every record of the registered backend as a
 * read-only file; unlink erases the record from the backend.
 * Kernel counterpart: fs/pstore/inode.c — pstore_fill_super() (mount),
 * pstore_get_records(), pstore_mkfile(), pstore_file_read(),
 * pstore_unlink(), pstore_remount(), parse_options() (kmsg_bytes).
 */
import { ERRNO_NUMBERS, PstoreError } from '../errors.ts';
import type { PstoreInfo } from '../backend/pstore-info.ts';
import { PSTORE_TYPE, type PstoreRecord } from '../backend/record.ts';
import type { PstoreCompressor } from '../compress/compressor.ts';
import { pstoreGetBackendRecords, type ReadRecord } from '../core/get-records.ts';
import { pstoreMkfile, type PstoreFile } from './pstore-file.ts';

/** Turns an ftrace record's buffer into the text `cat` shows (pstore_ftrace_seq_*). */
export type FtraceRenderer = (record: PstoreRecord) => Uint8Array;

export interface PstoreFsOptions {
  /** Wall clock for files without a record time (default: Date.now). */
  readonly now?: () => Date;
  /** Renders ftrace records; without one, the file reads as its binary records. */
  readonly renderFtrace?: FtraceRenderer;
}

/** What a mount or rescan found: new files, and why dumps stayed compressed. */
export interface ScanResult {
  readonly added: readonly PstoreFile[];
  readonly records: readonly ReadRecord[];
}

export class PstoreFs {
  private files = new Map<string, PstoreFile>();
  private psi: PstoreInfo | null = null;
  private compressor: PstoreCompressor | null = null;
  /** The kmsg_bytes mount option (shared with the dumper). */
  kmsgBytes: number;

  constructor(
    private readonly options: PstoreFsOptions = {},
    kmsgBytes = 10240
  ) {
    this.kmsgBytes = kmsgBytes;
  }

  get mounted(): boolean {
    return this.psi !== null;
  }

  /**
   * Mounts over a registered backend: reads every record into files
   * (pstore_fill_super → pstore_get_records).
   */
  mount(
    psi: PstoreInfo,
    compressor: PstoreCompressor | null,
    opts: { kmsgBytes?: number } = {}
  ): ScanResult {
    if (this.psi) throw new PstoreError('EBUSY', 'pstore is already mounted');
    this.psi = psi;
    this.compressor = compressor;
    if (opts.kmsgBytes !== undefined) this.kmsgBytes = opts.kmsgBytes;
    return this.rescan();
  }

  /** Drops the in-memory files; a later mount reads the backend again. */
  unmount(): void {
    this.files.clear();
    this.psi = null;
  }

  /** `mount -o remount,kmsg_bytes=N`: only the option changes. */
  remount(opts: { kmsgBytes?: number }): void {
    if (opts.kmsgBytes !== undefined) this.kmsgBytes = opts.kmsgBytes;
  }

  /**
   * pstore_get_records(): adds a file for every record not shown yet. A
   * record whose name already exists is skipped quietly (−EEXIST), so a
   * rescan after an oops only adds the new dump.
   */
  rescan(): ScanResult {
    const psi = this.requireMounted();
    const now = (this.options.now ?? (() => new Date()))();
    const records = pstoreGetBackendRecords(psi, this.compressor);
    const added: PstoreFile[] = [];
    for (const r of records) {
      const file = pstoreMkfile(r.record, psi.name, now);
      if (this.files.has(file.name)) continue;
      this.files.set(file.name, file);
      added.push(file);
    }
    return { added, records };
  }

  /** The files, in creation order. */
  list(): PstoreFile[] {
    return [...this.files.values()];
  }

  stat(name: string): PstoreFile {
    const file = this.files.get(name);
    if (!file) throw new PstoreError('ENOENT', `no such file in pstore: ${name}`);
    return file;
  }

  /**
   * The bytes a read of the file returns: the record and its ECC notice, or
   * for ftrace the rendered text.
   */
  read(name: string): Uint8Array {
    const { record } = this.stat(name);
    if (record.type === PSTORE_TYPE.FTRACE && this.options.renderFtrace) {
      return this.options.renderFtrace(record);
    }
    return record.buf.subarray(0, record.size + record.eccNoticeSize);
  }

  /**
   * Removes a file and erases its record from the backend. Fails with EPERM
   * when the backend cannot erase, and keeps the file when erase fails.
   */
  unlink(name: string): void {
    const psi = this.requireMounted();
    const file = this.stat(name);
    if (!psi.erase) throw new PstoreError('EPERM', `backend ${psi.name} cannot erase records`);
    const rc = psi.erase(file.record);
    if (rc < 0) {
      throw new PstoreError(
        codeOf(-rc),
        `erasing ${name} failed: backend ${psi.name} returned ${rc}`
      );
    }
    this.files.delete(name);
  }

  private requireMounted(): PstoreInfo {
    if (!this.psi) throw new PstoreError('EINVAL', 'pstore is not mounted');
    return this.psi;
  }
}

function codeOf(errno: number): keyof typeof ERRNO_NUMBERS {
  const hit = Object.entries(ERRNO_NUMBERS).find(([, n]) => n === errno);
  return (hit?.[0] as keyof typeof ERRNO_NUMBERS | undefined) ?? 'EIO';
}
