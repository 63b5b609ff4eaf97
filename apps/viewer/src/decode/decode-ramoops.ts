/**
 * One decode of a ramoops region with one layout: what a kernel of the chosen
 * version would show in /sys/fs/pstore, and what became of every zone — the
 * decode `pstore decode` runs (apps/cli commands/decode.ts decodeRegion()),
 * on a copy of the region, since the decode corrects ECC errors and rewrites
 * bad signatures in RAM as the kernel does.
 * Kernel counterpart: fs/pstore/ram.c ramoops_probe() and ramoops_pstore_read();
 * platform.c pstore_get_records(); inode.c.
 */
import {
  ftraceLineFormat,
  KallsymsTable,
  pstoreCompressor,
  PstoreFs,
  PSTORE_TYPE,
  renderFtraceFile,
  type PstoreRecord,
  type ReadRecord
} from '@pstore/pstore-fs';
import { formatKernelVersion } from '@pstore/ram-core';
import { misplacedZonesNote, RamoopsContext } from '@pstore/ramoops';
import { decodeMachine, ramoopsMachine } from './ramoops-config.ts';
import { ramoopsZones } from './ramoops-zones.ts';
import { recordView } from './records.ts';
import type { DecodeSettings, DecodeView, RecordView } from './types.ts';

const hex = (n: number) => `0x${n.toString(16)}`;

/** The region the settings name in `image`: from the offset, mem_size bytes (else to the end). */
function regionOf(image: Uint8Array, settings: DecodeSettings, memSize: number): Uint8Array {
  const avail = image.length - settings.offset;
  if (memSize > avail) {
    throw new Error(
      `the image is too short: the region needs mem_size ${memSize} (${hex(memSize)}) bytes at ` +
        `offset ${hex(settings.offset)}, and only ${avail} (${hex(avail)}) are there`
    );
  }
  return image.slice(settings.offset, settings.offset + memSize);
}

export function decodeRamoops(
  image: Uint8Array,
  settings: DecodeSettings,
  symbols: KallsymsTable | null
): Omit<DecodeView, 'ms'> {
  if (settings.offset < 0 || settings.offset >= image.length) {
    throw new Error(`offset ${hex(settings.offset)} is beyond the image's ${image.length} bytes`);
  }
  // The region's size comes from the words (else it is the image after the offset);
  // then the kernel may come from the region's ftrace headers.
  const { params, kernel, cpus } = settings;
  const memSize = ramoopsMachine(params, kernel, cpus, image.length - settings.offset).config
    .memSize;
  const region = regionOf(image, settings, memSize);
  const { machine, from, note } = decodeMachine(params, kernel, cpus, region);
  // The decode corrects and rewrites its copy (region); the image itself stays as it was read.
  const pristine = image.subarray(settings.offset, settings.offset + region.length);
  const { config, era, version } = machine;
  // 'read': nothing is written after the probe, so saved contents are views of the copy.
  const context = RamoopsContext.probe(region, config, {
    attach: 'read',
    era,
    nrCpus: machine.nrCpus
  });
  const notes: string[] = [...config.warnings];
  if (note) notes.push(note);
  const fs = new PstoreFs({
    renderFtrace: (record: PstoreRecord) => {
      const r = renderFtraceFile(
        record.buf.subarray(0, record.size),
        record.buf.subarray(record.size, record.size + record.eccNoticeSize),
        { layout: context.ftraceRecord, format: ftraceLineFormat(version), symbols }
      );
      return new TextEncoder().encode(r.text);
    }
  });
  const compressor = pstoreCompressor(version, {
    algorithm: config.pstore.compress,
    bufsize: context.bufsize
  });
  if (compressor.warning) notes.push(compressor.warning);
  const { records: read } = fs.mount(context, compressor);
  const dmesgIds = new Set(
    read.filter((r) => r.record.type === PSTORE_TYPE.DMESG).map((r) => r.record.id)
  );
  const stored = new Map(read.map((r) => [r.record, r.stored]));
  const files = new Map<string, string>();
  const records = fs.list().map((f) => {
    files.set(`${zoneTypeOf(f.record.type)} ${f.record.id}`, f.name);
    return recordView(f, fs.read(f.name), stored.get(f.record), recordEcc(f.record, context));
  });
  if (read.some((r) => r.record.type === PSTORE_TYPE.FTRACE) && symbols === null) {
    notes.push(
      'ftrace: no System.map given: functions are shown as addresses (open one to name them)'
    );
  }
  const zones = ramoopsZones(context, pristine, settings.offset, dmesgIds, files);
  if (
    zones.length &&
    zones.every((z) => z.state === 'bad-signature' || z.state === 'invalid-header')
  ) {
    const misplaced = misplacedZonesNote(
      region,
      zones.map((z) => z.offset - settings.offset)
    );
    if (misplaced) notes.push(misplaced);
  }
  for (const r of read) if (r.decompressFailure) notes.push(encNote(r, era.label));
  return {
    settings,
    kernel: formatKernelVersion(version),
    kernelFrom: from,
    regionSize: region.length,
    zones,
    records,
    notes
  };
}

function zoneTypeOf(type: number): string {
  switch (type) {
    case PSTORE_TYPE.DMESG:
      return 'dmesg';
    case PSTORE_TYPE.CONSOLE:
      return 'console';
    case PSTORE_TYPE.PMSG:
      return 'pmsg';
    case PSTORE_TYPE.FTRACE:
      return 'ftrace';
    default:
      return 'other';
  }
}

/** The ECC counters of the zone(s) a record came from (all per-CPU zones for ftrace). */
function recordEcc(r: PstoreRecord, cxt: RamoopsContext): RecordView['ecc'] {
  const zone =
    r.type === PSTORE_TYPE.DMESG
      ? cxt.dprzs[r.id]
      : r.type === PSTORE_TYPE.CONSOLE
        ? cxt.cprz
        : r.type === PSTORE_TYPE.PMSG
          ? cxt.mprz
          : null;
  const zones =
    r.type === PSTORE_TYPE.FTRACE ? cxt.fprzs.filter((z) => z.old?.length) : zone ? [zone] : [];
  if (!zones.some((z) => z.eccEnabled)) return null;
  const headers = zones.map((z) => z.probe.headerEcc);
  return {
    corrected: zones.reduce((n, z) => n + z.correctedBytes, 0),
    bad: zones.reduce((n, z) => n + z.badBlocks, 0),
    header: headers.some((h) => h < 0) ? -74 : headers.reduce((n, h) => n + h, 0)
  };
}

function encNote(r: ReadRecord, kernel: string): string {
  return (
    `dmesg-ramoops-${r.record.id}.enc.z: the dump is marked compressed but does not inflate with ` +
    `kernel ${kernel}'s decompressor (another kernel era or algorithm, or cut at the end of its zone); ` +
    'the file holds the raw stream'
  );
}
