/**
 * record_size=0 (no dump zones) through the built command: the kernels that
 * run without dump zones encode and decode (no compression buffers, no
 * dmesg), those whose probe dereferences dprzs[0] are refused with that
 * reason.
 * Kernel counterpart: fs/pstore/ram.c ramoops_probe(), 8880fa32c557
 * "pstore/ram: Run without kernel crash dump region".
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pstoreProcess, tmp } from './helpers.ts';

const PARAMS = 'ramoops.mem_size=0x10000 ramoops.record_size=0';

describe('pstore with no dump zones', () => {
  it.each(['4.9', '4.19', '5.10', '6.1', '6.12'])(
    '%s: encodes console and pmsg and decodes them back',
    (kernel) => {
      const dir = tmp('nodump');
      writeFileSync(join(dir, 'console.txt'), '[    1.000000] console line\n');
      writeFileSync(join(dir, 'pmsg.txt'), 'Testing pstore: uuid=7\n');
      const image = join(dir, 'ram.bin');
      const enc = pstoreProcess([
        'encode',
        '--out',
        image,
        '--params',
        PARAMS,
        '--kernel',
        kernel,
        '--console',
        join(dir, 'console.txt'),
        '--pmsg',
        join(dir, 'pmsg.txt')
      ]);
      expect(enc.stderr).toBe('');
      expect(enc.code).toBe(0);
      const out = join(dir, 'out');
      const dec = pstoreProcess([
        'decode',
        image,
        '--params',
        PARAMS,
        '--kernel',
        kernel,
        '--out',
        out
      ]);
      expect(dec.stderr).toBe('');
      expect(dec.code).toBe(0);
      expect(dec.stdout).toMatch(/0 dump zone\(s\)/);
      expect(readFileSync(join(out, 'console-ramoops-0'), 'utf8')).toBe(
        '[    1.000000] console line\n'
      );
      expect(readFileSync(join(out, 'pmsg-ramoops-0'), 'utf8')).toBe('Testing pstore: uuid=7\n');
    }
  );

  it('refuses a dump to store with no dump zone for it', () => {
    const dir = tmp('nodump-dmesg');
    writeFileSync(join(dir, 'd.txt'), 'Panic#1 Part1\n');
    const r = pstoreProcess([
      'encode',
      '--out',
      join(dir, 'o.bin'),
      '--params',
      PARAMS,
      '--dmesg',
      join(dir, 'd.txt')
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/0 dump zone/);
  });

  it.each(['4.19.10', '5.0', '5.1.7'])(
    '%s: refused, as that kernel oopses in its probe',
    (kernel) => {
      const config = ['--params', PARAMS, '--kernel', kernel];
      for (const args of [
        ['layout', ...config],
        ['encode', '--out', '/dev/null', ...config]
      ]) {
        const r = pstoreProcess(args);
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(
          /cannot run without dump zones .* ramoops_probe\(\) takes bufsize from dprzs\[0\], a NULL pointer here, and oopses at boot/
        );
      }
    }
  );
});
