/**
 * `pstore encode`: builds a ramoops image that a kernel of version V, booted
 * with the same configuration, reads back as exactly the given records. The
 * image is what that kernel itself would have left in RAM: every zone
 * attached (signature, zapped header, parity), then the records written
 * through the same paths the kernel uses (ramoops_pstore_write/_write_user).
 * Before writing the file the image is decoded again and compared with the
 * input, so a record that would not read back is an error, not a surprise.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { kmsgDumpReasons } from '@pstore/kmsg';
import {
  avoidHeaderWhitespace,
  encodeFtraceRecord,
  pstoreCompressor,
  pstoreRecordInit,
  PSTORE_TYPE,
  type PstoreCompressor,
  type PstoreRecord
} from '@pstore/pstore-fs';
import { kernelIsSpace, RamoopsContext, writeKmsgHeader } from '@pstore/ramoops';
import { optionValue, parseArgs, type ParsedArgs } from '../args.ts';
import { CliError } from '../cli-error.ts';
import {
  CONFIG_HELP,
  CONFIG_OPTIONS,
  machineConfig,
  type MachineConfig
} from '../config-options.ts';
import { hex } from '../format.ts';
import { decodeRegion } from './decode.ts';
import { DEFAULT_MEM_SIZE } from './layout.ts';
import type { CommandIo } from './io.ts';

export const ENCODE_HELP = `usage: pstore encode --out IMAGE [config] [--kernel V]
                     [--dmesg FILE[:REASON[:UNIXTIME]]]... [--console FILE] [--pmsg FILE]
                     [--ftrace FILE]

Builds a ramoops region (byte 0 = mem_address) that a kernel of version V with the same
configuration reads back as exactly these records.
  --dmesg FILE[:REASON[:UNIXTIME]]
                 a crash dump: FILE holds the text the kernel should show in dmesg-ramoops-N
                 (usually starting "Panic#1 Part1"). REASON: panic, oops, emerg, shutdown
                 (restart/halt/poweroff before 5.8) or a number; default from FILE's first
                 line, else panic. UNIXTIME: seconds[.microseconds] for the dump header and
                 the file's mtime; default now. Repeat for several dumps (zones 0, 1, …).
                 Compressed as the kernel would when the configuration compresses.
  --console FILE the console log (console-ramoops-0)
  --pmsg FILE    what was written to /dev/pmsg0 (pmsg-ramoops-0)
                 Longer than its zone: written a line at a time, so the ring wraps and
                 keeps the last bytes, as on a system that logged that much.
  --ftrace FILE  function-trace records, one per line: CPU IP PARENT_IP [TS]
                 (addresses in hex, e.g. "0 ffffffff8101ea64 ffffffff8101bcda"; TS, the
                 kernel's per-boot call counter, defaults to the line number; # comments)
  --out IMAGE    the file to write (mem_size bytes)
Without a configuration, mem_size is 0x100000 and the other sizes the module defaults.

${CONFIG_HELP}

example: pstore encode --out ram.bin --params 'ramoops.mem_size=0x100000 ramoops.ecc=16' \\
           --kernel 6.1 --dmesg panic.txt:panic:1700000000 --pmsg app.log`;

function readInput(path: string, what: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (e) {
    throw new CliError(
      `cannot read ${what} ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`
    );
  }
}

/** FILE[:REASON[:UNIXTIME]]; a path may itself contain ':' only when both fields follow. */
function splitDmesgSpec(spec: string): { path: string; reason?: string; time?: string } {
  const parts = spec.split(':');
  if (parts.length >= 3 && /^[\d.]+$/.test(parts[parts.length - 1]!)) {
    return { path: parts.slice(0, -2).join(':'), reason: parts.at(-2), time: parts.at(-1) };
  }
  if (parts.length >= 2 && /^[a-z]+$|^\d+$/i.test(parts[parts.length - 1]!)) {
    return { path: parts.slice(0, -1).join(':'), reason: parts.at(-1) };
  }
  return { path: spec };
}

