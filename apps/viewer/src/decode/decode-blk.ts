/**
 * One decode of a pstore/blk partition (the pstore/zone format) with one set
 * of pstore_blk.* words: the zones laid out as the kernel lays them out, every
 * zone's header judged, the files of the first mount — what
 * `pstore decode --backend blk` does (apps/cli commands/decode-blk.ts and
 * blk-options.ts). A frontend has a zone exactly when its size word is given.
 * Kernel counterpart: fs/pstore/zone.c psz_recovery(), psz_pstore_read();
 * fs/pstore/blk.c (the parameters); inode.c.
 */
import { FTRACE_ARCH_LE64, ftraceLayout } from '@pstore/pstore-fs/backend';
import {
  ftraceLineFormat,
  KallsymsTable,
  pstoreCompressor,
  PstoreFs,
  renderFtraceFile,
  type PstoreRecord
} from '@pstore/pstore-fs';
import {
  blkConfigFromCmdline,
  memoryZoneDevice,
  PstoreZoneBackend,
  pstoreZoneInfo,
  pszLayout,
  pszSig,
  type ZoneFinding
} from '@pstore/pstore-zone';
import { DEFAULT_KERNEL, formatKernelVersion, parseKernelVersion } from '@pstore/ram-core';
import { recordView } from './records.ts';
import type { DecodeSettings, DecodeView, ZoneView } from './types.ts';

const hex = (n: number) => `0x${n.toString(16)}`;

/** States in which the kernel shows nothing for the zone although something was there. */
const REJECTED = new Set([
  'bad-signature',
  'overtop',
  'invalid-magic',
  'truncated',
  'start-beyond-datalen'
]);

/** The pstore_blk words, checked as `decode --backend blk` checks them. */
function blkConfig(words: string) {
  const stray = words
    .trim()
    .split(/\s+/)
    .filter((w) => w && !w.startsWith('pstore_blk.') && !w.startsWith('pstore.'));
  if (stray.length) {
    throw new Error(
      `a pstore/blk partition takes pstore_blk.* and pstore.* words, not ${stray.join(' ')} ` +
        "(e.g. 'pstore_blk.kmsg_size=64 pstore_blk.console_size=64')"
    );
  }
  if (!/pstore_blk\.\w+_size=/.test(words)) {
    throw new Error(
      "a pstore/blk partition needs the sizes the kernel used: 'pstore_blk.kmsg_size=64 …' " +
        '(in KiB; pmsg_size, console_size and ftrace_size for the frontends it was built with)'
    );
  }
  const given = (n: string) => new RegExp(`(?:^|\\s)pstore_blk\\.${n}_size=`).test(words);
  return {
    config: blkConfigFromCmdline(words, {
      pmsg: given('pmsg'),
      console: given('console'),
      ftrace: given('ftrace')
    }),
    compress: /(?:^|\s)pstore\.compress=(\S+)/.exec(words)?.[1],
    unsized: ['pmsg', 'console', 'ftrace'].filter((t) => !given(t))
  };
}

export function decodeBlk(
  image: Uint8Array,
  settings: DecodeSettings,
  symbols: KallsymsTable | null
): Omit<DecodeView, 'ms'> {
  const { offset } = settings;
  const avail = image.length - offset;
  if (offset < 0 || avail <= 0) {
    throw new Error(`offset ${hex(offset)} is beyond the image's ${image.length} bytes`);
  }
  const size = settings.size ?? avail;
  if (size > avail) {
    throw new Error(
      `the partition's ${size} (${hex(size)}) bytes run past the end of the image: ` +
        `${avail} (${hex(avail)}) are there from offset ${hex(offset)}`
    );
  }
  const { config, compress, unsized } = blkConfig(settings.params);
  const version = parseKernelVersion(settings.kernel || DEFAULT_KERNEL);
  // The decode reads a copy: recovery may rewrite headers, as the kernel does on disk.
  const device = image.slice(offset, offset + size);
  const layout = pszLayout(pstoreZoneInfo(config, device.length, version, settings.cpus));
  const ftrace = ftraceLayout(version, FTRACE_ARCH_LE64);
  const backend = new PstoreZoneBackend(memoryZoneDevice(device), layout, { ftrace });
  const fs = new PstoreFs({
    renderFtrace: (record: PstoreRecord) =>
      new TextEncoder().encode(
        renderFtraceFile(record.buf.subarray(0, record.size), new Uint8Array(0), {
          layout: ftrace,
          format: ftraceLineFormat(version),
          symbols
        }).text
      )
  });
  const compressor = pstoreCompressor(version, { algorithm: compress, bufsize: layout.bufsize });
  const notes = [...config.warnings, ...layout.info.warnings];
  if (compressor.warning) notes.push(compressor.warning);
  const { records: read } = fs.mount(backend, compressor);
  const recovery = backend.recovery!;
  if (recovery.failure) notes.push(`the kernel shows no file at all: ${recovery.failure}`);
  for (const r of read) {
    if (r.decompressFailure) {
      notes.push(
        `dmesg-pstore_blk-${r.record.id}.enc.z: the dump is marked compressed but does not ` +
          `inflate with kernel ${formatKernelVersion(version)}'s decompressor: the file holds the raw stream`
      );
    }
  }
  if (unsized.length) {
    notes.push(
      `no ${unsized.join(', ')} zone: a kernel built with those frontends gives each 64 KiB by ` +
        'default; give pstore_blk.<name>_size to lay them out'
    );
  }
  const stored = new Map(read.map((r) => [r.record, r.stored]));
  const records = fs.list().map((f) => recordView(f, fs.read(f.name), stored.get(f.record), null));
  const byZone = new Map(records.map((r) => [`${r.kind} ${r.id}`, r.name]));
  const counts = new Map<string, number>();
  for (const z of layout.zones) counts.set(z.type, (counts.get(z.type) ?? 0) + 1);
  const zones = recovery.findings.map((f) =>
    zoneView(f, offset, counts.get(f.zone.type) ?? 1, byZone)
  );
  return {
    settings,
    kernel: formatKernelVersion(version),
    kernelFrom: settings.kernel ? 'option' : 'default',
    regionSize: device.length,
    zones,
    records,
    notes
  };
}

function zoneView(
  f: ZoneFinding,
  offset: number,
  count: number,
  files: ReadonlyMap<string, string>
): ZoneView {
  const { zone } = f;
  const file =
    f.state === 'record'
      ? (files.get(`${zone.type} ${zone.index}`) ?? files.get(`${zone.type} 0`) ?? null)
      : null;
  return {
    name: count > 1 || zone.type === 'dmesg' ? `${zone.type} ${zone.index}` : zone.type,
    type: zone.type,
    index: zone.index,
    offset: offset + zone.offset,
    size: zone.size,
    capacity: zone.capacity,
    start: f.header.start,
    used: f.header.datalen,
    state: f.state,
    rejected: REJECTED.has(f.state),
    reason: f.detail,
    signature: { stored: f.header.sig, read: f.header.sig, expected: pszSig(zone.type) },
    ecc: null,
    file
  };
}
