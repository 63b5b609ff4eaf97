/**
 * `pstore probe` and `pstore decode --auto` on the images real 6.1.192
 * kernels wrote (vectors/kernel): the parameters of each case are recovered
 * exactly, inside a larger RAM dump too, and --auto alone gives the files
 * the kernel showed. Bad input gets one line and exit 2; an image with no
 * ramoops zone in it, exit 3 with the reason.
 * Kernel counterpart: fs/pstore/ram.c ramoops_probe() (what probe inverts).
 */
import {
  closeSync,
  ftruncateSync,
  openSync,
  readFileSync,
  writeFileSync,
  writeSync
} from 'node:fs';
import { join } from 'node:path';
import {
  kernelCaseNames,
  readKernelCase,
  skipMessage,
  vectorsAvailable
} from '@pstore/test-vectors';
import { describe, expect, it } from 'vitest';
import {
  decodeCaseOut,
  expectFiles,
  expectRefused,
  gzipDump,
  kernelCaseImage,
  pstore,
  tmp,
  withPeakRss
} from './helpers.ts';

if (!vectorsAvailable) skipMessage();

interface ProbeJson {
  candidates: {
    params: string;
    kernel: string;
    decodeKernel: string;
    offset: number;
    confidence: number;
    evidence: string[];
    dts: string;
  }[];
  unknown: string | null;
}

/** The ramoops.* words of a case's command line, as probe writes them (hex sizes, ECC as bytes). */
function layoutWords(params: Record<string, string>): string {
  const n = (k: string) => Number(params[`ramoops.${k}`] ?? 0);
  const hex = (v: number) => `0x${v.toString(16)}`;
  return [
    `ramoops.mem_size=${hex(n('mem_size'))}`,
    `ramoops.record_size=${hex(n('record_size'))}`,
    `ramoops.console_size=${hex(n('console_size'))}`,
    `ramoops.ftrace_size=${hex(n('ftrace_size'))}`,
    `ramoops.pmsg_size=${hex(n('pmsg_size'))}`,
    `ramoops.ecc=${n('ecc') === 1 ? 16 : n('ecc')}`
  ].join(' ');
}

describe.skipIf(!vectorsAvailable)('pstore probe on real kernel images (issue 13)', () => {
  it.each(kernelCaseNames())('%s: the parameters and the kernel, recovered exactly', (name) => {
    const c = readKernelCase(name);
    const image = join(tmp('probe'), 'image.bin');
    writeFileSync(image, c.image);
    const r = pstore('probe', image, '--json', '--mem-address', c.params['ramoops.mem_address']!);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const best = (JSON.parse(r.stdout) as ProbeJson).candidates[0]!;
    expect(best.params).toBe(
      `ramoops.mem_address=${c.params['ramoops.mem_address']} ${layoutWords(c.params)}`
    );
    expect(best).toMatchObject({
      kernel: '6.1.192',
      decodeKernel: '6.1.192',
      offset: 0,
      confidence: 1
    });
    expect(best.dts).toContain(`reg = <0x0 ${c.params['ramoops.mem_address']} 0x0 0x100000>;`);
  });

  it.each(kernelCaseNames())(
    '%s: decode --auto alone gives exactly the files the kernel showed',
    (name) => {
      const c = kernelCaseImage(name);
      const r = decodeCaseOut(c.path, '--auto');
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout.split('\n')[0]).toMatch(
        /^auto: --params 'ramoops\.mem_size=0x100000 .*' --kernel 6\.1\.192 \(confidence 1\.00; /
      );
      expectFiles(r.out, c.files);
    }
  );

  it.each(kernelCaseNames())(
    '%s in a larger RAM dump, with zeros, another region, or one 1 MiB on after it: its own parameters, and decode --auto gives its files',
    (name) => {
      const c = readKernelCase(name);
      // Another kernel's region, with the other ECC setting: its zones are not this region's.
      const other = readKernelCase(
        c.params['ramoops.ecc'] === '0' ? 'custom-6.1-ecc16-all' : 'custom-6.1-ecc0-all'
      );
      // At 0 too: the dump then starts with the region, and the image's end is not the region's.
      for (const [at, gap] of [
        [0x1a3000, null],
        [0x1a3000, 0],
        [0x1a3000, 0x100000],
        [0, 0x1000]
      ] as const) {
        const ram = new Uint8Array(at + 2 * c.image.length + (gap ?? 0));
        for (let i = 0; i < ram.length; i += 4096) ram[i] = i >>> 12; // not all zeros
        ram.set(c.image, at);
        if (gap !== null) ram.set(other.image, at + c.image.length + gap);
        const image = join(tmp('ram'), 'ram.bin');
        writeFileSync(image, ram);
        const what = `${name} at ${at}, ${gap === null ? 'nothing' : `another region ${gap} bytes`} after`;
        const j = JSON.parse(pstore('probe', image, '--json').stdout) as ProbeJson;
        const best = j.candidates[0]!;
        expect(best, what).toMatchObject({ offset: at, kernel: '6.1.192' });
        // Without ECC the last zone's end is not in the image: the size that makes mem_size 1 MiB.
        expect(best.params, what).toBe(layoutWords(c.params));
        if (gap !== null) {
          expect(best.evidence.join('\n'), what).toMatch(
            /62 zone header\(s\) from 0x[0-9a-f]+ on are not this region's: another region follows/
          );
        }
        const r = decodeCaseOut(image, '--auto');
        expect(r.code, what).toBe(0);
        expectFiles(r.out, c.files);
      }
    }
  );

  it('finds the region inside a larger RAM dump, and decode --auto reads it there', () => {
    const c = readKernelCase('custom-6.1-ecc16-all');
    const ram = new Uint8Array(0x400000);
    for (let i = 0; i < ram.length; i += 4096) ram[i] = i >>> 12; // not all zeros
    ram.set(c.image, 0x1a3000);
    const image = join(tmp('ram'), 'ram.bin');
    writeFileSync(image, ram);
    const j = JSON.parse(pstore('probe', image, '--json').stdout) as ProbeJson;
    const best = j.candidates[0]!;
    expect(best.offset).toBe(0x1a3000);
    expect(best.params).toBe(layoutWords(c.params));
    expect(best.evidence.join('\n')).toMatch(
      /mem_size 0x100000: the last zone ends at 0xfffce, rounded up to a 4 KiB page/
    );
    const auto = JSON.parse(pstore('decode', image, '--auto', '--json').stdout) as {
      auto: { offset: number; kernel: string };
      records: { name: string }[];
    };
    expect(auto.auto).toMatchObject({ offset: 0x1a3000, kernel: '6.1.192' });
    expect(auto.records.map((r) => r.name).sort()).toEqual([...c.files.keys()].sort());
  });
});

