/**
 * Which pstore files systemd-pstore joins into a dmesg.txt, and in which directory: it
 * walks the file names in reverse lexicographic order and recognises the two backends that
 * split one dump into many records, EFI and ERST. Reverse order puts the highest part first,
 * and since Part1 holds the newest text, the joined file reads oldest to newest.
 * Kernel counterpart: none (the ids are the backends', fs/pstore names the files). systemd
 * counterpart: src/pstore/pstore.c process_dmesg_files() (the name parsing; the writing is in
 * archive-pstore.ts).
 *
 * - EFI (`dmesg-efi-<id>`, `dmesg-efi_pstore-<id>`): the id is the kernel's
 *   generic_id(sec, part, count) = (sec·100 + part)·1000 + count, so the last 3 digits are
 *   the count and the 2 before them the part. Files go to `<id minus 5 digits>/<count>/`.
 * - ERST (`dmesg-erst-<id>`): ids grow by one per record; a run of consecutive ids is one
 *   dump, filed under the highest id of the run.
 * - Every other dmesg file (ramoops, pstore_blk, `.enc.z` files) is not joined; it is
 *   archived as it is, at the top of the archive.
 */

/** A dmesg file that goes into a group directory and its dmesg.txt. */
interface DmesgPlacement {
  readonly name: string;
  /** Directories under the archive, e.g. ['1700000000', '001'] (EFI) or ['4321'] (ERST). */
  readonly subdirs: readonly string[];
  readonly backend: 'efi' | 'erst';
}

/** A dmesg file systemd archives without joining it, and why. */
export interface DmesgNotJoined {
  readonly name: string;
  readonly reason: string;
}

/** The dmesg pass over one directory listing. */
export interface DmesgPlan {
  /** In processing order (reverse lexicographic): the order texts are joined in. */
  readonly placements: readonly DmesgPlacement[];
  readonly notJoined: readonly DmesgNotJoined[];
}

const U64 = (1n << 64n) - 1n;

/** Byte-wise name order, as strcmp() sorts (names are ASCII). */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Plans the dmesg pass for a directory listing (any order; sorted here as systemd sorts).
 * @example
 * planDmesgGroups(['dmesg-efi_pstore-170000000001001', 'dmesg-efi_pstore-170000000002001'])
 * // placements: …02001 then …01001, both in 1700000000/001/
 */
export function planDmesgGroups(names: readonly string[]): DmesgPlan {
  const sorted = [...names].sort(compareNames);
  const placements: DmesgPlacement[] = [];
  const notJoined: DmesgNotJoined[] = [];
  let lastRecordId = 0n;
  let erstSubdir: string | null = null;
  for (const name of sorted.reverse()) {
    if (!name.startsWith('dmesg-')) continue;
    if (name.endsWith('.enc.z')) {
      notJoined.push({ name, reason: 'still compressed (.enc.z): archived as it is, not joined' });
      continue;
    }
    const efi = /^dmesg-(?:efi|efi_pstore)-(.*)$/.exec(name);
    if (efi) {
      const id = efi[1]!;
      if (id.length < 6) {
        notJoined.push({ name, reason: `EFI record id "${id}" has fewer than 6 digits` });
        continue;
      }
      placements.push({
        name,
        subdirs: [id.slice(0, id.length - 5), id.slice(id.length - 3)],
        backend: 'efi'
      });
      continue;
    }
    const erst = /^dmesg-erst-(.*)$/.exec(name);
    if (erst) {
      const text = erst[1]!;
      const id = /^\d+$/.test(text) ? BigInt(text) : null;
      if (id === null || id > U64) {
        notJoined.push({ name, reason: `ERST record id "${text}" is not a 64-bit decimal number` });
        continue;
      }
      // A gap in the ids starts a new dump (unsigned arithmetic, as in C).
      if (erstSubdir === null || BigInt.asUintN(64, lastRecordId - 1n) !== id) erstSubdir = text;
      placements.push({ name, subdirs: [erstSubdir], backend: 'erst' });
      lastRecordId = id;
      continue;
    }
    notJoined.push({
      name,
      reason: 'not an EFI or ERST dump: archived as it is (systemd joins only those backends)'
    });
  }
  return { placements, notJoined };
}
