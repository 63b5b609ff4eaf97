/**
 * `pstore encode --dmesg` with a text longer than the kernel stores, run as
 * the built command: the image holds what pstore_dump() and ramoops would
 * have stored, checked against a model of the kernel written here from
 * fs/pstore/platform.c and fs/pstore/ram.c, not against the implementation.
 *
 * With ramoops.mem_size=0x100000 and the module defaults (record_size 4096,
 * no ECC): bufsize = dump zone 0's data capacity = 4096 − 12 = 4084 (4.20+),
 * record_size 4096 before. big_oops_buf = bufsize × 100 / 60 on 6.6+ (6806),
 * × 100 / 45 for bufsizes 4000–10000 before (9075 on 5.10, 9102 on 4.9).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pstoreProcess, tmp } from './helpers.ts';

const PARAMS = 'ramoops.mem_size=0x100000';
const HEADER = 'Panic#1 Part1\n';
const TIME = '1700000000';
/** "====1700000000.000000-C\n" (4.19+) / "====1700000000.0-C\n" (4.9). */
const hlen = (kernel: string) => (kernel.startsWith('4.') ? 19 : 24);

/** A deterministic generator, so that every run sees the same texts. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Kernel-log lines of varying length: compress well (about 10:1). */
function logLines(n: number): string[] {
  const rnd = prng(1);
  return Array.from({ length: n }, (_, i) => {
    const pad = 'x'.repeat(Math.floor(rnd() * 40));
    return `<4>[ ${String(i >> 6).padStart(5)}.${String((i * 7919) % 1e6).padStart(6, '0')}] worker ${i % 7}: step ${i} ${pad}\n`;
  });
}

/** Lines of random printable characters: deflate cannot shrink them below ~80 %. */
function noiseLines(n: number): string[] {
  const rnd = prng(2);
  return Array.from({ length: n }, () => {
    const len = 20 + Math.floor(rnd() * 70);
    let s = '';
    for (let i = 0; i < len; i++) s += String.fromCharCode(0x21 + Math.floor(rnd() * 94));
    return `${s}\n`;
  });
}

/**
 * kmsg_dump_get_buffer(…, size): the newest whole lines whose total is at
 * most size − 1 (one byte is the NUL record_print_text() writes).
 */
function newestThatFit(lines: readonly string[], size: number): string[] {
  const kept: string[] = [];
  let total = 0;
  for (let i = lines.length - 1; i >= 0; i--) {
    if (total + lines[i]!.length > size - 1) break;
    total += lines[i]!.length;
    kept.unshift(lines[i]!);
  }
  return kept;
}

function run(kernel: string, params: string, text: string, extra: string[] = []) {
  const dir = tmp('dumplim');
  writeFileSync(join(dir, 'panic.txt'), text);
  const image = join(dir, 'ram.bin');
  const enc = pstoreProcess(
    [
      'encode',
      '--out',
      image,
      '--params',
      params,
      '--kernel',
      kernel,
      '--dmesg',
      `panic.txt:panic:${TIME}`,
      ...extra
    ],
    { cwd: dir }
  );
  return { dir, image, enc };
}

/** The dmesg file the kernel shows, read back through `pstore decode` (no ECC, so no notice). */
function readBack(dir: string, image: string, kernel: string, params: string): string {
  const out = join(dir, 'out');
  const dec = pstoreProcess([
    'decode',
    image,
    '--params',
    params,
    '--kernel',
    kernel,
    '--out',
    out
  ]);
  expect(dec.stderr).toBe('');
  expect(dec.code).toBe(0);
  return readFileSync(join(out, 'dmesg-ramoops-0'), 'latin1');
}

