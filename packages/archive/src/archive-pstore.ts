/**
 * What systemd-pstore does at boot, over a PstoreFs: copy every pstore file into an archive
 * directory, remove it from pstore once the copy is safely on disk (Unlink=yes), and join
 * the parts of EFI and ERST dumps into one dmesg.txt per dump.
 * Kernel counterpart: none. systemd counterpart: src/pstore/pstore.c run(), list_files(),
 * move_file(), append_dmesg(), process_dmesg_files(); pstore.conf Storage= and Unlink=.
 *
 * Differences from systemd, all on the side of keeping data:
 * - a name that already holds other bytes is not replaced but written as `<name>.N`
 *   (`collision: 'replace'` restores systemd's COPY_REPLACE); identical bytes count as copied;
 * - dmesg.txt is written whole and atomically rather than appended to, so a rerun does not
 *   repeat the text;
 * - a copy is read back before the record is unlinked;
 * - Storage=journal is not modelled (there is no journal here).
 */
import { join } from 'node:path';
import { PstoreError, type PstoreFs } from '@pstore/pstore-fs';
import {
  writeArchiveFile,
  type ArchiveCollision,
  type ArchiveWriteStatus
} from './archive-file.ts';
import { compareNames, planDmesgGroups, type DmesgNotJoined } from './dmesg-groups.ts';

/** pstore.conf Storage=: 'external' copies to `dir`; 'none' leaves pstore untouched. */
export type ArchiveStorage = 'external' | 'none';

export interface ArchiveOptions {
  /** The archive directory (systemd: /var/lib/systemd/pstore). */
  readonly dir: string;
  /** Storage= (default 'external'). */
  readonly storage?: ArchiveStorage;
  /** Unlink=: remove each record from pstore after its copy is on disk (default true). */
  readonly unlink?: boolean;
  /** What to do when an archive name holds other bytes (default 'keep-both'). */
  readonly collision?: ArchiveCollision;
  /** fsync copies and directories (default true). */
  readonly fsync?: boolean;
  /** The time stamped on the report (default: now). */
  readonly now?: () => Date;
}

/** One pstore file copied into the archive. */
export interface ArchivedFile {
  readonly name: string;
  readonly path: string;
  readonly bytes: number;
  readonly status: ArchiveWriteStatus;
}

/** One dmesg.txt joined from the parts of a dump. */
export interface ArchivedDmesgTxt {
  readonly path: string;
  /** The pstore files joined, in the order their text appears (highest part first). */
  readonly parts: readonly string[];
  readonly bytes: number;
  readonly status: ArchiveWriteStatus;
}

/** What an archive run did. */
export interface ArchiveReport {
  readonly time: Date;
  readonly storage: ArchiveStorage;
  readonly unlink: boolean;
  readonly copied: readonly ArchivedFile[];
  /** Files removed from pstore (their records erased), each after a verified copy. */
  readonly unlinked: readonly string[];
  readonly dmesgTxt: readonly ArchivedDmesgTxt[];
  /** dmesg files archived as they are instead of joined, and why. */
  readonly notJoined: readonly DmesgNotJoined[];
  /** Files left in pstore untouched, and why. */
  readonly skipped: readonly { readonly name: string; readonly reason: string }[];
  /** Copies that failed (the file stays in pstore), one entry per attempt. */
  readonly failed: readonly {
    readonly name: string;
    readonly path: string;
    readonly error: string;
  }[];
  /** Copied files pstore would not remove (e.g. a backend without erase: EPERM). */
  readonly unlinkFailed: readonly { readonly name: string; readonly error: string }[];
}

