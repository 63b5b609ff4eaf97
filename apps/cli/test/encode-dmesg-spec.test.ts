/**
 * `--dmesg FILE[:REASON[:UNIXTIME]]` as the built command reads it: split by
 * what exists (a path may contain ':'), the first bad field named with its
 * value, the file named when no prefix of the spec exists.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pstoreProcess, tmp } from './helpers.ts';

const PARAMS = 'ramoops.mem_size=0x100000';
const OOPS = 'Oops#1 Part1\n<4>[    1.000000] BUG: unable to handle page fault\n';

function dir(files: Record<string, string>): string {
  const d = tmp('spec');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
  return d;
}

function encode(cwd: string, spec: string, kernel = '6.12') {
  return pstoreProcess(
    ['encode', '--out', 'ram.bin', '--params', PARAMS, '--kernel', kernel, '--dmesg', spec],
    { cwd }
  );
}

function refused(r: ReturnType<typeof encode>, cwd: string, line: string) {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toBe(`pstore encode: ${line}\n`);
  expect(readdirSync(cwd)).not.toContain('ram.bin');
}

/** What the kernel shows for the first dump: its text and mtime (from the dump header). */
function shown(cwd: string, kernel = '6.12') {
  const dec = pstoreProcess(
    ['decode', 'ram.bin', '--params', PARAMS, '--kernel', kernel, '--out', 'out'],
    { cwd }
  );
  expect(dec.code).toBe(0);
  const file = join(cwd, 'out', 'dmesg-ramoops-0');
  return { text: readFileSync(file, 'utf8'), mtimeMs: statSync(file).mtimeMs };
}

describe('pstore encode --dmesg FILE[:REASON[:UNIXTIME]]', () => {
  it('names UNIXTIME when the time is not seconds[.microseconds]', () => {
    const d = dir({ f: OOPS });
    refused(
      encode(d, 'f:panic:yesterday'),
      d,
      '--dmesg f:panic:yesterday: UNIXTIME "yesterday" is not seconds[.microseconds] since 1970 ' +
        '(e.g. 1700000000 or 1700000000.123456) (FILE f, REASON panic)'
    );
    refused(
      encode(d, 'f:oops:1700000000.1234567'),
      d,
      '--dmesg f:oops:1700000000.1234567: UNIXTIME "1700000000.1234567" is not seconds[.microseconds] ' +
        'since 1970 (e.g. 1700000000 or 1700000000.123456) (FILE f, REASON oops)'
    );
  });

  it('names REASON when it is not a reason of the chosen kernel', () => {
    const d = dir({ f: OOPS });
    refused(
      encode(d, 'f:crash'),
      d,
      '--dmesg f:crash: REASON "crash" is not a dump reason of kernel 6.12 ' +
        '(one of undef, panic, oops, emerg, shutdown, or 0..4: enum kmsg_dump_reason) (FILE f)'
    );
    // RESTART became SHUTDOWN in 5.8: each era knows only its own names.
    refused(
      encode(d, 'f:restart:1700000000'),
      d,
      '--dmesg f:restart:1700000000: REASON "restart" is not a dump reason of kernel 6.12 ' +
        '(one of undef, panic, oops, emerg, shutdown, or 0..4: enum kmsg_dump_reason) (FILE f)'
    );
    refused(
      encode(d, 'f:shutdown', '4.9'),
      d,
      '--dmesg f:shutdown: REASON "shutdown" is not a dump reason of kernel 4.9 ' +
        '(one of undef, panic, oops, emerg, restart, halt, poweroff, or 0..6: enum kmsg_dump_reason) (FILE f)'
    );
  });

  it('a FILE with ":" in its name: whole, or split where the file exists', () => {
    const d = dir({ 'crash:2024-01-01.txt': OOPS });
    const whole = encode(d, 'crash:2024-01-01.txt');
    expect(whole.stderr).toBe('');
    expect(whole.code).toBe(0);
    expect(shown(d).text).toBe(OOPS);
    const split = encode(d, 'crash:2024-01-01.txt:oops:1700000000.5');
    expect(split.stderr).toBe('');
    expect(split.code).toBe(0);
    const s = shown(d);
    expect(s.text).toBe(OOPS);
    expect(s.mtimeMs).toBe(1700000000500);
  });

  it('the whole spec wins when it names a file, even if a prefix names another', () => {
    const d = dir({ f: OOPS, 'f:panic': 'Panic#1 Part1\n<0>[    2.000000] the other file\n' });
    expect(encode(d, 'f:panic').code).toBe(0);
    expect(shown(d).text).toContain('the other file');
  });

  it('with both f and f:panic present, f:panic:yesterday is read as FILE f (its REASON is valid)', () => {
    const d = dir({ f: OOPS, 'f:panic': OOPS });
    refused(
      encode(d, 'f:panic:yesterday'),
      d,
      '--dmesg f:panic:yesterday: UNIXTIME "yesterday" is not seconds[.microseconds] since 1970 ' +
        '(e.g. 1700000000 or 1700000000.123456) (FILE f, REASON panic)'
    );
  });

  it('an empty field takes its default: f::UNIXTIME', () => {
    const d = dir({ f: OOPS });
    const r = encode(d, 'f::1700000123');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(shown(d).mtimeMs).toBe(1700000123000);
  });

  it('when no prefix names a file, the file is reported as unreadable', () => {
    const d = dir({});
    refused(
      encode(d, 'nope.txt:panic:1700000000'),
      d,
      'cannot read --dmesg file nope.txt: ENOENT (no such file) ' +
        '(from --dmesg nope.txt:panic:1700000000; no file named nope.txt:panic:1700000000 either)'
    );
    refused(encode(d, 'nope:txt'), d, 'cannot read --dmesg file nope:txt: ENOENT (no such file)');
  });
});
