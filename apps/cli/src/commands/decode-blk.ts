/**
 * `pstore decode IMAGE --backend blk`: a pstore/blk partition (or a whole disk
 * with --offset and --size) read as the kernel reads it at the first mount:
 * the zones laid out from the pstore_blk.* words, every zone's header judged
 * (a reason for each one that yields nothing), the dumps with their
 * "<Reason>: Total N times" line or decompressed, the rings' old contents,
 * named dmesg-pstore_blk-<zone>, console-/pmsg-/ftrace-pstore_blk-0.
 * Kernel counterpart: fs/pstore/zone.c psz_recovery(), psz_pstore_read();
 * fs/pstore/blk.c (the parameters); platform.c decompress_record();
 * inode.c pstore_mkfile().
 */
import { nodeInflate } from '../native-inflate.ts';
import { FTRACE_ARCH_LE64, ftraceLayout } from '@pstore/pstore-fs/backend';
import {
  ftraceLineFormat,
  pstoreCompressor,
  PstoreFs,
  renderFtraceFile,
  type PstoreRecord
} from '@pstore/pstore-fs';
import {
  PstoreZoneBackend,
  memoryZoneDevice,
  pstoreZoneInfo,
  pszLayout,
  type ZoneFinding,
  type ZoneState
} from '@pstore/pstore-zone';
import type { Paint, Style } from '@pstore/cli-kit';
import { formatKernelVersion } from '@pstore/ram-core';
import { optionInt, optionValue, type ParsedArgs } from '../args.ts';
import { blkSetup, unsizedNote } from '../blk-options.ts';
import { CliError } from '../cli-error.ts';
import { hex, table } from '../format.ts';
import { openImage } from '../image.ts';
import type { AutoChoice } from './decode.ts';
import { contentOf, describeBackendRecord, type DecodedRecord } from './decode-record.ts';
import { exportFiles } from './export-files.ts';
import { plain, type CommandIo } from './io.ts';
import { loadSymbols } from './symbols.ts';
import type { ZoneReport } from './zone-report.ts';

/** A zone as `--json` reports it: the ramoops zones' shape, pstore/zone's states, no ECC. */
type BlkZoneReport = Omit<ZoneReport, 'state' | 'ecc'> & {
  readonly state: ZoneState;
  readonly ecc: null;
};

function zoneName(f: ZoneFinding, counts: ReadonlyMap<string, number>): string {
  return (counts.get(f.zone.type) ?? 0) > 1 ? `${f.zone.type} ${f.zone.index}` : f.zone.type;
}