function parseReason(text: string | undefined, body: Uint8Array, m: MachineConfig): number {
  const reasons = kmsgDumpReasons(m.version);
  if (text === undefined) {
    const first = new TextDecoder().decode(body.subarray(0, 40)).split('\n')[0] ?? '';
    const hit = reasons.find((r) => first.startsWith(`${r.str}#`));
    return hit?.value ?? 1;
  }
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    if (!reasons.some((r) => r.value === n)) {
      throw new CliError(
        `dump reason ${n} does not exist in kernel ${m.era.label} (0..${reasons.length - 1})`
      );
    }
    return n;
  }
  const hit = reasons.find(
    (r) =>
      r.name.toLowerCase() === `kmsg_dump_${text.toLowerCase()}` ||
      r.str.toLowerCase() === text.toLowerCase()
  );
  if (!hit) {
    throw new CliError(
      `unknown dump reason "${text}" for kernel ${m.era.label} (one of ${reasons.map((r) => r.name.slice(10).toLowerCase()).join(', ')})`
    );
  }
  return hit.value;
}

function parseTime(text: string | undefined): { sec: number; nsec: number } {
  if (text === undefined) {
    const ms = Date.now();
    return { sec: Math.floor(ms / 1000), nsec: (ms % 1000) * 1e6 };
  }
  const m = /^(\d+)(?:\.(\d{1,6}))?$/.exec(text);
  if (!m) throw new CliError(`dump time "${text}" is not seconds[.microseconds] since 1970`);
  return { sec: Number(m[1]), nsec: Number((m[2] ?? '').padEnd(6, '0')) * 1000 };
}

/** The bytes a dump record carries: compressed like pstore_dump() would, when that reads back. */
function dumpPayload(
  text: Uint8Array,
  compressor: PstoreCompressor,
  room: number
): { buf: Uint8Array; compressed: boolean } {
  if (compressor.enabled && compressor.params) {
    const fits =
      text.length <= (compressor.bigOopsBufSize ?? 0) &&
      text.length <= (compressor.maxDecompressedSize ?? 0);
    let stream = fits ? compressor.compress(text) : null;
    if (stream && compressor.params.flavour !== 'zlib-wrapped') {
      // A first byte the header parser would swallow makes the dump unreadable.
      stream = avoidHeaderWhitespace(stream, 'raw', room);
    }
    if (stream && stream.length <= room) {
      const back = compressor.decompress(stream);
      if (back && Buffer.compare(back, text) === 0) return { buf: stream, compressed: true };
    }
  }
  return { buf: text, compressed: false };
}

/** One ftrace record per line: CPU IP PARENT_IP [TS]. */
function parseFtrace(
  text: string,
  path: string
): { cpu: number; ip: bigint; parentIp: bigint; ts: bigint }[] {
  const out = [];
  let counter = 0n;
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) continue;
    const f = line.split(/\s+/);
    const hexNum = (s: string | undefined, what: string) => {
      if (!s || !/^(0x)?[0-9a-f]+$/i.test(s)) {
        throw new CliError(`${path}:${i + 1}: ${what} "${s ?? ''}" is not a hex address`);
      }
      return BigInt(s.toLowerCase().startsWith('0x') ? s : `0x${s}`);
    };
    if (f.length < 3 || f.length > 4 || !/^\d+$/.test(f[0]!)) {
      throw new CliError(`${path}:${i + 1}: expected "CPU IP PARENT_IP [TS]", got "${line}"`);
    }
    const ts = f[3] !== undefined ? BigInt(f[3]) : counter;
    counter = ts + 1n;
    out.push({
      cpu: Number(f[0]),
      ip: hexNum(f[1], 'IP'),
      parentIp: hexNum(f[2], 'PARENT_IP'),
      ts
    });
  }
  return out;
}

function record(type: PstoreRecord['type'], buf: Uint8Array): PstoreRecord {
  const r = pstoreRecordInit(type);
  r.buf = buf;
  r.size = buf.length;
  return r;
}

