/**
 * Where `pstore encode` writes, run as the built command: a file whole or
 * not at all (a temporary file beside it, renamed into place), standard
 * output with `--out -`, and the largest image Node can hold (4 GiB,
 * buffer.constants.MAX_LENGTH), refused beyond it before any allocation.
 */
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  closeSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectBadInput } from '@pstore/cli-kit/testing';
import { cleanEnv } from '@pstore/cli-kit/testing';
import { PSTORE_BIN, pstoreProcess, tmp } from './helpers.ts';

const PARAMS = 'ramoops.mem_size=0x100000';
const OLD = 'an image from yesterday\n';

/** A directory with an existing image and a small dump to encode. */
function workdir(prefix: string) {
  const dir = tmp(prefix);
  writeFileSync(join(dir, 'ram.bin'), OLD);
  writeFileSync(
    join(dir, 'panic.txt'),
    'Panic#1 Part1\n<0>[   12.000000] Kernel panic - not syncing: test\n'
  );
  return dir;
}

/** The ramoops signature "DBGC" (0x43474244, little endian) at `offset` of `file`. */
function signatureAt(file: string, offset: number): string {
  const fd = openSync(file, 'r');
  const b = Buffer.alloc(4);
  readSync(fd, b, 0, 4, offset);
  closeSync(fd);
  return b.toString('latin1');
}