describe('pstore encode: a dump longer than the kernel stores', () => {
  it.each([
    ['6.12', 6806, '4084 × 100 / 60', 4084],
    ['5.10', 9075, '4084 × 100 / 45', 4084],
    ['4.9', 9102, '4096 × 100 / 45', 4096]
  ])(
    'kernel %s keeps the newest whole lines that fit big_oops_buf of %i bytes (bufsize %s), compressed',
    (kernel, big, formula, bufsize) => {
      // 1.5 MiB: more than one read chunk, so lines straddle chunk boundaries.
      const lines = logLines(24000);
      const text = HEADER + lines.join('');
      expect(text.length).toBeGreaterThan(1 << 20);
      const { dir, image, enc } = run(kernel, PARAMS, text);
      expect(enc.stderr).toBe('');
      expect(enc.code).toBe(0);
      const kept = newestThatFit(lines, big - HEADER.length);
      const keptBytes = kept.join('').length;
      // The model keeps as much as fits: one more line would not.
      expect(keptBytes + lines[lines.length - kept.length - 1]!.length).toBeGreaterThan(
        big - HEADER.length - 1
      );
      expect(readBack(dir, image, kernel, PARAMS)).toBe(HEADER + kept.join(''));
      const leftBytes = text.length - HEADER.length - keptBytes;
      const leftLines = lines.length - kept.length;
      expect(enc.stdout).toContain(
        `left out the oldest ${leftBytes} bytes (${leftLines} lines) of the ${text.length - HEADER.length}-byte log`
      );
      expect(enc.stdout).toContain(`big_oops_buf of ${big} bytes = bufsize ${formula}`);
      expect(enc.stdout).toContain(
        `bufsize: ${bufsize === 4084 ? "dump zone 0's data capacity" : 'record_size'}`
      );
      expect(enc.stdout).toMatch(
        new RegExp(`dmesg-ramoops-0: ${HEADER.length + keptBytes} bytes .*compressed to \\d+`)
      );
    }
  );

  it('compression off: psinfo->buf of bufsize bytes, then ramoops cuts the record to its zone', () => {
    // 13 lines of 313 bytes fill kmsg_dump_get_buffer's 4084 − 14 − 1 = 4069
    // bytes exactly: the record is 4083 bytes, 23 more than the 4084 − 24 the
    // zone holds after "====1700000000.000000-D\n", so its newest 23 are cut.
    const lines = Array.from(
      { length: 40 },
      (_, i) => `<6>[    1.${String(i).padStart(6, '0')}] ${'y'.repeat(313 - 19)}\n`
    );
    expect(lines[0]!.length).toBe(313);
    const params = `${PARAMS} pstore.compress=none`;
    const { dir, image, enc } = run('6.12', params, HEADER + lines.join(''));
    expect(enc.stderr).toBe('');
    expect(enc.code).toBe(0);
    const record = HEADER + newestThatFit(lines, 4084 - HEADER.length).join('');
    expect(record.length).toBe(4083);
    expect(readBack(dir, image, '6.12', params)).toBe(record.slice(0, 4084 - 24));
    expect(enc.stdout).toContain('psinfo->buf of 4084 bytes');
    expect(enc.stdout).toContain('compression is off');
    expect(enc.stdout).toContain(
      'ramoops_pstore_write() cut the last 23 bytes of the 4083-byte record: dump zone 0 holds 4084 bytes, 24 of them'
    );
    expect(enc.stdout).not.toContain('compressed to');
  });

  it('6.6+: when compression fails the first bufsize bytes of big_oops_buf are stored (the oldest text)', () => {
    const lines = noiseLines(400);
    const { dir, image, enc } = run('6.12', PARAMS, HEADER + lines.join(''));
    expect(enc.stderr).toBe('');
    expect(enc.code).toBe(0);
    const record = HEADER + newestThatFit(lines, 6806 - HEADER.length).join('');
    // pstore_dump(): record.size = bufsize, memcpy(psinfo->buf, big_oops_buf, bufsize);
    // then ramoops keeps 4084 − 24 bytes of it.
    expect(readBack(dir, image, '6.12', PARAMS)).toBe(record.slice(0, 4084).slice(0, 4060));
    expect(enc.stdout).toContain('compression failed');
    expect(enc.stdout).toContain(`the newest ${record.length - 4084} bytes are left out`);
  });

  it('up to 6.5: when compression fails the header and the newest text that fits bufsize are stored', () => {
    const lines = noiseLines(400);
    const { dir, image, enc } = run('5.10', PARAMS, HEADER + lines.join(''));
    expect(enc.stderr).toBe('');
    expect(enc.code).toBe(0);
    const record = HEADER + newestThatFit(lines, 9075 - HEADER.length).join('');
    // copy_kmsg_to_buffer(): header + the last bufsize − header bytes, cut mid-line.
    const copied = HEADER + record.slice(record.length - (4084 - HEADER.length));
    expect(readBack(dir, image, '5.10', PARAMS)).toBe(copied.slice(0, 4060));
    expect(enc.stdout).toContain('copy_kmsg_to_buffer()');
  });

  it('4.9 with ECC: a compressed record the zone would cut is shortened until it fits, and says so', () => {
    // record_size 4096 is bufsize, but ECC leaves the zone 3604 bytes of data:
    // streams of 3586..4096 bytes would be cut by ramoops_pstore_write().
    const rnd = prng(7);
    const lines = Array.from({ length: 600 }, (_, i) => {
      if (rnd() < 0.6) {
        return `<4>[   ${i >> 6}.${String((i * 7919) % 1e6).padStart(6, '0')}] call trace entry ${i % 13}\n`;
      }
      let s = '';
      const len = 30 + Math.floor(rnd() * 50);
      for (let j = 0; j < len; j++) s += '0123456789abcdef'[Math.floor(rnd() * 16)];
      return `${s}\n`;
    });
    const params = `${PARAMS} ramoops.ecc=16`;
    const { dir, image, enc } = run('4.9', params, HEADER + lines.join(''));
    expect(enc.stderr).toBe('');
    expect(enc.code).toBe(0);
    const m =
      /left out (\d+) more lines \((\d+) bytes\) so that the compressed record fits: it took (\d+) bytes, more than the (\d+) bytes dump zone 0 holds/.exec(
        enc.stdout
      );
    expect(m).not.toBeNull();
    const [more, moreBytes, took, room] = m!.slice(1).map(Number) as [
      number,
      number,
      number,
      number
    ];
    expect(room).toBe(3604 - hlen('4.9'));
    expect(took).toBeGreaterThan(room);
    const kept = newestThatFit(lines, 9102 - HEADER.length);
    const fewer = kept.slice(more);
    expect(kept.slice(0, more).join('').length).toBe(moreBytes);
    const shown = readBack(dir, image, '4.9', params);
    expect(shown).toBe(`${HEADER}${fewer.join('')}\nNo errors detected\n`);
    const size = Number(/compressed to (\d+)/.exec(enc.stdout)![1]);
    expect(size).toBeLessThanOrEqual(room);
  });

  it('--strict refuses instead, naming the limit, and writes nothing', () => {
    const lines = logLines(3000);
    const { image, enc } = run('6.12', PARAMS, HEADER + lines.join(''), ['--strict']);
    expect(enc.code).toBe(2);
    expect(enc.stdout).toBe('');
    expect(enc.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(enc.stderr).toContain('--dmesg panic.txt: --strict: left out the oldest');
    expect(enc.stderr).toContain('big_oops_buf of 6806 bytes = bufsize 4084 × 100 / 60');
    expect(enc.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(image)).toBe(false);
  });

  it('--strict takes a dump that fits whole, and the file reads back unchanged', () => {
    const lines = logLines(40);
    const text = HEADER + lines.join('');
    const { dir, image, enc } = run('6.12', PARAMS, text, ['--strict']);
    expect(enc.stderr).toBe('');
    expect(enc.code).toBe(0);
    expect(enc.stdout).not.toContain('left out');
    expect(readBack(dir, image, '6.12', PARAMS)).toBe(text);
  });

  it('a newest line longer than the whole buffer is refused, naming the buffer', () => {
    const { image, enc } = run('6.12', `${PARAMS} pstore.compress=none`, 'z'.repeat(5000));
    expect(enc.code).toBe(2);
    expect(enc.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(enc.stderr).toContain(
      'not even the newest line (5000 bytes) fits the 4083 bytes of text kmsg_dump_get_buffer() can put in psinfo->buf of 4084 bytes'
    );
    expect(existsSync(image)).toBe(false);
  });
});
