/**
 * `pstore decode --out DIR` on a user's worst day: re-runs by any user,
 * stale files, foreign files, paths that cannot exist. The built command
 * runs as a process; as root, the re-run is made as nobody, because root
 * ignores the 0444 modes that broke re-runs for everyone else.
 */
import { chmodSync, chownSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MANIFEST_NAME } from '@pstore/pstore-fs/export';
import { describe, expect, it } from 'vitest';
import { expectBadInput } from '@pstore/cli-kit/testing';
import { pstore, pstoreProcess, tmp } from './helpers.ts';

const isRoot = process.getuid?.() === 0;
/** As root, run as nobody: what every other user meets. */
const asUser = isRoot ? { uid: 65534, gid: 65534 } : {};

/** A 1 MiB image with a dump and a pmsg record, made by `pstore encode`. */
function image(dir: string, name: string, dumps: number): string {
  const args = ['encode', '--out', join(dir, name), '--pmsg', join(dir, 'pmsg.txt')];
  writeFileSync(join(dir, 'pmsg.txt'), 'last words\n');
  for (let i = 0; i < dumps; i++) {
    writeFileSync(join(dir, `d${i}.txt`), `Panic#1 Part1\ndump ${i}\n`);
    args.push('--dmesg', `${join(dir, `d${i}.txt`)}:panic:1700000000`);
  }
  expect(pstore(...args).code).toBe(0);
  return join(dir, name);
}

/** A directory the test user owns (world-writable scratch space as root). */
function userDir(): string {
  const dir = tmp('outdir');
  if (isRoot) chownSync(dir, 65534, 65534);
  return dir;
}

const files = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f !== MANIFEST_NAME)
    .sort();

describe('pstore decode --out DIR', () => {
  const work = tmp('outimg');
  const two = image(work, 'two.bin', 2);
  const one = image(work, 'one.bin', 1);
  chmodSync(work, 0o755);
  for (const f of readdirSync(work)) chmodSync(join(work, f), 0o644);

  it('runs twice into the same DIR as an ordinary user, and stale files do not survive', () => {
    const top = userDir();
    const out = join(top, 'pstore');
    const first = pstoreProcess(['decode', two, '--out', out], asUser);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(files(out)).toEqual(['dmesg-ramoops-0', 'dmesg-ramoops-1', 'pmsg-ramoops-0']);
    // The second decode has one dump: dmesg-ramoops-1 of the first run must go.
    const again = pstoreProcess(['decode', one, '--out', out], asUser);
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    expect(files(out)).toEqual(['dmesg-ramoops-0', 'pmsg-ramoops-0']);
    // The default board has ECC on: the file ends with the kernel's ECC notice.
    expect(readFileSync(join(out, 'dmesg-ramoops-0'), 'utf8')).toBe(
      'Panic#1 Part1\ndump 0\n\nECC: No errors detected\n'
    );
    expect(readdirSync(top)).toEqual(['pstore']); // nothing left beside DIR
  });

  it('refuses a DIR holding files it did not write, naming one; --force writes and keeps them', () => {
    const out = userDir();
    writeFileSync(join(out, 'notes.txt'), 'my notes\n');
    const r = pstoreProcess(['decode', one, '--out', out], asUser);
    expectBadInput(r, /--out: .* holds 1 file\(s\) this tool did not write \(e\.g\. notes\.txt\)/);
    expect(readdirSync(out)).toEqual(['notes.txt']);
    const forced = pstoreProcess(['decode', one, '--out', out, '--force'], asUser);
    expect(forced.code).toBe(0);
    expect(files(out)).toEqual(['dmesg-ramoops-0', 'notes.txt', 'pmsg-ramoops-0']);
    expect(readFileSync(join(out, 'notes.txt'), 'utf8')).toBe('my notes\n');
  });

  it('a decode that fails leaves DIR as it was', () => {
    const out = join(userDir(), 'pstore');
    expect(pstoreProcess(['decode', two, '--out', out], asUser).code).toBe(0);
    const before = files(out);
    // A configuration the image is too short for fails before anything is written.
    const r = pstoreProcess(['decode', one, '--out', out, '--mem-size', '0x200000'], asUser);
    expectBadInput(r, /too short/);
    expect(files(out)).toEqual(before);
  });

  it('a DIR whose parent takes no new directory is refused with the reason, DIR untouched', () => {
    const top = userDir();
    const out = join(top, 'pstore');
    expect(pstoreProcess(['decode', two, '--out', out], asUser).code).toBe(0);
    chmodSync(top, 0o555); // the user may no longer create entries beside DIR
    try {
      const r = pstoreProcess(['decode', one, '--out', out], asUser);
      expectBadInput(r, /does not take a new directory \(EACCES\)/);
      expect(files(out)).toEqual(['dmesg-ramoops-0', 'dmesg-ramoops-1', 'pmsg-ramoops-0']);
    } finally {
      chmodSync(top, 0o755);
    }
  });

  it('a path that cannot exist fails at once with one line (Node 20 mkdir -p would spin)', () => {
    const r = pstoreProcess(['decode', one, '--out', '/proc/nope/x'], { timeoutMs: 10_000 });
    expectBadInput(r, /cannot create \/proc\/nope\/x: mkdir \/proc\/nope failed \(ENOENT\)/);
  });

  it('a DIR that is a file is refused', () => {
    const f = join(userDir(), 'file');
    writeFileSync(f, 'x');
    expectBadInput(pstoreProcess(['decode', one, '--out', f]), /exists and is not a directory/);
  });

  it('--force without --out is refused', () => {
    expectBadInput(pstoreProcess(['decode', one, '--force']), /--force goes with --out DIR/);
  });
});
