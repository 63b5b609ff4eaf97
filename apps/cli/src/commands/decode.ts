/**
 * `pstore decode IMAGE`: what a kernel of the given version would show in
 * /sys/fs/pstore for this RAM image and configuration — as a table, as
 * JSON, or as the files themselves (--out DIR), ECC-corrected and
 * decompressed, with a reason for every zone that yields nothing.
 */
import { nodeInflate } from '../native-inflate.ts';
import {
  KallsymsTable,
  ftraceLineFormat,
  pstoreCompressor,
  PstoreFs,
  renderFtraceFile,
  PSTORE_TYPE,
  type PstoreRecord,
  type ReadRecord
} from '@pstore/pstore-fs';
import { renderPmsg, type PmsgFormat } from '@pstore/pmsg-chardev';
import type { Paint, Style } from '@pstore/cli-kit';
import { misplacedZonesNote, RamoopsContext } from '@pstore/ramoops';
import type { KernelChoice } from '@pstore/probe';
import { formatKernelVersion } from '@pstore/ram-core';
import { optionInt, optionValue, parseArgs, type OptionSpecs, type ParsedArgs } from '../args.ts';
import { CliError } from '../cli-error.ts';
import {
  CONFIG_HELP,
  CONFIG_OPTIONS,
  machineConfig,
  RAMOOPS_LAYOUT_OPTIONS,
  type MachineConfig
} from '../config-options.ts';
import { hex, table } from '../format.ts';
import { openImage } from '../image.ts';
import { plain, type CommandIo } from './io.ts';
import { decodeKernel } from './decode-kernel.ts';
import { loadSymbols } from './symbols.ts';
import { runDecodeBlk } from './decode-blk.ts';
import { exportFiles } from './export-files.ts';
import { probePath } from './probe.ts';
import { contentOf, describeRecord, type DecodedRecord } from './decode-record.ts';
import { zoneReports, type ZoneReport } from './zone-report.ts';

const DECODE_HELP = `usage: pstore decode IMAGE [--offset N] [config] [--kernel V] [--cpus N]
                     [--symbols FILE] [--out DIR [--force]] [--json [--content]]

Decodes a ramoops region into the files a kernel of version V shows in /sys/fs/pstore.
  IMAGE            the ramoops region itself (byte 0 = ramoops.mem_address), or a larger RAM
                   dump with --offset; a file, a device (/dev/mem), .gz (decompressed), or -
                   for standard input. Only the region's bytes are read.
  --offset N       where the region starts in IMAGE (default 0)
  --symbols FILE   System.map or /proc/kallsyms text of the kernel that wrote the ftrace records
  --out DIR        write one file per record, names, bytes and mtimes as the kernel shows them.
                   DIR is replaced whole (files of an earlier decode that this one does not
                   produce go; a failed decode leaves DIR as it was); a list of what was
                   written is kept in DIR/.pstore-ts
  --force          with --out: write even if DIR holds files pstore did not write (they stay)
  --pmsg-format F  android, raw or auto (default): pmsg holding Android logger frames (what
                   liblog writes to /dev/pmsg0) is printed as logcat lines (threadtime, UTC);
                   files written with --out stay byte-exact
  --auto           infer the layout, kernel and offset from the image (pstore probe's best
                   candidate) and print them; no --params, --dt or size options with it
  --json           {"zones": [...], "records": [...], "notes": [...]} on stdout; each record
                   says what was in RAM (compressed, storedBytes) and its ECC state
  --content        with --json: each record's bytes (UTF-8 text where valid, else base64)
  --backend B      ramoops (default) or blk: IMAGE is a pstore/blk partition (pstore/zone
                   format, 5.8+), laid out from --params 'pstore_blk.kmsg_size=64 …' (KiB;
                   pmsg_size, console_size, ftrace_size for the frontends the kernel has: a zone
                   exists only when its size is given); files are named dmesg-pstore_blk-N …
  --size N         with --backend blk: the partition's bytes at --offset (default: to the end)
The kernel: an ftrace zone's header holds the exact version of the kernel that wrote it
(LINUX_VERSION_CODE). Without --kernel, or with x.y only, decode takes that version and says so
(the table's first line, --json "kernel": {"version", "from": "image"}); an exact --kernel is
kept, with a note when the image names another.
Without --out or --json: a table of zones (with the reason for each one that holds nothing
valid) and records, coloured on a terminal (NO_COLOR turns that off). The image is never
modified.

${CONFIG_HELP}

example: pstore decode ramoops.bin --params "$(cat /proc/cmdline)" --kernel 6.1.79 --out pstore/`;

