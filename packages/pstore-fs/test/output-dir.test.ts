import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MANIFEST_NAME, replaceOutputDir, type OutputFile } from '../src/fs/export-files.ts';
import { makeDirectories } from '../src/fs/output-dir.ts';

const file = (name: string, text: string): OutputFile => ({
  name,
  bytes: new TextEncoder().encode(text),
  mode: 0o444,
  mtime: new Date(1_700_000_000_000)
});
const listing = (dir: string) => readdirSync(dir).sort();
const scratch = () => mkdtempSync(join(tmpdir(), 'pstore-outdir-'));

describe('replaceOutputDir', () => {
  it('creates the directory with the files and a manifest naming them', () => {
    const dir = join(scratch(), 'a', 'b', 'out');
    replaceOutputDir(dir, [file('dmesg-ramoops-0', 'x'), file('pmsg-ramoops-0', 'y')]);
    expect(listing(dir)).toEqual([MANIFEST_NAME, 'dmesg-ramoops-0', 'pmsg-ramoops-0']);
    expect(statSync(join(dir, 'pmsg-ramoops-0')).mode & 0o777).toBe(0o444);
    const manifest = JSON.parse(readFileSync(join(dir, MANIFEST_NAME), 'utf8')) as {
      files: string[];
    };
    expect(manifest.files).toEqual(['dmesg-ramoops-0', 'pmsg-ramoops-0']);
  });

  it('a second run replaces read-only files and drops the stale ones, leaving nothing beside', () => {
    const top = scratch();
    const dir = join(top, 'out');
    replaceOutputDir(dir, [file('dmesg-ramoops-0', 'old'), file('dmesg-ramoops-1', 'old')]);
    replaceOutputDir(dir, [file('dmesg-ramoops-0', 'new')]);
    expect(listing(dir)).toEqual([MANIFEST_NAME, 'dmesg-ramoops-0']);
    expect(readFileSync(join(dir, 'dmesg-ramoops-0'), 'utf8')).toBe('new');
    expect(listing(top)).toEqual(['out']); // no staging or old directories left behind
  });

  it('refuses a directory holding files it did not write, naming one, and changes nothing', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    expect(() => replaceOutputDir(dir, [file('pmsg-ramoops-0', 'y')])).toThrow(
      /holds 1 file\(s\) this tool did not write \(e\.g\. notes\.txt\).*--force/
    );
    expect(listing(dir)).toEqual(['notes.txt']);
  });

  it('with force, writes and keeps the foreign files', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    replaceOutputDir(dir, [file('pmsg-ramoops-0', 'y')], { force: true });
    expect(listing(dir)).toEqual([MANIFEST_NAME, 'notes.txt', 'pmsg-ramoops-0']);
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('mine');
    // The next run sees notes.txt as foreign still.
    expect(() => replaceOutputDir(dir, [])).toThrow(/notes\.txt/);
  });

  it('a run that fails half way leaves the old directory as it was', () => {
    const top = scratch();
    const dir = join(top, 'out');
    replaceOutputDir(dir, [file('dmesg-ramoops-0', 'old')]);
    // A name that cannot be created inside the staging directory.
    expect(() =>
      replaceOutputDir(dir, [file('dmesg-ramoops-0', 'new'), file('no/such/dir', 'z')])
    ).toThrow(/cannot write .*ENOENT/);
    expect(listing(dir)).toEqual([MANIFEST_NAME, 'dmesg-ramoops-0']);
    expect(readFileSync(join(dir, 'dmesg-ramoops-0'), 'utf8')).toBe('old');
    expect(listing(top)).toEqual(['out']);
  });

  it('a target that is a file is refused', () => {
    const f = join(scratch(), 'f');
    writeFileSync(f, '');
    expect(() => replaceOutputDir(f, [])).toThrow(/exists and is not a directory/);
  });

  it('an unwritable parent is named', () => {
    if (process.getuid?.() === 0) return; // root writes anywhere; the CLI tests run this as nobody
    const top = scratch();
    mkdirSync(join(top, 'ro'));
    chmodSync(join(top, 'ro'), 0o555);
    expect(() => replaceOutputDir(join(top, 'ro', 'out'), [])).toThrow(
      /does not take a new directory/
    );
  });
});

describe('makeDirectories', () => {
  it('fails at once on a path that cannot exist (Node 20 recursive mkdir loops there)', () => {
    expect(() => makeDirectories('/proc/nope/deeper')).toThrow(
      /cannot create \/proc\/nope\/deeper: mkdir \/proc\/nope failed \(ENOENT\)/
    );
  });
  it('names a parent that is a file', () => {
    const f = join(scratch(), 'f');
    writeFileSync(f, '');
    expect(() => makeDirectories(join(f, 'x', 'y'))).toThrow(/is not a directory/);
  });
});