function check(rc: number, what: string): void {
  if (rc < 0) throw new CliError(`${what}: the kernel's ramoops refuses it (errno ${-rc})`);
}

export function runEncode(argv: readonly string[], io: CommandIo): number {
  const args = parseArgs(
    argv,
    {
      ...CONFIG_OPTIONS,
      out: { value: true },
      dmesg: { value: true, repeat: true },
      console: { value: true },
      pmsg: { value: true },
      ftrace: { value: true },
      help: {},
      h: {}
    },
    'encode'
  );
  if (args.options.has('help') || args.options.has('h')) {
    io.out(ENCODE_HELP);
    return 0;
  }
  if (args.positional.length) {
    io.fail(`unexpected argument "${args.positional[0]}" (see pstore encode --help)`);
  }
  const out = optionValue(args, 'out');
  if (out === undefined) io.fail('missing --out IMAGE');
  const { image, summary, machine } = encodeImage(args);
  try {
    writeFileSync(out, image);
  } catch (e) {
    throw new CliError(
      `cannot write --out ${out}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`
    );
  }
  io.out(
    [
      `wrote ${out}: ${image.length} bytes (${hex(image.length)}), kernel ${machine.era.label}`,
      ...summary
    ].join('\n')
  );
  return 0;
}

/** Builds the image from parsed arguments; exported for tests. */
export function encodeImage(args: ParsedArgs): {
  image: Uint8Array;
  summary: string[];
  machine: MachineConfig;
} {
  const machine = machineConfig(args, DEFAULT_MEM_SIZE);
  const { config, era, version } = machine;
  const image = new Uint8Array(config.memSize);
  const cxt = RamoopsContext.probe(image, config, {
    era,
    nrCpus: machine.nrCpus,
    endian: machine.endian,
    longBytes: machine.longBytes
  });
  const compressor = pstoreCompressor(version, {
    algorithm: config.pstore.compress,
    bufsize: cxt.bufsize
  });
  const expected = new Map<string, Uint8Array>();
  const summary: string[] = [];

  const dumps = args.repeated.get('dmesg') ?? [];
  if (dumps.length > cxt.dprzs.length) {
    throw new CliError(
      `${dumps.length} --dmesg records but the layout has ${cxt.dprzs.length} dump zone(s)`
    );
  }
  for (const [i, spec] of dumps.entries()) {
    const { path, reason, time } = splitDmesgSpec(spec);
    const text = readInput(path, '--dmesg file');
    if (text.length && kernelIsSpace(text[0]!)) {
      // The reader's sscanf("…-%c\n%n") swallows every whitespace byte after the
      // header line: a plain dump would come back without its first bytes.
      throw new CliError(
        `--dmesg ${path} starts with whitespace (0x${text[0]!.toString(16).padStart(2, '0')}): the kernel's dump-header ` +
          'parser swallows whitespace after the "====…" line, so the record would not read back the same'
      );
    }
    const zone = cxt.dprzs[i]!;
    const when = parseTime(time);
    const dumpReason = parseReason(reason, text, machine);
    // The header is "====<sec>.<usec>-<C|D>\n"; its length does not depend on C/D.
    const hlen = writeKmsgHeader(when, false, {
      paddedUsec: era.dmesgHeaderFormat === 'padded'
    }).length;
    const room = zone.bufferSize - hlen;
    const payload = dumpPayload(text, compressor, room);
    if (payload.buf.length > room) {
      throw new CliError(
        `--dmesg ${path}: ${text.length} bytes do not fit dump zone ${i}: it holds ${zone.bufferSize} bytes, ` +
          `${hlen} of them the dump header` +
          (compressor.enabled
            ? ', and the text does not compress into the rest'
            : ' (compression is off)')
      );
    }
    const r = record(PSTORE_TYPE.DMESG, payload.buf);
    r.compressed = payload.compressed;
    r.part = 1;
    r.count = i + 1;
    r.reason = dumpReason;
    r.time = when;
    check(cxt.write(r), `--dmesg ${path} (reason ${dumpReason})`);
    expected.set(`dmesg-ramoops-${i}`, text);
    summary.push(
      `  dmesg-ramoops-${i}: ${text.length} bytes${payload.compressed ? `, compressed to ${payload.buf.length}` : ''}`
    );
  }
  for (const [opt, type, name] of [
    ['console', PSTORE_TYPE.CONSOLE, 'console-ramoops-0'],
    ['pmsg', PSTORE_TYPE.PMSG, 'pmsg-ramoops-0']
  ] as const) {
    const path = optionValue(args, opt);
    if (path === undefined) continue;
    const zone = opt === 'console' ? cxt.cprz : cxt.mprz;
    if (!zone) throw new CliError(`--${opt}: the layout has no ${opt} zone (${opt}_size is 0)`);
    const text = readInput(path, `--${opt} file`);
    // Up to the zone's capacity: one write, the ring starts at 0. Beyond it:
    // one write per line, as a console driver or an app's write(2)s would
    // store them, so the ring wraps (start ≠ 0) and the zone keeps the last
    // bufferSize bytes, which is what the kernel shows.
    const writes = text.length > zone.bufferSize ? linesOf(text) : [text];
    for (const w of writes) {
      const r = record(type, w);
      check(opt === 'console' ? cxt.write(r) : cxt.writeUser(r, w), `--${opt} ${path}`);
    }
    const kept = text.subarray(Math.max(0, text.length - zone.bufferSize));
    expected.set(name, kept);
    summary.push(
      kept.length < text.length
        ? `  ${name}: ${kept.length} bytes, the last of ${text.length} written line by line (the ring wrapped: start ${zone.start})`
        : `  ${name}: ${text.length} bytes`
    );
  }
  const ftracePath = optionValue(args, 'ftrace');
  if (ftracePath !== undefined) {
    if (!cxt.fprzs.length) {
      throw new CliError('--ftrace: the layout has no ftrace zone (ftrace_size is 0)');
    }
    const calls = parseFtrace(
      new TextDecoder().decode(readInput(ftracePath, '--ftrace file')),
      ftracePath
    );
    for (const c of calls) {
      if (cxt.perCpuFtrace && c.cpu >= cxt.fprzs.length) {
        throw new CliError(
          `--ftrace ${ftracePath}: CPU ${c.cpu} has no zone (--cpus ${machine.nrCpus})`
        );
      }
      const r = record(
        PSTORE_TYPE.FTRACE,
        encodeFtraceRecord(
          { ip: c.ip, parentIp: c.parentIp, cpu: c.cpu, counter: c.ts },
          cxt.ftraceRecord
        )
      );
      r.cpu = c.cpu;
      check(cxt.write(r), `--ftrace ${ftracePath}`);
    }
    summary.push(`  ftrace: ${calls.length} record(s)`);
  }

  // Read the image back as the kernel will, and insist on the same files.
  const back = decodeRegion(image.slice(), machine, null);
  for (const [name, bytes] of expected) {
    if (!back.fs.list().some((f) => f.name === name)) {
      throw new CliError(`internal check failed: ${name} does not read back`);
    }
    const got = back.fs.read(name);
    const notice = back.fs.stat(name).record.eccNoticeSize;
    if (Buffer.compare(got.subarray(0, got.length - notice), bytes) !== 0) {
      throw new CliError(`internal check failed: ${name} reads back different bytes`);
    }
  }
  return { image, summary, machine };
}

/** `text` cut after each newline (the last piece may have none). */
function linesOf(text: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let from = 0;
  for (let nl = text.indexOf(0x0a); nl >= 0; nl = text.indexOf(0x0a, from)) {
    out.push(text.subarray(from, nl + 1));
    from = nl + 1;
  }
  if (from < text.length) out.push(text.subarray(from));
  return out;
}