export interface DecodeResult {
  readonly machine: MachineConfig;
  readonly context: RamoopsContext;
  readonly fs: PstoreFs;
  readonly zones: ZoneReport[];
  readonly records: DecodedRecord[];
  readonly notes: string[];
}

/** Decodes a region with a configuration; shared by decode and the tests. */
export function decodeRegion(
  region: Uint8Array,
  machine: MachineConfig,
  symbols: KallsymsTable | null
): DecodeResult {
  const { config, era, version } = machine;
  // 'read': the decode writes nothing, so a zone's saved content is the region itself.
  const context = RamoopsContext.probe(region, config, {
    attach: 'read',
    era,
    nrCpus: machine.nrCpus,
    endian: machine.endian,
    longBytes: machine.longBytes
  });
  const notes: string[] = [...config.warnings];
  let symbolsNoted = false;
  const fs = new PstoreFs({
    renderFtrace: (record: PstoreRecord) => {
      const r = renderFtraceFile(
        record.buf.subarray(0, record.size),
        record.buf.subarray(record.size, record.size + record.eccNoticeSize),
        { layout: context.ftraceRecord, format: ftraceLineFormat(version), symbols }
      );
      if (r.symbolsMissing && !symbolsNoted) {
        symbolsNoted = true;
        notes.push(
          'ftrace: no symbol table given (--symbols System.map): functions are shown as addresses'
        );
      }
      return new TextEncoder().encode(r.text);
    }
  });
  const compressor = pstoreCompressor(version, {
    algorithm: config.pstore.compress,
    bufsize: context.bufsize,
    inflate: nodeInflate
  });
  if (compressor.warning) notes.push(compressor.warning);
  const { records: read } = fs.mount(context, compressor);
  const dmesgIds = new Set(
    read.filter((r) => r.record.type === PSTORE_TYPE.DMESG).map((r) => r.record.id)
  );
  const zones = zoneReports(context, dmesgIds);
  if (
    zones.length &&
    zones.every((z) => z.state === 'bad-signature' || z.state === 'invalid-header')
  ) {
    // A plausible misreading: the image's zones are elsewhere. The probe has
    // rewritten only the headers at this layout's offsets, which the scan skips.
    const note = misplacedZonesNote(
      region,
      zones.map((z) => z.offset),
      machine.endian
    );
    if (note) notes.push(note);
  }
  const stored = new Map(read.map((r) => [r.record, r.stored]));
  const records = fs.list().map((f) => describeRecord(f, context, stored.get(f.record)));
  for (const r of read) {
    if (r.decompressFailure) notes.push(encNote(r, era.label, compressor.enabled));
  }
  for (const f of fs.list()) {
    if (f.timeClamped) {
      notes.push(
        `${f.name}: its dump header gives ${f.record.time?.sec ?? '?'} s, beyond what a date can show: ` +
          `no time is shown, and with --out the file's mtime is ${f.mtime.toISOString()} (the nearest date)`
      );
    }
  }
  return { machine, context, fs, zones, records, notes };
}

function encNote(r: ReadRecord, kernel: string, enabled: boolean): string {
  const name = `dmesg-ramoops-${r.record.id}.enc.z`;
  if (!enabled) {
    return `${name}: the dump is compressed, and this configuration has no decompressor (pstore.compress=none), so kernel ${kernel} leaves it compressed`;
  }
  return (
    `${name}: the dump is marked compressed but does not inflate with kernel ${kernel}'s decompressor ` +
    '(written by another kernel era or algorithm, cut at the end of its zone, or its first byte was ' +
    'swallowed by the header parser); the file holds the raw stream (`pstore inflate FILE --kernel V` ' +
    'tries every algorithm of another kernel on it)'
  );
}

export const DECODE_OPTIONS: OptionSpecs = {
  ...CONFIG_OPTIONS,
  offset: { value: true },
  symbols: { value: true },
  out: { value: true },
  force: {},
  'pmsg-format': { value: true },
  backend: { value: true },
  size: { value: true },
  auto: {},
  json: {},
  content: {},
  help: {},
  h: {}
};

export interface AutoChoice {
  /** 'blk' when the best candidate is a pstore/blk partition. */
  readonly backend?: string;
  readonly size?: number;
  readonly params: string;
  readonly kernel: string;
  readonly offset: number;
  readonly confidence: number;
}