export function runDecodeBlk(
  args: ParsedArgs,
  path: string,
  io: CommandIo,
  auto: AutoChoice | null = null
): number {
  const { config: cfg, compress, version, cpus, unsized } = blkSetup(args);
  const symbols = loadSymbols(optionValue(args, 'symbols'));
  const offset = optionInt(args, 'offset') ?? 0;
  const source = openImage(path);
  let device: Uint8Array;
  try {
    const available = source.available(offset);
    const size = optionInt(args, 'size') ?? available;
    if (size > available) {
      throw new CliError(
        `--size ${hex(size)} runs past the end of ${source.name}: ${available} (${hex(available)}) ` +
          `bytes are there from offset ${hex(offset)}`
      );
    }
    device = source.region(offset, size);
  } finally {
    source.close();
  }
  const layout = pszLayout(pstoreZoneInfo(cfg, device.length, version, cpus));
  const backend = new PstoreZoneBackend(memoryZoneDevice(device), layout, {
    ftrace: ftraceLayout(version, FTRACE_ARCH_LE64)
  });
  const fs = new PstoreFs({
    renderFtrace: (record: PstoreRecord) =>
      new TextEncoder().encode(
        renderFtraceFile(record.buf.subarray(0, record.size), new Uint8Array(0), {
          layout: ftraceLayout(version, FTRACE_ARCH_LE64),
          format: ftraceLineFormat(version),
          symbols
        }).text
      )
  });
  const compressor = pstoreCompressor(version, {
    algorithm: compress,
    bufsize: layout.bufsize,
    inflate: nodeInflate
  });
  const notes = [...cfg.warnings, ...layout.info.warnings];
  if (compressor.warning) notes.push(compressor.warning);
  const { records: read } = fs.mount(backend, compressor);
  const recovery = backend.recovery!;
  if (recovery.failure) {
    notes.push(`the kernel shows no file at all: ${recovery.failure}`);
  }
  for (const r of read) {
    if (r.decompressFailure) {
      notes.push(
        `dmesg-pstore_blk-${r.record.id}.enc.z: the dump is marked compressed but does not ` +
          `inflate with kernel ${formatKernelVersion(version)}'s decompressor: the file holds the raw stream`
      );
    }
  }
  const unsizedWords = unsizedNote(unsized);
  if (unsizedWords) notes.push(unsizedWords);
  const counts = new Map<string, number>();
  for (const z of layout.zones) counts.set(z.type, (counts.get(z.type) ?? 0) + 1);
  const zones: BlkZoneReport[] = recovery.findings.map((f) => ({
    name: zoneName(f, counts),
    type: f.zone.type,
    index: f.zone.index,
    offset: offset + f.zone.offset,
    size: f.zone.size,
    dataCapacity: f.zone.capacity,
    start: f.header.start,
    used: f.header.datalen,
    state: f.state,
    reason: f.detail,
    ecc: null
  }));
  const stored = new Map(read.map((r) => [r.record, r.stored]));
  const records = fs.list().map((f) => describeBackendRecord(f, stored.get(f.record), null));
  const out = optionValue(args, 'out');
  if (out !== undefined) exportFiles(fs, out, args.options.has('force'));
  const kernel = formatKernelVersion(version);
  if (args.options.has('json')) {
    const rs = args.options.has('content')
      ? records.map((r) => ({ ...r, content: contentOf(fs.read(r.name)) }))
      : records;
    io.out(
      JSON.stringify(
        {
          ...(auto ? { auto } : {}),
          backend: 'blk',
          kernel: { version: kernel, from: auto ? 'probe' : 'given' },
          zones,
          records: rs,
          notes
        },
        null,
        2
      )
    );
    return 0;
  }
  if (auto) {
    io.out(
      `auto: --backend blk --size ${hex(device.length)} --params '${auto.params}' --kernel ${auto.kernel}` +
        (offset ? ` --offset ${hex(offset)}` : '') +
        ` (confidence ${auto.confidence.toFixed(2)}; pstore probe ${path} shows the evidence)`
    );
  }
  io.out(text(path, offset, device.length, kernel, zones, records, notes, out, io.paint ?? plain));
  return 0;
}

/** The colour of a zone state: what holds data green, what was rejected red. */
const STATE_STYLE: Readonly<Record<string, Style | null>> = {
  record: 'green',
  empty: 'dim',
  erased: 'dim',
  blank: 'dim'
};

function text(
  path: string,
  offset: number,
  size: number,
  kernel: string,
  zones: readonly BlkZoneReport[],
  records: readonly DecodedRecord[],
  notes: readonly string[],
  out: string | undefined,
  paint: Paint
): string {
  const lines = [
    `${path}: pstore/blk device of ${hex(size)} bytes at offset ${hex(offset)}, kernel ${kernel}, ` +
      `${zones.filter((z) => z.type === 'dmesg').length} dump zone(s)`,
    ''
  ];
  // Fold runs of dump zones in the same state and detail (a partition has hundreds).
  const rows: string[][] = [];
  for (let i = 0; i < zones.length; i++) {
    const z = zones[i]!;
    let j = i;
    if (z.type === 'dmesg') {
      while (
        j + 1 < zones.length &&
        zones[j + 1]!.type === 'dmesg' &&
        zones[j + 1]!.state === z.state &&
        zones[j + 1]!.reason === z.reason
      ) {
        j++;
      }
    }
    rows.push([
      j > i ? `dmesg ${z.index}..${zones[j]!.index}` : z.name,
      hex(z.offset, 6),
      hex(z.size),
      paint(STATE_STYLE[z.state] ?? 'red', z.state),
      z.reason
    ]);
    i = j;
  }
  lines.push(table(['zone', 'offset', 'size', 'state', 'detail'], rows), '');
  if (records.length) {
    lines.push(
      table(
        ['file', 'size', 'time'],
        records.map((x) => [x.name, String(x.size), x.time ?? '-'])
      ),
      ''
    );
  } else {
    lines.push('no files: the kernel would show an empty /sys/fs/pstore', '');
  }
  if (out !== undefined) lines.push(`wrote ${records.length} file(s) to ${out}`);
  for (const n of notes) lines.push(`note: ${n}`);
  return lines.join('\n').replace(/\n+$/, '');
}
