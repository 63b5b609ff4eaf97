/**
 * `pstore inflate FILE`: expands one compressed dmesg record file, as copied out of
 * /sys/fs/pstore (`dmesg-ramoops-0.enc.z`) or uploaded by a crash reporter, the way a kernel
 * of the given version would have: the ECC notice ramoops appended after the stream is taken
 * off first and put back after the text, as the kernel's decompressed file has it. Without
 * `--compress` it tries what the kernel could have been set to (a zstd frame's magic and a zlib
 * header first, then every decoder) and says which fitted: the first that yields a dump part
 * ("Panic#1 Part1\n…"), else the first that yields text at all.
 * Kernel counterpart: fs/pstore/platform.c decompress_record() of each era; fs/pstore/ram.c
 * ramoops_pstore_read() (the ECC notice after the payload).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { pstoreCompressor, type PstoreAlgorithm, type PstoreCompressor } from '@pstore/pstore-fs';
import { formatKernelVersion, parseKernelVersion } from '@pstore/ram-core';
import { optionInt, optionValue, parseArgs, type OptionSpecs } from '../args.ts';
import { CliError } from '../cli-error.ts';
import type { CommandIo } from './io.ts';

/** psinfo->bufsize when not given: every era's big buffer for it is within kmalloc()'s 4 MiB. */
const DEFAULT_BUFSIZE = 2 * 1024 * 1024;

const INFLATE_HELP = `usage: pstore inflate FILE --kernel V [--compress ALG] [--bufsize N] [--out FILE]

Expands one compressed dmesg record (a dmesg-<backend>-<id>.enc.z file, or the same bytes from a
crash reporter) as kernel V would. An ECC notice after the stream ("\\nECC: No errors detected\\n"
and the like) is set aside and put back after the text, as in the kernel's file.
  --kernel V       the reading kernel's version (x.y or x.y.z): which decoders exist and how
  --compress ALG   pstore.compress of that kernel; without it every algorithm the kernel could
                   run is tried (zstd magic and zlib header first) and the one that fitted is named
  --bufsize N      psinfo->bufsize of the writing backend: the read limit is the era's big buffer
                   for it (default 2M, which only refuses absurd output)
  --out FILE       write the text there (default: standard output; the verdict then goes to
                   standard error)

example: pstore inflate dmesg-ramoops-0.enc.z --kernel 5.10`;

/** The options `pstore inflate` parses (shell completion reads them too). */
export const INFLATE_OPTIONS: OptionSpecs = {
  kernel: { value: true },
  compress: { value: true },
  bufsize: { value: true },
  out: { value: true },
  help: {},
  h: {}
};

/** The ECC notice ramoops appends to every record of an ECC zone (4.9 and 5.18+ forms). */
const ECC_NOTICE =
  /\n(?:ECC: )?(?:No errors detected|\d+ Corrected bytes, \d+ unrecoverable blocks)\n$/;

/** kmsg_dump_reason_str() words, then "#<count> Part<n>": how every dump part starts. */
const DUMP_HEADER =
  /^(?:Unknown|Panic|Oops|Emergency|Shutdown|Restart|Halt|Poweroff)#\d+ Part\d+\n/;

const ZSTD_MAGIC = [0x28, 0xb5, 0x2f, 0xfd];

const hasZstdMagic = (b: Uint8Array): boolean => ZSTD_MAGIC.every((x, i) => b[i] === x);
/** An RFC 1950 header: CM 8, window ≤ 32 KiB, header check. */
const hasZlibHeader = (b: Uint8Array): boolean =>
  b.length >= 2 && (b[0]! & 0x0f) === 8 && b[0]! >>> 4 <= 7 && ((b[0]! << 8) | b[1]!) % 31 === 0;

/** True for text a dump part could be: mostly printable, with line ends. */
function looksLikeText(t: Uint8Array): boolean {
  if (t.length === 0) return false;
  let printable = 0;
  for (const b of t) {
    if (b === 0x0a || b === 0x09 || (b >= 0x20 && b < 0x7f) || b >= 0x80) printable++;
  }
  return printable / t.length >= 0.9;
}

const DESCRIBE: Record<PstoreAlgorithm, string> = {
  deflate: 'deflate',
  lzo: 'lzo (LZO1X)',
  lz4: 'lz4 (a raw LZ4 block; lz4hc writes the same format)',
  lz4hc: 'lz4hc (a raw LZ4 block; lz4 writes the same format)',
  '842': '842 (the software 842 format)',
  zstd: 'zstd (a zstd frame)'
};

interface Candidate {
  readonly algorithm: PstoreAlgorithm;
  readonly compressor: PstoreCompressor;
}