/**
 * --auto: probes the image and decodes with its best candidate, as if its
 * words had been given as --params (and its kernel and offset, unless given).
 */
function applyProbe(args: ParsedArgs, path: string): AutoChoice {
  const clash = RAMOOPS_LAYOUT_OPTIONS.filter((o) => args.options.has(o));
  if (clash.length) {
    throw new CliError(
      `--auto infers the layout; leave out ${clash.map((o) => `--${o}`).join(', ')} (or drop --auto)`
    );
  }
  if (path === '-') {
    throw new CliError('--auto reads the image twice (probe, then decode): give a file, not -');
  }
  const offset = optionInt(args, 'offset');
  const memAddress = optionInt(args, 'mem-address');
  const endian = optionValue(args, 'endian');
  const { result } = probePath(path, {
    ...(offset === undefined ? {} : { offset }),
    ...(memAddress === undefined ? {} : { memAddress }),
    ...(endian === 'big' ? { endian } : {})
  });
  const best = result.candidates[0];
  if (!best) {
    throw new CliError(`--auto: nothing to decode with: ${result.unknown ?? 'no candidate'}`);
  }
  args.options.set('params', best.params);
  if (!args.options.has('kernel')) args.options.set('kernel', best.decodeKernel);
  args.options.set('offset', String(best.offset));
  if (best.backend === 'blk') {
    args.options.set('backend', 'blk');
    args.options.set('size', String(best.size));
    args.options.delete('auto');
  }
  if (!args.options.has('cpus') && best.cpus > 1) args.options.set('cpus', String(best.cpus));
  return {
    ...(best.backend === 'blk' ? { backend: 'blk', size: best.size } : {}),
    params: best.params,
    kernel: optionValue(args, 'kernel')!,
    offset: best.offset,
    confidence: best.confidence
  };
}

export function runDecode(argv: readonly string[], io: CommandIo): number {
  const args = parseArgs(argv, DECODE_OPTIONS, 'decode');
  if (args.options.has('help') || args.options.has('h')) {
    io.out(DECODE_HELP);
    return 0;
  }
  if (args.positional.length !== 1) {
    io.fail(
      args.positional.length
        ? `decode takes one IMAGE, got ${args.positional.length}`
        : 'missing IMAGE (see pstore decode --help)'
    );
  }
  const path = args.positional[0]!;
  if (args.options.has('force') && !args.options.has('out')) io.fail('--force goes with --out DIR');
  if (args.options.has('content') && !args.options.has('json')) {
    io.fail('--content goes with --json (the table shows no record bytes; --out writes them)');
  }
  const auto = args.options.has('auto') ? applyProbe(args, path) : null;
  const backend = optionValue(args, 'backend') ?? 'ramoops';
  if (backend === 'blk') return runDecodeBlk(args, path, io, auto);
  if (backend !== 'ramoops') {
    io.fail(`--backend must be ramoops or blk (got "${backend}")`);
  }
  if (args.options.has('size')) {
    io.fail('--size goes with --backend blk (a ramoops region has --mem-size)');
  }
  const pmsgFormat = optionValue(args, 'pmsg-format') ?? 'auto';
  if (pmsgFormat !== 'android' && pmsgFormat !== 'raw' && pmsgFormat !== 'auto') {
    io.fail(`--pmsg-format must be android, raw or auto (got "${pmsgFormat}")`);
  }
  const offset = optionInt(args, 'offset') ?? 0;
  const symbols = loadSymbols(optionValue(args, 'symbols'));
  const source = openImage(path);
  let result: DecodeResult;
  let kernelFrom: KernelChoice['source'] = 'default';
  try {
    // Lazy: a stream is read to its end only when nothing gives mem_size.
    const guessed = machineConfig(args, () => source.available(offset));
    const region = source.region(offset, guessed.config.memSize);
    const { machine, choice } = decodeKernel(args, guessed, region);
    result = decodeRegion(region, machine, symbols);
    if (choice.note) result.notes.push(choice.note);
    kernelFrom = choice.source;
  } finally {
    source.close();
  }

  const pmsg = pmsgLogcat(result, pmsgFormat);
  const out = optionValue(args, 'out');
  if (out !== undefined) writeFiles(result, out, args.options.has('force'));
  if (args.options.has('json')) {
    const records = args.options.has('content')
      ? result.records.map((r) => ({ ...r, content: contentOf(result.fs.read(r.name)) }))
      : result.records;
    const kernel = { version: formatKernelVersion(result.machine.version), from: kernelFrom };
    const json = {
      ...(auto ? { auto } : {}),
      kernel,
      zones: result.zones,
      records,
      notes: result.notes
    };
    io.out(JSON.stringify(pmsg ? { ...json, pmsg } : json, null, 2));
  } else {
    if (auto) {
      io.out(
        `auto: --params '${auto.params}' --kernel ${auto.kernel}` +
          (auto.offset ? ` --offset ${hex(auto.offset)}` : '') +
          ` (confidence ${auto.confidence.toFixed(2)}; pstore probe ${path} shows the evidence)`
      );
    }
    io.out(decodeText(result, source.name, offset, out, kernelFrom, io.paint ?? plain));
    if (pmsg) {
      io.out(
        [
          '',
          'pmsg-ramoops-0 as Android logger frames (logcat threadtime, UTC):',
          ...pmsg.lines
        ].join('\n')
      );
    }
  }
  return 0;
}

