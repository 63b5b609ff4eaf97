import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readKernelCase, skipMessage, vectorsAvailable } from '@pstore/test-vectors';
import { pstore, tmp } from './helpers.ts';

if (!vectorsAvailable) skipMessage();

const panic =
  'Panic#1 Part1\n' +
  Array.from(
    { length: 60 },
    (_, i) => `<0>[   12.${String(i).padStart(6, '0')}] Kernel panic - not syncing: line ${i}\n`
  ).join('');

function roundTrip(kernel: string, params: string, extra: string[] = []) {
  const dir = tmp('enc');
  writeFileSync(join(dir, 'panic.txt'), panic);
  writeFileSync(join(dir, 'oops.txt'), 'Oops#1 Part1\n<4>[    1.000000] BUG: oops\n');
  writeFileSync(
    join(dir, 'console.txt'),
    '[    0.000000] Linux version\n[    1.000000] console line\n'
  );
  writeFileSync(join(dir, 'pmsg.txt'), 'Testing pstore: uuid=1234\n');
  const image = join(dir, 'image.bin');
  const enc = pstore(
    'encode',
    '--out',
    image,
    '--params',
    params,
    '--kernel',
    kernel,
    '--dmesg',
    `${join(dir, 'panic.txt')}:panic:1700000000.123456`,
    '--dmesg',
    `${join(dir, 'oops.txt')}:oops:1700000100`,
    '--console',
    join(dir, 'console.txt'),
    '--pmsg',
    join(dir, 'pmsg.txt'),
    ...extra
  );
  expect(enc.stderr).toBe('');
  expect(enc.code).toBe(0);
  const out = join(dir, 'out');
  const dec = pstore('decode', image, '--params', params, '--kernel', kernel, '--out', out);
  expect(dec.code).toBe(0);
  // decode --out also leaves its marker file (.pstore-ts): only the records count here.
  return {
    dir,
    out,
    files: readdirSync(out)
      .filter((f) => !f.startsWith('.'))
      .sort()
  };
}

