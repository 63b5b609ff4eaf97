/**
 * Pipes and streams as a shell user meets them: a reader that goes away,
 * standard input as the image, images much larger than their region, .gz,
 * JSON with the records' bytes, colours only on a terminal.
 */
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import {
  closeSync,
  createWriteStream,
  openSync,
  readFileSync,
  writeFileSync,
  writeSync
} from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip, gzipSync } from 'node:zlib';
import { readKernelCase, vectorsAvailable } from '@pstore/test-vectors';
import { describe, expect, it } from 'vitest';
import { gzipDump, PSTORE_BIN, pstore, pstoreProcess, tmp, withPeakRss } from './helpers.ts';

const MiB = 1 << 20;

const dir = tmp('streams');
const panic = join(dir, 'panic.txt');
writeFileSync(panic, 'Panic#1 Part1\n<0>[   12.000000] Kernel panic - not syncing: test\n');
const img = join(dir, 'ram.bin');
expect(pstore('encode', '--out', img, '--dmesg', `${panic}:panic:1700000000`).code).toBe(0);
const region = readFileSync(img);

/**
 * The built command run with a preload that reports the process's peak
 * resident memory (getrusage's ru_maxrss) on stderr's last line.
 */
function withMaxRss(args: string[]): { code: number | null; stderr: string; maxRssMB: number } {
  const report =
    "data:text/javascript,process.on('exit',()=>process.stderr.write('maxrss '+process.resourceUsage().maxRSS+'\\n'))";
  const r = spawnSync(process.execPath, ['--import', report, PSTORE_BIN, ...args], {
    encoding: 'utf8',
    timeout: 60_000
  });
  const m = /maxrss (\d+)\n$/.exec(r.stderr);
  expect(m, r.stderr).not.toBeNull();
  return {
    code: r.status,
    stderr: r.stderr.slice(0, m!.index),
    maxRssMB: Number(m![1]) / 1024
  };
}

/** `sh -c` with pipefail semantics reported: the exit code of pstore, and its stderr. */
function piped(pipeline: string): { code: number; stderr: string; stdout: string } {
  const r = spawnSync('bash', ['-c', `${pipeline}; exit \${PIPESTATUS[0]}`], {
    encoding: 'utf8',
    env: { ...process.env, P: PSTORE_BIN, NO_COLOR: '' }
  });
  return { code: r.status ?? -1, stderr: r.stderr, stdout: r.stdout };
}