interface Entry {
  readonly name: string;
  readonly content: Uint8Array;
  handled: boolean;
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * Archives every file of a mounted PstoreFs into `options.dir`.
 *
 * @example
 * ```ts
 * const report = archivePstore(pstoreFs, { dir: '/var/lib/systemd/pstore' });
 * // report.copied: dmesg-ramoops-0 → /var/lib/systemd/pstore/dmesg-ramoops-0, … unlinked
 * ```
 * @throws PstoreError EINVAL when the PstoreFs is not mounted. I/O failures are reported,
 *   never thrown, and never followed by an unlink.
 */
export function archivePstore(pfs: PstoreFs, options: ArchiveOptions): ArchiveReport {
  if (!pfs.mounted) {
    throw new PstoreError('EINVAL', 'archivePstore: the pstore filesystem is not mounted');
  }
  const storage = options.storage ?? 'external';
  const unlink = options.unlink ?? true;
  const collision = options.collision ?? 'keep-both';
  const fsync = options.fsync ?? true;
  const report = {
    time: (options.now ?? (() => new Date()))(),
    storage,
    unlink,
    copied: [] as ArchivedFile[],
    unlinked: [] as string[],
    dmesgTxt: [] as ArchivedDmesgTxt[],
    notJoined: [] as DmesgNotJoined[],
    skipped: [] as { name: string; reason: string }[],
    failed: [] as { name: string; path: string; error: string }[],
    unlinkFailed: [] as { name: string; error: string }[]
  };
  const names = pfs.list().map((f) => f.name);
  if (storage === 'none') {
    for (const name of names) {
      report.skipped.push({ name, reason: 'Storage=none: pstore is left untouched' });
    }
    return report;
  }

  // list_files(): every file is read first; one that cannot be read is skipped.
  const entries: Entry[] = [];
  for (const name of names.sort(compareNames)) {
    try {
      entries.push({ name, content: pfs.read(name).slice(), handled: false });
    } catch (e) {
      report.skipped.push({ name, reason: `cannot be read: ${message(e)}` });
    }
  }
  const byName = new Map(entries.map((e) => [e.name, e]));

  /** move_file(): copy, then unlink only if the copy is on disk. */
  const move = (entry: Entry, subdirs: readonly string[]): void => {
    if (entry.handled) return;
    const target = join(options.dir, ...subdirs, entry.name);
    try {
      const res = writeArchiveFile(target, entry.content, { mode: 0o600, collision, fsync });
      report.copied.push({
        name: entry.name,
        path: res.path,
        bytes: entry.content.length,
        status: res.status
      });
    } catch (e) {
      report.failed.push({ name: entry.name, path: target, error: message(e) });
      return; // not handled: the leftover pass tries once more, at the top of the archive
    }
    if (unlink) {
      try {
        pfs.unlink(entry.name);
        report.unlinked.push(entry.name);
      } catch (e) {
        report.unlinkFailed.push({ name: entry.name, error: message(e) });
      }
    }
    entry.handled = true;
  };

  // process_dmesg_files(): EFI and ERST parts into their group directories, texts joined.
  const plan = planDmesgGroups(entries.map((e) => e.name));
  report.notJoined.push(...plan.notJoined);
  const groups = new Map<string, { parts: string[]; chunks: Uint8Array[] }>();
  for (const p of plan.placements) {
    const entry = byName.get(p.name)!;
    move(entry, p.subdirs);
    if (entry.content.length === 0) continue;
    const path = join(options.dir, ...p.subdirs, 'dmesg.txt');
    const group = groups.get(path) ?? { parts: [], chunks: [] };
    group.parts.push(p.name);
    group.chunks.push(entry.content);
    groups.set(path, group);
  }
  for (const [path, group] of groups) {
    const text = Buffer.concat(group.chunks);
    try {
      const res = writeArchiveFile(path, text, { mode: 0o640, collision, fsync });
      report.dmesgTxt.push({
        path: res.path,
        parts: group.parts,
        bytes: text.length,
        status: res.status
      });
    } catch (e) {
      report.failed.push({ name: 'dmesg.txt', path, error: message(e) });
    }
  }

  // Everything else, in name order, at the top of the archive.
  for (const entry of entries) move(entry, []);
  return report;
}
