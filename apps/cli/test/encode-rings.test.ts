/**
 * Console, pmsg and ftrace inputs larger than their zones, run as the built
 * command: streamed a chunk at a time (a log of several MiB costs one zone
 * of memory), written a line at a time so the ring keeps its last bytes,
 * and refused with --strict, naming the zone's capacity.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pstoreProcess, tmp } from './helpers.ts';

// No ECC: a 4096-byte zone holds 4096 − 12 = 4084 bytes of data.
const PARAMS = 'ramoops.mem_size=0x100000';
const CAPACITY = 4084;

describe('pstore encode: logs longer than their zones', () => {
  it('a 3 MiB console log and a pmsg log of one 2 MiB line keep their last bytes', () => {
    const dir = tmp('rings');
    // Lines of varying length, so that some straddle the 1 MiB read chunks.
    const console = Array.from(
      { length: 70000 },
      (_, i) => `[ ${String(i).padStart(6)}.000000] console ${'c'.repeat(i % 53)}\n`
    ).join('');
    expect(console.length).toBeGreaterThan(3 << 20);
    const pmsg = Array.from({ length: 2 << 20 }, (_, i) => String.fromCharCode(97 + (i % 26))).join(
      ''
    );
    writeFileSync(join(dir, 'console.txt'), console);
    writeFileSync(join(dir, 'pmsg.txt'), pmsg);
    const enc = pstoreProcess(
      [
        'encode',
        '--out',
        'ram.bin',
        '--params',
        PARAMS,
        '--console',
        'console.txt',
        '--pmsg',
        'pmsg.txt'
      ],
      { cwd: dir }
    );
    expect(enc.stderr).toBe('');
    expect(enc.code).toBe(0);
    expect(enc.stdout).toContain(
      `console-ramoops-0: ${CAPACITY} bytes, the last of ${console.length} written line by line`
    );
    expect(enc.stdout).toContain(`pmsg-ramoops-0: ${CAPACITY} bytes, the last of ${pmsg.length}`);
    const dec = pstoreProcess(['decode', 'ram.bin', '--params', PARAMS, '--out', 'out'], {
      cwd: dir
    });
    expect(dec.code).toBe(0);
    expect(readFileSync(join(dir, 'out', 'console-ramoops-0'), 'latin1')).toBe(
      console.slice(-CAPACITY)
    );
    expect(readFileSync(join(dir, 'out', 'pmsg-ramoops-0'), 'latin1')).toBe(pmsg.slice(-CAPACITY));
  });

  it('--strict refuses a console log longer than its zone, naming the capacity', () => {
    const dir = tmp('rings-strict');
    writeFileSync(join(dir, 'console.txt'), 'boot line\n'.repeat(1000));
    const r = pstoreProcess(
      ['encode', '--out', 'ram.bin', '--params', PARAMS, '--console', 'console.txt', '--strict'],
      { cwd: dir }
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'pstore encode: --console console.txt: --strict: 10000 bytes do not fit the console zone, ' +
        `which holds ${CAPACITY} bytes (console_size 4096 less the 12-byte zone header); ` +
        `the ring would keep the last ${CAPACITY}\n`
    );
  });

  it('ftrace records that wrap their zone are noted, and refused with --strict', () => {
    const dir = tmp('ftrace-wrap');
    // 6.12, 64-bit: 24-byte records, 170 fit the 4084-byte zone of CPU 0.
    const lines = Array.from(
      { length: 300 },
      (_, i) => `0 ${(0xffffffff81000000 + i * 16).toString(16)} ffffffff81000000`
    );
    writeFileSync(join(dir, 'trace.txt'), `${lines.join('\n')}\n`);
    const args = ['encode', '--out', 'ram.bin', '--params', PARAMS, '--ftrace', 'trace.txt'];
    const ok = pstoreProcess(args, { cwd: dir });
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('ftrace: 300 record(s) (a zone wrapped');
    const strict = pstoreProcess([...args, '--strict'], { cwd: dir });
    expect(strict.code).toBe(2);
    expect(strict.stderr).toContain(
      `--ftrace trace.txt: --strict: ${300 * 24} bytes of records for ftrace zone 0 do not fit its ${CAPACITY} bytes`
    );
  });
});