describe('a reader that goes away ends the command quietly', () => {
  it('layout --all | head -1', () => {
    const r = piped('node "$P" layout --mem-size 64M --all | head -1');
    expect(r.stdout).toMatch(/^ramoops layout: /);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
  it('decode --json | head -c 100', () => {
    const r = piped(`node "$P" decode ${img} --json --content | head -c 100`);
    expect(r.stdout).toHaveLength(100);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});

describe('IMAGE is -: standard input', () => {
  it('decodes the same as the file', () => {
    const fromFile = pstoreProcess(['decode', img, '--json']);
    const fromStdin = pstoreProcess(['decode', '-', '--json'], { input: region });
    expect(fromStdin.code).toBe(0);
    expect(JSON.parse(fromStdin.stdout)).toEqual(JSON.parse(fromFile.stdout));
  });
  it('an empty standard input is named', () => {
    const r = pstoreProcess(['decode', '-']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/image standard input is empty \(0 bytes\)/);
  });
  it('a file named - is reached as ./-', () => {
    writeFileSync(join(dir, '-'), region);
    expect(pstoreProcess(['decode', './-'], { cwd: dir }).code).toBe(0);
  });
});

describe('only the bytes of the region are read', () => {
  it('a region at --offset 5 GiB in a 6 GiB sparse dump (more than Node can read whole)', () => {
    const big = join(dir, 'whole-ram.bin');
    const fd = openSync(big, 'w');
    writeSync(fd, region, 0, region.length, 5 * 1024 ** 3);
    writeSync(fd, new Uint8Array(1), 0, 1, 6 * 1024 ** 3 - 1);
    closeSync(fd);
    const r = pstoreProcess(['decode', big, '--offset', '5G', '--mem-size', '1M', '--json']);
    expect(r.stderr).toBe('');
    const j = JSON.parse(r.stdout) as { records: { name: string }[] };
    expect(j.records.map((x) => x.name)).toEqual(['dmesg-ramoops-0']);
  });
  it('a device that never ends (/dev/zero) is read as far as the region', () => {
    const r = pstoreProcess(['decode', '/dev/zero', '--mem-size', '1M', '--json'], {
      timeoutMs: 20_000
    });
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { records: unknown[] }).records).toEqual([]);
  });
  it('a gzip bomb (512 MiB of zeros in 0.5 MiB) is expanded only as far as the region', async () => {
    const bomb = join(dir, 'bomb.bin.gz');
    const gz = createGzip({ level: 1 });
    const done = pipeline(gz, createWriteStream(bomb));
    const zeros = new Uint8Array(64 * 1024 * 1024);
    for (let i = 0; i < 8; i++) {
      if (!gz.write(zeros)) await once(gz, 'drain');
    }
    gz.end();
    await done;
    const r = withMaxRss(['decode', bomb, '--mem-size', '1M', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // Node alone takes ~60 MB; inflating the whole bomb would take over 512.
    expect(r.maxRssMB).toBeLessThan(200);
  });
  it('without mem_size, an endless device is read up to a limit and refused, naming it', () => {
    const r = withMaxRss(['decode', '/dev/zero']);
    expect(r.code).toBe(2);
    // The 256 MiB read, and at most one buffer it grew from: proportional to what it read.
    expect(r.maxRssMB).toBeLessThan(700);
    expect(r.stderr).toMatch(
      /image \/dev\/zero goes on beyond 268435456 bytes \(0x10000000\) and nothing says how large the ramoops region is: give --mem-size/
    );
  }, 120_000);
  it('probe reads a stream to its end in one window of memory (no header: exit 3, the size named)', () => {
    const r = withPeakRss(['probe', '-'], 'head -c 629145600 /dev/zero');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(
      /standard input: unknown: no ramoops zone header \(signature 0x43474244, or an ftrace zone's\) in the 629145600 bytes of the image/
    );
    // One 256 MiB window and Node: not the 600 MiB the stream held.
    expect(r.peakMB).toBeLessThan(400);
  }, 120_000);
  it('a region 900 MiB into a .gz RAM dump: only the region is held, with or without mem_size', async () => {
    const at = 900 * MiB;
    const gz = await gzipDump(join(dir, 'ram-1g.bin.gz'), at + region.length, [[at, region]]);
    // The region ends the dump: without --mem-size it is the rest of the stream.
    for (const extra of [['--mem-size', String(region.length)], []]) {
      const want = JSON.parse(pstoreProcess(['decode', img, '--json', ...extra]).stdout) as unknown;
      const r = withPeakRss(['decode', gz, '--offset', String(at), '--json', ...extra]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual(want);
      // Holding what lies before it would take over 900 MB.
      expect(r.peakMB).toBeLessThan(200);
    }
  }, 120_000);
  it('without mem_size, a stream is read up to the limit past --offset, and the message names both', () => {
    const r = pstoreProcess(['decode', '/dev/zero', '--offset', '1G'], { timeoutMs: 60_000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /image \/dev\/zero goes on beyond 268435456 bytes \(0x10000000\) past --offset 0x40000000 and nothing says how large the ramoops region is: give --mem-size/
    );
  }, 120_000);
  it('a .gz image decodes like the plain one', () => {
    const gz = join(dir, 'ram.bin.gz');
    writeFileSync(gz, gzipSync(region));
    const a = pstoreProcess(['decode', gz, '--json']);
    const b = pstoreProcess(['decode', img, '--json']);
    expect(a.code).toBe(0);
    expect(JSON.parse(a.stdout)).toEqual(JSON.parse(b.stdout));
  });
  describe('a .gz cut short (a download or a dump interrupted)', () => {
    // The region at 3 MiB, then 2 MiB that do not compress; the file cut 1 MiB before its end.
    const at = 3 * MiB;
    const ram = new Uint8Array(at + region.length + 2 * MiB);
    ram.set(region, at);
    let seed = 1;
    for (let i = at + region.length; i < ram.length; i++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      ram[i] = seed >>> 24;
    }
    const whole = gzipSync(ram);
    const cut = join(dir, 'cut.bin.gz');
    writeFileSync(cut, whole.subarray(0, whole.length - MiB));
    const plain = join(dir, 'cut-plain.bin');
    writeFileSync(plain, ram);

    it('probe finds the region before the cut and says where the image ends, exit 0', () => {
      const r = pstoreProcess(['probe', cut]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/#1 .* region at offset 0x300000/);
      expect(r.stdout).toMatch(
        new RegExp(
          `note: image .*cut\\.bin\\.gz is a truncated gzip file: its ${whole.length - MiB} byte\\(s\\) end \\d+ \\(0x[0-9a-f]+\\) bytes into the image: what came before the cut was probed`
        )
      );
      const j = JSON.parse(pstoreProcess(['probe', cut, '--json']).stdout) as { notes: string[] };
      expect(j.notes).toHaveLength(1);
    });
    it('decode --auto reads the region before the cut as from the whole file', () => {
      const a = pstoreProcess(['decode', cut, '--auto', '--json']);
      expect(a.stderr).toBe('');
      const b = pstoreProcess(['decode', plain, '--auto', '--json']);
      expect(JSON.parse(a.stdout)).toEqual(JSON.parse(b.stdout));
    });
    it('a read that needs bytes past the cut names the cut, exit 2', () => {
      const r = pstoreProcess(['decode', cut, '--offset', '5M', '--mem-size', '1M']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(
        /cut\.bin\.gz is a truncated gzip file: its \d+ byte\(s\) end \d+ \(0x[0-9a-f]+\) bytes into the image; the read needs the bytes up to 0x600000\n$/
      );
      // Without mem_size the region would be the rest of the image: up to a cut, refused.
      const all = pstoreProcess(['decode', cut]);
      expect(all.code).toBe(2);
      expect(all.stderr).toMatch(/is a truncated gzip file: .*: give --mem-size N/);
    });
    it('one byte of gzip is a truncated file; an empty one is empty', () => {
      writeFileSync(join(dir, 'one.bin.gz'), whole.subarray(0, 1));
      writeFileSync(join(dir, 'none.bin.gz'), new Uint8Array(0));
      expect(pstoreProcess(['decode', join(dir, 'one.bin.gz')]).stderr).toMatch(
        /one\.bin\.gz is a truncated gzip file: its 1 byte\(s\) end 0 \(0x0\) bytes into the image/
      );
      expect(pstoreProcess(['decode', join(dir, 'none.bin.gz')]).stderr).toMatch(
        /none\.bin\.gz is empty \(0 bytes\)/
      );
    });
  });
  it('a .gz that is not gzip data is named', () => {
    const bad = join(dir, 'bad.bin.gz');
    writeFileSync(bad, region);
    const r = pstoreProcess(['decode', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.bin\.gz ends in \.gz but is not gzip data/);
  });
  it('a directory as IMAGE is named', () => {
    const r = pstoreProcess(['decode', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is a directory, not a RAM image/);
  });
});

describe('--json --content', () => {
  it('gives each record its bytes: text as UTF-8', () => {
    const r = pstoreProcess(['decode', img, '--json', '--content']);
    const j = JSON.parse(r.stdout) as {
      records: { name: string; content: { encoding: string; data: string } }[];
    };
    expect(j.records[0]!.content).toEqual({
      encoding: 'utf8',
      // The default board has ECC on: the kernel appends its notice.
      data: `${readFileSync(panic, 'utf8')}\nECC: No errors detected\n`
    });
  });
  it('--content without --json is refused', () => {
    const r = pstoreProcess(['decode', img, '--content']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--content goes with --json/);
  });
  it.skipIf(!vectorsAvailable)(
    'a dump the kernel cannot inflate (real 6.1 deflate image read with compression off): base64 of the .enc.z',
    () => {
      const c = readKernelCase('debian-6.1-ecc0-deflate');
      const path = join(dir, 'kernel.bin');
      writeFileSync(path, c.image);
      const r = pstoreProcess([
        'decode',
        path,
        '--params',
        `${c.cmdline} pstore.compress=none`,
        '--kernel',
        '6.1.192',
        '--json',
        '--content'
      ]);
      expect(r.stderr).toBe('');
      const j = JSON.parse(r.stdout) as {
        records: {
          name: string;
          compressed: boolean;
          stillCompressed: boolean;
          content: { encoding: string; data: string };
        }[];
      };
      const enc = j.records.find((x) => x.name === 'dmesg-ramoops-0.enc.z')!;
      expect(enc).toMatchObject({ compressed: true, stillCompressed: true });
      expect(enc.content.encoding).toBe('base64');
      // The kernel's file with the deflated dump is the one our inflating read expands.
      const inflated = c.files.get('dmesg-ramoops-0')!;
      const raw = Buffer.from(enc.content.data, 'base64');
      expect(raw.length).toBeLessThan(inflated.length);
    }
  );
});

describe('conventions', () => {
  it('--version and -V print the version', () => {
    for (const flag of ['--version', '-V']) {
      const r = pstoreProcess([flag]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^pstore \d+\.\d+\.\d+ \(pstore-ts: .*4\.9–6\.12\)\n$/);
    }
  });
  it('pstore help decode shows decode’s help', () => {
    const r = pstoreProcess(['help', 'decode']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^usage: pstore decode IMAGE/);
  });
  it('no command: the usage on stderr, exit 2', () => {
    const r = pstoreProcess([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^usage: pstore <command>/);
  });
  it('colours: none in a pipe, on with FORCE_COLOR, off again with NO_COLOR', () => {
    expect(pstoreProcess(['decode', img]).stdout).not.toMatch(/\x1b\[/);
    const forced = pstoreProcess(['decode', img], { env: { FORCE_COLOR: '1' } }).stdout;
    expect(forced).toMatch(/\x1b\[32mrecord\x1b\[0m/);
    // Colour escapes do not break the table's columns.
    const rows = forced.split('\n').filter((l) => l.startsWith('dmesg'));
    const plainRows = pstoreProcess(['decode', img])
      .stdout.split('\n')
      .filter((l) => l.startsWith('dmesg'));
    expect(rows.map((l) => l.replace(/\x1b\[[0-9;]*m/g, ''))).toEqual(plainRows);
    const both = pstoreProcess(['decode', img], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } });
    expect(both.stdout).not.toMatch(/\x1b\[/);
  });
});