describe('pstore encode → decode', () => {
  it.each([
    ['6.12', 'ramoops.mem_size=0x100000 ramoops.ecc=16'],
    ['6.12', 'ramoops.mem_size=0x100000 pstore.compress=none'],
    ['6.1.192', 'ramoops.mem_size=0x100000 ramoops.record_size=0x4000 ramoops.ecc=16'],
    ['5.10', 'ramoops.mem_size=0x40000 ramoops.record_size=0x2000'],
    ['4.9', 'ramoops.mem_size=0x40000 ramoops.ecc=1']
  ])('kernel %s with %s reads back the same records', (kernel, params) => {
    const { out, files } = roundTrip(kernel, params);
    expect(files).toEqual([
      'console-ramoops-0',
      'dmesg-ramoops-0',
      'dmesg-ramoops-1',
      'pmsg-ramoops-0'
    ]);
    const ecc = params.includes('ecc=')
      ? kernel.startsWith('4')
        ? '\nNo errors detected\n'
        : '\nECC: No errors detected\n'
      : '';
    expect(readFileSync(join(out, 'dmesg-ramoops-0'), 'utf8')).toBe(panic + ecc);
    expect(readFileSync(join(out, 'pmsg-ramoops-0'), 'utf8')).toBe(
      'Testing pstore: uuid=1234\n' + ecc
    );
    // 5.4+ readers turn the header's microseconds into nanoseconds; older
    // ones store the microsecond count as nanoseconds (a 4.9 quirk).
    const mtime = statSync(join(out, 'dmesg-ramoops-0')).mtimeMs;
    expect(Math.round(mtime)).toBe(kernel.startsWith('4.') ? 1700000000000 : 1700000000123);
  });

  it.each([
    [
      '6.12',
      'ramoops.mem_size=0x10000 ramoops.console_size=0x1000 ramoops.pmsg_size=0x1000 ramoops.ecc=16'
    ],
    ['5.10', 'ramoops.mem_size=0x10000 ramoops.console_size=0x1000 ramoops.pmsg_size=0x1000']
  ])(
    'kernel %s with %s: console and pmsg longer than their zones wrap, keeping the last bytes',
    (kernel, params) => {
      const dir = tmp('wrap');
      const lines = (what: string, n: number) =>
        Array.from({ length: n }, (_, i) => `${what} line ${i}: ${'x'.repeat(i % 37)}\n`).join('');
      const consoleText = lines('[    1.000000] console', 300);
      const pmsgText = lines('app', 250);
      writeFileSync(join(dir, 'console.txt'), consoleText);
      writeFileSync(join(dir, 'pmsg.txt'), pmsgText);
      const image = join(dir, 'image.bin');
      const enc = pstore(
        'encode',
        '--out',
        image,
        '--params',
        params,
        '--kernel',
        kernel,
        '--console',
        join(dir, 'console.txt'),
        '--pmsg',
        join(dir, 'pmsg.txt')
      );
      expect(enc.stderr).toBe('');
      expect(enc.code).toBe(0);
      // Both rings wrapped: start is past 0 and the summary says so.
      const starts = [...enc.stdout.matchAll(/the ring wrapped: start (\d+)/g)].map((m) =>
        Number(m[1])
      );
      expect(starts).toHaveLength(2);
      for (const start of starts) expect(start).toBeGreaterThan(0);
      const out = join(dir, 'out');
      expect(
        pstore('decode', image, '--params', params, '--kernel', kernel, '--out', out).code
      ).toBe(0);
      const ecc = params.includes('ecc=') ? '\nECC: No errors detected\n' : '';
      // The data capacity of a 0x1000 zone: minus the header, minus parity with ECC 16.
      const capacity = ecc ? 4096 - 12 - 16 * Math.ceil((4096 - 12) / (128 + 16)) - 16 : 4096 - 12;
      const console = readFileSync(join(out, 'console-ramoops-0'), 'utf8');
      const pmsg = readFileSync(join(out, 'pmsg-ramoops-0'), 'utf8');
      expect(console.length - ecc.length).toBeLessThan(consoleText.length);
      expect(console).toBe(
        consoleText.slice(consoleText.length - (console.length - ecc.length)) + ecc
      );
      expect(pmsg).toBe(pmsgText.slice(pmsgText.length - (pmsg.length - ecc.length)) + ecc);
      expect(console.length - ecc.length).toBe(capacity);
    }
  );

  it('ftrace records come back merged per CPU and rendered', () => {
    const dir = tmp('ftrace');
    const input = join(dir, 'trace.txt');
    writeFileSync(
      input,
      '# cpu ip parent ts\n1 ffffffff8101ea64 ffffffff8101bcda 5\n0 ffffffff81000010 ffffffff81000020 3\n'
    );
    const image = join(dir, 'image.bin');
    const params = 'ramoops.mem_size=0x20000 ramoops.ftrace_size=0x2000';
    expect(
      pstore(
        'encode',
        '--out',
        image,
        '--params',
        params,
        '--kernel',
        '6.6.14',
        '--cpus',
        '2',
        '--ftrace',
        input
      ).code
    ).toBe(0);
    const out = join(dir, 'out');
    expect(
      pstore('decode', image, '--params', params, '--kernel', '6.6.14', '--cpus', '2', '--out', out)
        .code
    ).toBe(0);
    expect(readFileSync(join(out, 'ftrace-ramoops-0'), 'utf8')).toBe(
      'CPU:0 ts:3 ffffffff81000010  ffffffff81000020  0xffffffff81000010 <- 0xffffffff81000020\n' +
        'CPU:1 ts:5 ffffffff8101ea64  ffffffff8101bcda  0xffffffff8101ea64 <- 0xffffffff8101bcda\n'
    );
  });

  it.skipIf(!vectorsAvailable)(
    'the records of a real 6.1 ECC-16 deflate dump encode to an image that decodes to the same file',
    () => {
      const c = readKernelCase('debian-6.1-ecc16-deflate');
      const dir = tmp('real');
      const notice = '\nECC: No errors detected\n';
      const text = c.files.get('dmesg-ramoops-0')!.subarray(0, -notice.length);
      writeFileSync(join(dir, 'dmesg.txt'), text);
      const image = join(dir, 'image.bin');
      const enc = pstore(
        'encode',
        '--out',
        image,
        '--params',
        c.cmdline,
        '--kernel',
        '6.1.192',
        '--dmesg',
        `${join(dir, 'dmesg.txt')}:panic:1795785131.715983`
      );
      expect(enc.code).toBe(0);
      expect(enc.stdout).toMatch(/compressed to \d+/);
      const out = join(dir, 'out');
      expect(
        pstore('decode', image, '--params', c.cmdline, '--kernel', '6.1.192', '--out', out).code
      ).toBe(0);
      expect(
        Buffer.compare(readFileSync(join(out, 'dmesg-ramoops-0')), c.files.get('dmesg-ramoops-0')!)
      ).toBe(0);
    }
  );
});
