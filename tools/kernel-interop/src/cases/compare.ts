/**
 * The judgement: the files a real kernel showed in /sys/fs/pstore against
 * the files and sizes `pstore decode` predicts. Names, bytes, st_size, the
 * mtime of dumps, and the ECC counts in the notice. Every mismatch names the
 * file and, for bytes, the first differing offset with hex of both sides.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Decoded } from '../pstore-cli.ts';
import type { KernelFile } from '../vm/guest.ts';

const CONTEXT = 16;

function hexAt(b: Uint8Array, at: number): string {
  const s = Buffer.from(b.subarray(at, at + CONTEXT))
    .toString('hex')
    .replace(/(..)/g, '$1 ')
    .trim();
  return s || '(end of file)';
}

/** "" when equal, else where and how the bytes first differ. */
function firstDifference(kernel: Uint8Array, ours: Uint8Array): string {
  const n = Math.min(kernel.length, ours.length);
  let i = 0;
  while (i < n && kernel[i] === ours[i]) i++;
  if (i === n && kernel.length === ours.length) return '';
  return (
    `first difference at offset ${i} (0x${i.toString(16)}; kernel ${kernel.length} bytes, pstore-ts ${ours.length}): ` +
    `kernel [${hexAt(kernel, i)}] pstore-ts [${hexAt(ours, i)}]`
  );
}

/** ECC counts from the notice at the end of a file, or null without one. */
function eccNotice(bytes: Uint8Array): { corrected: number; bad: number } | null {
  const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - 80))).toString('latin1');
  if (/\n(?:ECC: )?No errors detected\n$/.test(tail)) return { corrected: 0, bad: 0 };
  const m = /\n(?:ECC: )?(-?\d+) Corrected bytes, (-?\d+) unrecoverable blocks\n$/.exec(tail);
  return m ? { corrected: Number(m[1]), bad: Number(m[2]) } : null;
}

export interface Comparison {
  readonly problems: string[];
  /** "name: corrected/bad" for each file with an ECC notice. */
  readonly ecc: string[];
}

export function compareFiles(kernel: readonly KernelFile[], predicted: Decoded): Comparison {
  const problems: string[] = [];
  const ecc: string[] = [];
  const ours = new Map(predicted.records.map((r) => [r.name, r]));
  const theirs = new Map(kernel.map((f) => [f.name, f]));
  const missing = [...theirs.keys()].filter((n) => !ours.has(n));
  const extra = [...ours.keys()].filter((n) => !theirs.has(n));
  if (missing.length) problems.push(`kernel shows ${missing.join(', ')}; pstore-ts does not`);
  if (extra.length) {
    problems.push(`pstore-ts predicts ${extra.join(', ')}; the kernel does not show it`);
  }
  for (const f of kernel) {
    const r = ours.get(f.name);
    if (!r) continue;
    const path = join(predicted.dir, f.name);
    const bytes = existsSync(path) ? new Uint8Array(readFileSync(path)) : new Uint8Array(0);
    const diff = firstDifference(f.bytes, bytes);
    if (diff) problems.push(`${f.name}: ${diff}`);
    if (f.size !== r.size) {
      problems.push(`${f.name}: st_size kernel ${f.size}, pstore-ts ${r.size}`);
    }
    if (r.time !== null) {
      const sec = Math.floor(Date.parse(r.time) / 1000);
      if (sec !== f.mtime) problems.push(`${f.name}: mtime kernel ${f.mtime}, pstore-ts ${sec}`);
    }
    const k = eccNotice(f.bytes);
    if (k) ecc.push(`${f.name} ${k.corrected}/${k.bad}`);
    if (r.ecc && k && (r.ecc.corrected !== k.corrected || r.ecc.bad !== k.bad)) {
      problems.push(
        `${f.name}: ECC counts kernel ${k.corrected} corrected/${k.bad} bad, pstore-ts ${r.ecc.corrected}/${r.ecc.bad}`
      );
    }
  }
  return { problems, ecc };
}