/** The pmsg record as logcat lines, when it holds Android logger frames (or is asked to). */
function pmsgLogcat(
  result: DecodeResult,
  format: PmsgFormat
): { format: 'android'; lines: string[]; unparsed: number } | null {
  const file = result.fs.list().find((f) => f.record.type === PSTORE_TYPE.PMSG);
  if (!file || format === 'raw') return null;
  const r = file.record;
  const rendering = renderPmsg(r.buf.subarray(0, r.size), format);
  if (rendering.format !== 'android') return null;
  const lines = new TextDecoder().decode(rendering.bytes).split('\n');
  if (lines.at(-1) === '') lines.pop();
  return { format: 'android', lines, unparsed: rendering.unparsed.length };
}

function writeFiles(result: DecodeResult, dir: string, force: boolean): void {
  exportFiles(result.fs, dir, force);
}

/** The colour of a zone state in the table: what holds data green, what was rejected red. */
const STATE_STYLE: Readonly<Record<ZoneReport['state'], Style | null>> = {
  record: 'green',
  empty: 'dim',
  'bad-signature': 'red',
  'invalid-header': 'red',
  'bad-dump-header': 'red',
  'ftrace-merged': null
};

function decodeText(
  r: DecodeResult,
  path: string,
  offset: number,
  out: string | undefined,
  kernelFrom: KernelChoice['source'],
  paint: Paint
): string {
  const { config, era } = r.machine;
  const addr = config.memAddress;
  const lines = [
    `${path}: ramoops region of ${hex(config.memSize)} bytes at offset ${hex(offset)}` +
      (addr === null ? '' : ` (mem_address ${hex(addr)})`) +
      `, kernel ${era.label}${kernelFrom === 'image' ? ' (from its ftrace zone header)' : ''}, ECC ${config.ecc.eccSize || 'off'}, ${r.context.dprzs.length} dump zone(s)`,
    ''
  ];
  // Fold runs of empty dump zones: a 1 MiB region has hundreds of them.
  const rows: string[][] = [];
  for (let i = 0; i < r.zones.length; i++) {
    const z = r.zones[i]!;
    let j = i;
    if (z.type === 'dmesg') {
      while (
        j + 1 < r.zones.length &&
        r.zones[j + 1]!.type === 'dmesg' &&
        r.zones[j + 1]!.reason === z.reason
      ) {
        j++;
      }
    }
    rows.push([
      j > i ? `dmesg ${z.index}..${r.zones[j]!.index}` : z.name,
      hex(z.offset, 6),
      hex(z.size),
      paint(STATE_STYLE[z.state], z.state),
      z.reason
    ]);
    i = j;
  }
  lines.push(table(['zone', 'offset', 'size', 'state', 'detail'], rows), '');
  if (r.records.length) {
    lines.push(
      table(
        ['file', 'size', 'time', 'ECC'],
        r.records.map((x) => [
          x.name,
          String(x.size),
          x.time ?? '-',
          x.ecc
            ? paint(
                x.ecc.state === 'clean' ? null : x.ecc.state === 'corrected' ? 'yellow' : 'red',
                `${x.ecc.corrected} corrected, ${x.ecc.bad} bad`
              )
            : 'off'
        ])
      )
    );
  } else {
    lines.push('no records: a kernel with this configuration would show an empty /sys/fs/pstore');
  }
  if (out !== undefined) lines.push('', `wrote ${r.records.length} file(s) to ${out}`);
  for (const n of r.notes) lines.push(`${paint('yellow', 'note:')} ${n}`);
  return lines.join('\n');
}