describe.skipIf(!vectorsAvailable)('pstore probe on a whole-RAM dump larger than 256 MiB', () => {
  /** A sparse file of `size` bytes with `parts` written at their offsets (the rest reads as zeros). */
  function sparse(name: string, size: number, parts: [number, Uint8Array][]): string {
    const path = join(tmp('big-ram'), name);
    const fd = openSync(path, 'w');
    try {
      ftruncateSync(fd, size);
      for (const [at, bytes] of parts) writeSync(fd, bytes, 0, bytes.length, at);
    } finally {
      closeSync(fd);
    }
    return path;
  }
  /** 12 bytes that look like a zone header (PERSISTENT_RAM_SIG, start 0, size 16): no layout. */
  const stray = Uint8Array.of(0x44, 0x42, 0x47, 0x43, 0, 0, 0, 0, 16, 0, 0, 0);
  const MiB = 1 << 20;

  it('finds the region past the first 256 MiB, after stray headers, and decode --auto reads it', () => {
    const c = readKernelCase('custom-6.1-ecc16-all');
    const at = 700 * MiB + 0x3000;
    const strays: [number, Uint8Array][] = [5, 300, 301, 650].map((m) => [m * MiB + 7, stray]);
    const image = sparse('ram-1g.bin', 1024 * MiB, [...strays, [at, c.image]]);
    const j = JSON.parse(pstore('probe', image, '--json').stdout) as ProbeJson;
    const best = j.candidates[0]!;
    expect(best.offset).toBe(at);
    expect(best.params).toBe(layoutWords(c.params));
    expect(best.kernel).toBe('6.1.192');
    // The evidence names the file's offsets, and mem_size comes from the zones, not the file's end.
    expect(best.evidence.join('\n')).toContain(`the region starts at 0x${at.toString(16)}`);
    expect(best.evidence.join('\n')).not.toContain('the image is the region');
    const auto = JSON.parse(pstore('decode', image, '--auto', '--json').stdout) as {
      auto: { offset: number };
      records: { name: string }[];
    };
    expect(auto.auto.offset).toBe(at);
    expect(auto.records.map((r) => r.name).sort()).toEqual([...c.files.keys()].sort());
  });

  it('finds it in a gzipped dump and in a stream, read forward in one window of memory', async () => {
    const c = readKernelCase('custom-6.1-ecc16-all');
    const at = 700 * MiB + 0x3000;
    const strays: [number, Uint8Array][] = [5, 300, 301, 650].map((m) => [m * MiB + 7, stray]);
    const gz = await gzipDump(join(tmp('big-ram'), 'ram-1g.bin.gz'), 1024 * MiB, [
      ...strays,
      [at, c.image]
    ]);
    for (const [args, stdin] of [
      [['probe', gz, '--json'], undefined],
      [['probe', '-', '--json'], `gzip -dc '${gz}'`]
    ] as const) {
      const r = withPeakRss(args, stdin);
      expect(r.stderr).toBe('');
      const best = (JSON.parse(r.stdout) as ProbeJson).candidates[0]!;
      expect(best.offset).toBe(at);
      expect(best.params).toBe(layoutWords(c.params));
      expect(best.kernel).toBe('6.1.192');
      // One 256 MiB window and Node, not the 700 MiB before the region.
      expect(r.peakMB).toBeLessThan(450);
    }
    // --auto reads the .gz twice (probe, then the region at the offset found): the kernel's files.
    const { out, code } = decodeCaseOut(gz, '--auto');
    expect(code).toBe(0);
    expectFiles(out, c.files);
  }, 120_000);

  it("a window that reaches the dump's end past the region takes mem_size from the zones", () => {
    const c = readKernelCase('custom-6.1-ecc16-all');
    const at = 500 * MiB;
    const image = sparse('ram-tail.bin', 600 * MiB, [[at, c.image]]);
    const best = (JSON.parse(pstore('probe', image, '--json').stdout) as ProbeJson).candidates[0]!;
    expect(best.offset).toBe(at);
    expect(best.params).toBe(layoutWords(c.params));
    expect(best.evidence.join('\n')).toMatch(
      /mem_size 0x100000: the last zone ends at 0xfffce, rounded up to a 4 KiB page/
    );
  });

  it('with --offset, takes the region from there, its end from its zones', () => {
    const c = readKernelCase('custom-6.1-ecc16-all');
    const at = 400 * MiB;
    const image = sparse('ram-offset.bin', 800 * MiB, [[at, c.image]]);
    const j = JSON.parse(
      pstore('probe', image, '--offset', `0x${at.toString(16)}`, '--json').stdout
    ) as ProbeJson;
    expect(j.candidates[0]!.offset).toBe(at);
    expect(j.candidates[0]!.params).toBe(layoutWords(c.params));
    expect(j.candidates[0]!.evidence.join('\n')).not.toContain('the image is the region');
  });

  it('says it scanned the whole image when no header is anywhere in it, exit 3', () => {
    const image = sparse('ram-empty.bin', 600 * MiB, []);
    const r = pstore('probe', image);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(
      /unknown: no ramoops zone header \(signature 0x43474244, or an ftrace zone's\) in the 629145600 bytes of the image/
    );
  });

  it('offers only weak candidates, saying why, when stray headers are all there is', () => {
    const image = sparse('ram-strays.bin', 600 * MiB, [
      [3 * MiB, stray],
      [500 * MiB + 1, stray]
    ]);
    const j = JSON.parse(pstore('probe', image, '--json').stdout) as ProbeJson;
    expect(j.candidates.length).toBeGreaterThan(0);
    for (const c of j.candidates) {
      expect(c.confidence).toBeLessThan(0.5);
      expect(c.evidence.join('\n')).toMatch(
        /one zone of 0x[0-9a-f]+ bytes with no ECC parity to confirm it: it may be 12 stray bytes/
      );
    }
  });
});

describe('pstore probe names the compressor of the dumps (issue 13)', () => {
  const PARAMS =
    'ramoops.mem_size=0x20000 ramoops.record_size=0x4000 ramoops.console_size=0x1000 ' +
    'ramoops.ftrace_size=0x1000 ramoops.pmsg_size=0x1000 ramoops.ecc=0';
  /** An image whose one dump `compress` wrote, as 6.1.192 with that pstore.compress. */
  function image(compress: string): string {
    const dir = tmp(`probe-${compress}`);
    const text = join(dir, 'dump.txt');
    let t = 'Oops#1 Part1\n';
    for (let i = 0; t.length < 6000; i++) t += `<4>[ ${i}.000100] probe compressor line ${i}\n`;
    writeFileSync(text, t);
    const out = join(dir, 'ram.bin');
    const enc = pstore(
      'encode',
      '--out',
      out,
      '--params',
      `${PARAMS} pstore.compress=${compress}`,
      '--kernel',
      '6.1.192',
      '--dmesg',
      `${text}:oops:1700000000`
    );
    expect(enc.code, enc.stderr).toBe(0);
    return out;
  }
  const best = (img: string) =>
    (JSON.parse(pstore('probe', img, '--json').stdout) as ProbeJson).candidates[0]!;

  it.each([
    ['lzo', 'lzo', '4.7'],
    ['lz4', 'lz4', '4.7'],
    ['lz4hc', 'lz4', '4.7'],
    ['842', '842', '4.17'],
    ['zstd', 'zstd', '4.17']
  ])(
    '%s: pstore.compress=%s in the parameters, a %s–6.5 kernel, and decode --auto expands it',
    (alg, named, oldest) => {
      const img = image(alg);
      const b = best(img);
      expect(b.params).toMatch(new RegExp(` pstore\\.compress=${named}$`));
      expect(b.evidence.join('\n')).toMatch(
        new RegExp(`expands with ${named}.*only ${oldest.replace('.', '\\.')}–6\\.5 kernels have`)
      );
      // No ftrace signature was written (6.1 encodes none here): the range is the crypto era's.
      const auto = pstore('decode', img, '--auto', '--json', '--content');
      expect(auto.code, auto.stderr).toBe(0);
      const records = (
        JSON.parse(auto.stdout) as { records: { name: string; content: { data: string } }[] }
      ).records;
      expect(records.map((r) => r.name)).toEqual(['dmesg-ramoops-0']);
      expect(records[0]!.content.data).toMatch(/^Oops#1 Part1\n<4>\[ 0\.000100\] probe compressor/);
    }
  );

  it('deflate needs no word; a compressed dump nothing expands is said, not guessed', () => {
    const img = image('deflate');
    expect(best(img).params).not.toContain('pstore.compress');
    // Spoil the stream: the header still says compressed ("-C"), no decoder expands it.
    const bytes = readFileSync(img);
    const at = bytes.indexOf('-C\n') + 3;
    bytes.fill(0x5a, at, at + 64);
    writeFileSync(img, bytes);
    const b = best(img);
    expect(b.params).not.toContain('pstore.compress');
    expect(b.evidence.join('\n')).toMatch(
      /1 compressed dump\(s\) that neither deflate, lzo, lz4, 842 nor zstd expands into a dump part: decode shows them as \.enc\.z/
    );
  });
});

describe('pstore probe on what is not a ramoops image', () => {
  it('says unknown and why, exit 3', () => {
    const image = join(tmp('zeros'), 'zeros.bin');
    writeFileSync(image, new Uint8Array(0x10000));
    const r = pstore('probe', image);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(
      /unknown: no ramoops zone header \(signature 0x43474244, or an ftrace zone's\) in 65536 bytes: not a ramoops region/
    );
    const j = pstore('probe', image, '--json');
    expect(j.code).toBe(3);
    const parsed = JSON.parse(j.stdout) as ProbeJson;
    expect(parsed.candidates).toEqual([]);
    expect(parsed.unknown).toMatch(/^no ramoops zone header/);
  });

  it('decode --auto on it: one line, exit 2', () => {
    const image = join(tmp('zeros'), 'zeros.bin');
    writeFileSync(image, new Uint8Array(0x10000));
    const r = pstore('decode', image, '--auto');
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(
      /^pstore decode: --auto: nothing to decode with: no ramoops zone header/
    );
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('refuses bad input with one line and exit 2', () => {
    const image = join(tmp('bad'), 'x.bin');
    writeFileSync(image, new Uint8Array(64));
    const cases: [string[], RegExp][] = [
      [['probe'], /missing IMAGE/],
      [['probe', image, image], /probe takes one IMAGE, got 2/],
      [['probe', image, '--endian', 'middle'], /--endian must be little or big \(got "middle"\)/],
      [['probe', image, '--offset', '0x1000'], /offset/],
      [['probe', image, '--bogus'], /unknown option --bogus/],
      [
        ['decode', image, '--auto', '--params', 'ramoops.mem_size=64'],
        /--auto infers the layout; leave out --params/
      ],
      [['decode', '-', '--auto'], /--auto reads the image twice/]
    ];
    for (const [argv, message] of cases) expectRefused(argv, message);
  });
});
