/**
 * `pstore encode`: builds a ramoops image that a kernel of version V, booted
 * with the same configuration, reads back as exactly the reported records
 * (../encode/build-image.ts), and writes it to a file, whole or not at all,
 * or to standard output (../encode/image-output.ts). Dump texts longer than
 * the kernel would store are reduced as the kernel reduces them, with a note
 * naming the limit; --strict refuses them instead.
 * Kernel counterpart: fs/pstore/ram.c ramoops_probe() and the pstore write
 * paths (through ../encode/).
 */
import { formatKernelVersion } from '@pstore/ram-core';
import { optionInt, optionValue, parseArgs, type OptionSpecs } from '../args.ts';
import { blkSetup } from '../blk-options.ts';
import { CONFIG_HELP, CONFIG_OPTIONS, machineConfig } from '../config-options.ts';
import { buildBlkImage } from '../encode/build-blk-image.ts';
import { buildImage } from '../encode/build-image.ts';
import { MAX_IMAGE_BYTES } from '../encode/image-limit.ts';
import { writeImageFile, writeImageStdout } from '../encode/image-output.ts';
import { hex } from '../format.ts';
import type { CommandIo } from './io.ts';

const ENCODE_HELP = `usage: pstore encode --out IMAGE|- [config] [--kernel V] [--strict]
                     [--dmesg FILE[:REASON[:UNIXTIME]]]... [--console FILE] [--pmsg FILE]
                     [--ftrace FILE]

Builds a ramoops region (byte 0 = mem_address) that a kernel of version V with the same
configuration reads back as exactly the records it reports; the image is read back and
compared before it is written.
  --dmesg FILE[:REASON[:UNIXTIME]]
                 a crash dump: FILE holds the text as pstore_dump() writes it, the
                 "Panic#1 Part1" line, then kernel log lines. What the kernel would not
                 keep is left out as the kernel leaves it out, with a note naming the limit:
                 kmsg_dump_get_buffer() keeps the newest whole lines that fit the dump
                 buffer (big_oops_buf = bufsize × 100 / 60 with compression on 6.6+, × 100 /
                 45..60 before; psinfo->buf of bufsize without), the era compresses or
                 stores plain, and ramoops cuts the record to its zone.
                 REASON: panic, oops, emerg, shutdown (restart/halt/poweroff before 5.8)
                 or a number; default from FILE's first line, else panic. UNIXTIME:
                 seconds[.microseconds] for the dump header and the file's mtime; default
                 now. An empty field takes its default (FILE::1700000000). FILE may
                 contain ':' (the spec is split where FILE exists). Repeat for several
                 dumps (zones 0, 1, …). Compressed as the kernel would when the
                 configuration compresses.
  --console FILE the console log (console-ramoops-0)
  --pmsg FILE    what was written to /dev/pmsg0 (pmsg-ramoops-0)
                 Longer than its zone: written a line at a time, so the ring wraps and
                 keeps the last bytes, as on a system that logged that much.
  --ftrace FILE  function-trace records, one per line: CPU IP PARENT_IP [TS]
                 (addresses in hex, e.g. "0 ffffffff8101ea64 ffffffff8101bcda"; TS, the
                 kernel's per-boot call counter, defaults to the line number; # comments)
  --strict       refuse (exit 2, naming the limit) any input the kernel would not keep
                 whole: older dump lines, a console or pmsg log longer than its zone, an
                 ftrace zone that wraps
  --out IMAGE    the file to write (mem_size bytes, at most ${MAX_IMAGE_BYTES}: Node's
                 buffer.constants.MAX_LENGTH). It is written to a temporary file beside
                 IMAGE and renamed into place: a failed encode writes nothing and leaves an
                 existing IMAGE as it was.
  --out -        write the image to standard output; the summary goes to standard error
  --backend blk  a pstore/blk partition (pstore/zone format, 5.8+) instead of a ramoops region:
                 --size N bytes (a multiple of 4096), laid out from --params
                 'pstore_blk.kmsg_size=64 …' (KiB; pmsg_size, console_size, ftrace_size for
                 the frontends the kernel has); dumps go to zones 0, 1, … with their counters
Without a configuration: pstore-ts's default board (below), the same the device uses.

${CONFIG_HELP}

example: pstore encode --out ram.bin --params 'ramoops.mem_size=0x100000 ramoops.ecc=16' \\
           --kernel 6.1 --dmesg panic.txt:panic:1700000000 --pmsg app.log`;

export const ENCODE_OPTIONS: OptionSpecs = {
  ...CONFIG_OPTIONS,
  out: { value: true },
  dmesg: { value: true, repeat: true },
  console: { value: true },
  pmsg: { value: true },
  ftrace: { value: true },
  strict: {},
  backend: { value: true },
  size: { value: true },
  help: {},
  h: {}
};

export function runEncode(argv: readonly string[], io: CommandIo): number {
  const args = parseArgs(argv, ENCODE_OPTIONS, 'encode');
  if (args.options.has('help') || args.options.has('h')) {
    io.out(ENCODE_HELP);
    return 0;
  }
  if (args.positional.length) {
    io.fail(`unexpected argument "${args.positional[0]}" (see pstore encode --help)`);
  }
  const out = optionValue(args, 'out');
  if (!out) io.fail('missing --out IMAGE (or --out - for standard output)');
  const inputs = {
    dmesg: args.repeated.get('dmesg') ?? [],
    console: optionValue(args, 'console'),
    pmsg: optionValue(args, 'pmsg'),
    ftrace: optionValue(args, 'ftrace'),
    strict: args.options.has('strict')
  };
  const backend = optionValue(args, 'backend') ?? 'ramoops';
  let built: { image: Uint8Array; summary: readonly string[]; kernel: string; what: string };
  if (backend === 'blk') {
    const size = optionInt(args, 'size');
    if (size === undefined) {
      io.fail("--backend blk needs --size N: the partition's bytes (the layout depends on it)");
    }
    const blk = blkSetup(args);
    built = {
      ...buildBlkImage(blk, size, inputs),
      kernel: formatKernelVersion(blk.version),
      what: 'pstore/blk partition'
    };
  } else if (backend === 'ramoops') {
    if (args.options.has('size')) {
      io.fail('--size goes with --backend blk (a ramoops region has --mem-size)');
    }
    const machine = machineConfig(args);
    built = { ...buildImage(machine, inputs), kernel: machine.era.label, what: 'ramoops region' };
  } else {
    io.fail(`--backend must be ramoops or blk (got "${backend}")`);
  }
  const { image, summary } = built;
  const report = (where: string) =>
    [
      `wrote ${where}: ${image.length} bytes (${hex(image.length)}), kernel ${built.kernel}` +
        (backend === 'blk' ? `, a ${built.what}` : ''),
      ...summary
    ].join('\n');
  if (out === '-') {
    // stdout carries the image alone; a reader that stopped early is not an error.
    if (writeImageStdout(image)) io.err(report('standard output'));
    return 0;
  }
  writeImageFile(out, image);
  io.out(report(out));
  return 0;
}