describe('pstore encode --out', () => {
  it('--out - writes the image to standard output and the summary to standard error', () => {
    const dir = workdir('stdout');
    const r = pstoreProcess(
      ['encode', '--out', '-', '--params', PARAMS, '--dmesg', 'panic.txt:panic:1700000000'],
      { cwd: dir }
    );
    expect(r.code).toBe(0);
    expect(r.stdoutBytes.length).toBe(0x100000);
    expect(r.stderr).toMatch(/^wrote standard output: 1048576 bytes \(0x100000\), kernel 6\.12/);
    expect(r.stderr).toContain('dmesg-ramoops-0: 65 bytes');
    expect(readdirSync(dir).sort()).toEqual(['panic.txt', 'ram.bin']);
    // The bytes are the image: they decode to the dump.
    writeFileSync(join(dir, 'piped.bin'), r.stdoutBytes);
    const out = join(dir, 'out');
    const dec = pstoreProcess(['decode', 'piped.bin', '--params', PARAMS, '--out', out], {
      cwd: dir
    });
    expect(dec.code).toBe(0);
    expect(readFileSync(join(out, 'dmesg-ramoops-0'), 'utf8')).toBe(
      readFileSync(join(dir, 'panic.txt'), 'utf8')
    );
  });

  it('--out - with bad input writes no byte to standard output', () => {
    const dir = workdir('stdout-bad');
    const r = pstoreProcess(['encode', '--out', '-', '--dmesg', 'nope.txt'], { cwd: dir });
    expectBadInput(r);
    expect(r.stdoutBytes.length).toBe(0);
  });

  it('replaces an existing file, keeping its permissions, through a symbolic link', () => {
    const dir = workdir('replace');
    chmodSync(join(dir, 'ram.bin'), 0o640);
    symlinkSync('ram.bin', join(dir, 'link.bin'));
    const r = pstoreProcess(['encode', '--out', 'link.bin', '--params', PARAMS], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(lstatSync(join(dir, 'link.bin')).isSymbolicLink()).toBe(true);
    expect(statSync(join(dir, 'ram.bin')).size).toBe(0x100000);
    expect(statSync(join(dir, 'ram.bin')).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir).sort()).toEqual(['link.bin', 'panic.txt', 'ram.bin']);
  });

  it('a write that fails half way (file size limit: EFBIG) leaves the old image and no temporary file', () => {
    const dir = workdir('efbig');
    // RLIMIT_FSIZE of about 1 MiB (sh counts 512- or 1024-byte blocks): the
    // 8 MiB image fails after the temporary file was created and partly written.
    const r = spawnSync(
      '/bin/sh',
      [
        '-c',
        'ulimit -f 2048 && exec "$0" "$@"',
        process.execPath,
        PSTORE_BIN,
        'encode',
        '--out',
        'ram.bin',
        '--mem-size',
        '8M',
        '--dmesg',
        'panic.txt'
      ],
      { cwd: dir, env: cleanEnv(), encoding: 'utf8' }
    );
    expectBadInput({ code: r.status, stdout: r.stdout, stderr: r.stderr });
    expect(r.stderr).toMatch(
      /^pstore encode: cannot write --out ram\.bin: EFBIG \(file too large\)/
    );
    expect(readFileSync(join(dir, 'ram.bin'), 'utf8')).toBe(OLD);
    expect(readdirSync(dir).sort()).toEqual(['panic.txt', 'ram.bin']);
  });

  it('refused input leaves an existing image untouched', () => {
    const dir = workdir('refused');
    const r = pstoreProcess(['encode', '--out', 'ram.bin', '--dmesg', 'panic.txt:crash'], {
      cwd: dir
    });
    expectBadInput(r);
    expect(readFileSync(join(dir, 'ram.bin'), 'utf8')).toBe(OLD);
    expect(readdirSync(dir).sort()).toEqual(['panic.txt', 'ram.bin']);
  });

  it('names a directory that does not exist, and a target that is a directory', () => {
    const dir = workdir('paths');
    mkdirSync(join(dir, 'images'));
    const missing = pstoreProcess(['encode', '--out', 'nowhere/ram.bin'], { cwd: dir });
    expectBadInput(missing);
    expect(missing.stderr).toContain(
      'cannot write --out nowhere/ram.bin: directory nowhere does not exist'
    );
    const isDir = pstoreProcess(['encode', '--out', 'images'], { cwd: dir });
    expectBadInput(isDir);
    expect(isDir.stderr).toContain('--out images is a directory');
    expect(readdirSync(join(dir, 'images'))).toEqual([]);
  });

  it('an image over 128 MiB is written in full (several write calls)', () => {
    const dir = workdir('chunks');
    writeFileSync(join(dir, 'app.log'), 'uuid=0123\n');
    const r = pstoreProcess(
      [
        'encode',
        '--out',
        'ram.bin',
        '--mem-size',
        '130M',
        '--record-size',
        '1M',
        '--pmsg',
        'app.log'
      ],
      { cwd: dir }
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(statSync(join(dir, 'ram.bin')).size).toBe(130 << 20);
    // The pmsg zone sits at the end of the region, beyond the second 64 MiB write.
    const zone = /^pmsg\s+(0x[0-9a-f]+)/m.exec(
      pstoreProcess(['layout', '--mem-size', '130M', '--record-size', '1M']).stdout
    );
    expect(Number(zone![1])).toBeGreaterThan(128 << 20);
    expect(signatureAt(join(dir, 'ram.bin'), Number(zone![1]))).toBe('DBGC');
    const dec = pstoreProcess(
      ['decode', 'ram.bin', '--mem-size', '130M', '--record-size', '1M', '--out', 'out'],
      { cwd: dir }
    );
    expect(dec.code).toBe(0);
    expect(readFileSync(join(dir, 'out', 'pmsg-ramoops-0'), 'utf8')).toMatch(/^uuid=0123\n/);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('pstore encode: the largest image', () => {
  it('3 GiB is built and written (past the 2 GiB of one write call)', () => {
    const r = pstoreProcess(
      ['encode', '--out', '/dev/null', '--mem-size', '3G', '--record-size', '1M'],
      { timeoutMs: 230_000 }
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^wrote \/dev\/null: 3221225472 bytes \(0xc0000000\)/);
    // 3 GiB of memory filled and written: minutes on a busy 2-core machine.
  }, 240_000);

  it.each([
    ['100G', '107374182400 (0x1900000000, 100 GiB)'],
    ['0x100000001', '4294967297 (0x100000001, 4.00 GiB)']
  ])('--mem-size %s is refused, naming Node’s limit, and nothing is written', (size, shown) => {
    const dir = workdir('limit');
    // record_size 1M keeps the dump zones within the kernel's own limits.
    const r = pstoreProcess(
      ['encode', '--out', 'ram.bin', '--mem-size', size, '--record-size', '1M'],
      { cwd: dir }
    );
    expectBadInput(r);
    expect(r.stderr).toContain(`ramoops.mem_size ${shown} is larger than the largest image`);
    expect(r.stderr).toContain("4294967296 bytes (4 GiB), Node's buffer.constants.MAX_LENGTH");
    expect(readFileSync(join(dir, 'ram.bin'), 'utf8')).toBe(OLD);
    expect(readdirSync(dir).sort()).toEqual(['panic.txt', 'ram.bin']);
  });
});