/** The decoders kernel `version` could run, most likely first for `stream`. */
function candidates(
  version: ReturnType<typeof parseKernelVersion>,
  stream: Uint8Array,
  bufsize: number
): Candidate[] {
  const names: PstoreAlgorithm[] = ['deflate'];
  const v = version.major * 1000 + version.minor;
  if (v >= 4017 && v < 6006) {
    // 4.17–6.5: every zbackend; lz4hc decodes as lz4 does, so one is enough.
    names.push('lzo', 'lz4', '842', 'zstd');
    if (hasZstdMagic(stream)) names.unshift(names.splice(names.indexOf('zstd'), 1)[0]!);
  }
  return names.map((algorithm) => ({
    algorithm,
    compressor: pstoreCompressor(version, { algorithm, bufsize })
  }));
}

/** Why nothing fitted, with what the bytes look like. */
function noFit(file: string, kernel: string, tried: readonly string[], stream: Uint8Array): string {
  const hints: string[] = [];
  if (hasZstdMagic(stream) && !tried.includes('zstd')) {
    hints.push(
      'it starts with a zstd frame magic: a 4.17–6.5 kernel with pstore.compress=zstd wrote it'
    );
  }
  if (!tried.includes('lzo')) {
    hints.push(
      'a 4.17–6.5 kernel may have written it with lzo, lz4, lz4hc, 842 or zstd (try --kernel 6.1)'
    );
  }
  if (hasZlibHeader(stream)) {
    hints.push('it starts with a zlib header: a kernel before 4.17 wrote it (try --kernel 4.9)');
  }
  return (
    `${file}: no decompressor of kernel ${kernel} expands it (tried ${tried.join(', ')}); the kernel ` +
    `shows it as it is (.enc.z)${hints.length ? `; ${hints.join('; ')}` : ''}`
  );
}

export function runInflate(argv: readonly string[], io: CommandIo): number {
  const args = parseArgs(argv, INFLATE_OPTIONS, 'inflate');
  if (args.options.has('help') || args.options.has('h')) {
    io.out(INFLATE_HELP);
    return 0;
  }
  const [file, extra] = args.positional;
  if (file === undefined) io.fail('which file? (usage: pstore inflate FILE --kernel V)');
  if (extra !== undefined) io.fail(`unexpected argument "${extra}" (see pstore inflate --help)`);
  const kernelText = optionValue(args, 'kernel');
  if (kernelText === undefined) {
    io.fail('--kernel is needed: which kernel reads the record decides which decoders exist');
  }
  const version = parseKernelVersion(kernelText);
  const kernel = formatKernelVersion(version);
  const bufsize = optionInt(args, 'bufsize') ?? DEFAULT_BUFSIZE;
  if (bufsize <= 0) io.fail('--bufsize must be positive: it is the size of the backend buffer');
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new CliError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  const notice = ECC_NOTICE.exec(Buffer.from(bytes).toString('latin1'));
  const stream = notice ? bytes.subarray(0, bytes.length - notice[0].length) : bytes;
  if (stream.length === 0) io.fail(`${file} holds no compressed stream`);
  const algorithm = optionValue(args, 'compress');
  let tried: readonly Candidate[];
  if (algorithm !== undefined) {
    const compressor = pstoreCompressor(version, { algorithm, bufsize });
    if (!compressor.enabled || compressor.algorithm === null) {
      io.fail(
        `kernel ${kernel} with pstore.compress=${algorithm} expands no dump: compression is off`
      );
    }
    tried = [{ algorithm: compressor.algorithm, compressor }];
  } else {
    tried = candidates(version, stream, bufsize);
  }
  let fit: { c: Candidate; text: Uint8Array } | null = null;
  for (const c of tried) {
    const text = c.compressor.decompress(stream);
    if (!text) continue;
    if (DUMP_HEADER.test(Buffer.from(text.subarray(0, 40)).toString('latin1'))) {
      fit = { c, text };
      break;
    }
    if (!fit && looksLikeText(text)) fit = { c, text };
  }
  if (!fit) {
    const names = tried.map((c) => c.algorithm);
    const warning = tried[0]?.compressor.warning;
    throw new CliError(
      noFit(file, kernel, names, stream) + (warning ? ` (the kernel logs "${warning}")` : '')
    );
  }
  const out = Buffer.concat([fit.text, notice ? bytes.subarray(stream.length) : new Uint8Array()]);
  const verdict =
    `${file}: ${DESCRIBE[fit.c.algorithm]}${algorithm === undefined ? ' fitted' : ''}: ` +
    `${stream.length} bytes → ${fit.text.length} bytes of text` +
    (DUMP_HEADER.test(Buffer.from(fit.text.subarray(0, 40)).toString('latin1'))
      ? ''
      : ' (not starting with a dump header)') +
    (notice ? `, then the ${notice[0].length}-byte ECC notice` : '');
  const outFile = optionValue(args, 'out');
  if (outFile !== undefined) {
    writeFileSync(outFile, out);
    io.out(verdict);
  } else {
    if (io.outBytes) io.outBytes(out);
    else io.out(out.toString('latin1'));
    io.err(verdict);
  }
  return 0;
}
