/**
 * Builds a pstore/blk partition image that a kernel of version V, loading
 * pstore_blk with the same words on a device of this size, reads back as
 * exactly the reported records: the console and pmsg rings written as the
 * running system writes them, then the dumps, each made as pstore_dump()
 * makes it (the newest lines that fit, compressed as the era compresses) and
 * stored by psz_kmsg_write() in the next dump zone with its counter; then the
 * image is read back through a fresh backend and compared before anything is
 * written out.
 * Kernel counterpart: fs/pstore/zone.c psz_kmsg_write(), psz_record_write();
 * fs/pstore/platform.c pstore_dump().
 */
import { KMSG_DUMP_PANIC } from '@pstore/kmsg';
import { FTRACE_ARCH_LE64, ftraceLayout } from '@pstore/pstore-fs/backend';
import {
  encodeFtraceRecord,
  pstoreCompressor,
  pstoreCoreEra,
  PstoreFs,
  PSTORE_TYPE
} from '@pstore/pstore-fs';
import {
  KMSG_HEADER_SIZE,
  kmsgTotalLine,
  memoryZoneDevice,
  PstoreZoneBackend,
  pstoreZoneInfo,
  pszLayout,
  type PszLayout
} from '@pstore/pstore-zone';
import type { BlkSetup } from '../blk-options.ts';
import { CliError } from '../cli-error.ts';
import type { EncodedImage, EncodeInputs } from './build-image.ts';
import { resolveDmesgSpec } from './dmesg-spec.ts';
import { dumpBuffer } from './dump-buffer.ts';
import { planDump, type DumpBackend, type DumpSetup } from './dump-record.ts';
import { readDumpText } from './dump-text.ts';
import { readFtraceInput } from './ftrace-input.ts';
import { allocateImage, checkImageSize } from './image-limit.ts';
import { writeRingInput } from './ring-input.ts';
import { concatBytes, nowTimespec, recordOf } from './record-parts.ts';

const PSTORE_BLK: DumpBackend = {
  writer: 'psz_kmsg_write()',
  header: `its ${KMSG_HEADER_SIZE}-byte dump header`,
  file: 'dmesg-pstore_blk',
  swallowsWhitespace: false
};

/** The partition read back as the next boot reads it: every expected file, byte for byte. */
function verify(
  disk: Uint8Array,
  layout: PszLayout,
  blk: BlkSetup,
  expected: ReadonlyMap<string, Uint8Array>
): void {
  const backend = new PstoreZoneBackend(memoryZoneDevice(disk.slice()), layout, {
    ftrace: ftraceLayout(blk.version, FTRACE_ARCH_LE64)
  });
  const fs = new PstoreFs();
  fs.mount(
    backend,
    pstoreCompressor(blk.version, { algorithm: blk.compress, bufsize: layout.bufsize })
  );
  const names = new Set(fs.list().map((f) => f.name));
  for (const [name, bytes] of expected) {
    if (!names.has(name)) throw new Error(`the image does not read back: ${name} is missing`);
    if (Buffer.compare(fs.read(name), bytes) !== 0) {
      throw new Error(`the image does not read back: ${name} has other bytes`);
    }
  }
}

/**
 * @throws CliError for bad input (exit 2), always before anything is written.
 */
export function buildBlkImage(blk: BlkSetup, size: number, inputs: EncodeInputs): EncodedImage {
  checkImageSize(size);
  const specs = inputs.dmesg.map((s) => resolveDmesgSpec(s, blk.version));
  const layout = pszLayout(pstoreZoneInfo(blk.config, size, blk.version, blk.cpus));
  const dumpZones = layout.zones.filter((z) => z.type === 'dmesg');
  if (specs.length > dumpZones.length) {
    throw new CliError(
      `${specs.length} --dmesg records but the layout has ${dumpZones.length} dump zone(s)`
    );
  }
  for (const s of specs) {
    if (s.reason !== null && s.reason > blk.config.maxReason) {
      throw new CliError(
        `--dmesg ${s.path}: reason ${s.reason} is above pstore_blk.max_reason=${blk.config.maxReason}: ` +
          'the kernel never dumps it'
      );
    }
  }
  const disk = allocateImage(size);
  // With a panic writer, as mtdpstore has: a plain block device would lose a panic dump.
  const backend = new PstoreZoneBackend(memoryZoneDevice(disk, { panicWrite: true }), layout, {
    ftrace: ftraceLayout(blk.version, FTRACE_ARCH_LE64)
  });
  const compressor = pstoreCompressor(blk.version, {
    algorithm: blk.compress,
    bufsize: layout.bufsize
  });
  // The first mount: recovery of the blank device, after which writes reach it.
  new PstoreFs().mount(backend, compressor);
  const expected = new Map<string, Uint8Array>();
  const summary: string[] = [...blk.config.warnings, ...layout.info.warnings].map(
    (w) => `  note: ${w}`
  );

  // The running system's rings first: a panic dump stops every other write.
  for (const [opt, type, name] of [
    ['console', PSTORE_TYPE.CONSOLE, 'console-pstore_blk-0'],
    ['pmsg', PSTORE_TYPE.PMSG, 'pmsg-pstore_blk-0']
  ] as const) {
    const path = inputs[opt];
    if (path === undefined) continue;
    const zone = layout.zones.find((z) => z.type === opt);
    if (!zone) {
      throw new CliError(`--${opt}: the layout has no ${opt} zone (give pstore_blk.${opt}_size)`);
    }
    const ring = writeRingInput(path, `--${opt} file`, zone.capacity, (w) => {
      const r = recordOf(type, w);
      if (opt === 'console') backend.write(r);
      else backend.writeUser(r, w);
    });
    if (inputs.strict && ring.kept.length < ring.total) {
      throw new CliError(
        `--${opt} ${path}: --strict: ${ring.total} bytes do not fit the ${opt} zone, which holds ` +
          `${zone.capacity} bytes (${opt}_size ${zone.size} less the 12-byte zone header)`
      );
    }
    expected.set(name, ring.kept);
    summary.push(
      ring.kept.length < ring.total
        ? `  ${name}: ${ring.kept.length} bytes, the last of ${ring.total} written line by line (the ring wrapped)`
        : `  ${name}: ${ring.total} bytes`
    );
  }

  if (inputs.ftrace !== undefined) {
    const path = inputs.ftrace;
    const zones = layout.zones.filter((z) => z.type === 'ftrace');
    if (!zones.length) {
      throw new CliError('--ftrace: the layout has no ftrace zone (give pstore_blk.ftrace_size)');
    }
    const recordLayout = ftraceLayout(blk.version, FTRACE_ARCH_LE64);
    const calls = readFtraceInput(path, (c) => {
      if (c.cpu >= zones.length) {
        throw new CliError(`--ftrace ${path}: CPU ${c.cpu} has no zone (--cpus ${blk.cpus})`);
      }
      const r = recordOf(
        PSTORE_TYPE.FTRACE,
        encodeFtraceRecord(
          { ip: c.ip, parentIp: c.parentIp, cpu: c.cpu, counter: c.ts },
          recordLayout
        )
      );
      r.cpu = c.cpu;
      backend.write(r);
    });
    summary.push(`  ftrace-pstore_blk-0: ${calls} record(s)`);
  }

  if (specs.length) {
    const buffer = dumpBuffer(
      compressor,
      layout.bufsize,
      `a dump zone's capacity less its ${KMSG_HEADER_SIZE}-byte header`
    );
    const setup: DumpSetup = {
      buffer,
      compressor,
      fallback: pstoreCoreEra(blk.version).compressFallback,
      bigOopsBuf: buffer.name === 'big_oops_buf' ? new Uint8Array(buffer.size) : null
    };
    const counters = new Map<number, number>();
    for (const [i, spec] of specs.entries()) {
      const zone = dumpZones[i]!;
      const text = readDumpText(spec.path, blk.version, (hsize) => buffer.size - hsize);
      const plan = planDump(text, setup, {
        index: i,
        bufferSize: zone.capacity,
        hlen: KMSG_HEADER_SIZE,
        backend: PSTORE_BLK
      });
      if (inputs.strict && plan.losses.length) {
        throw new CliError(`--dmesg ${spec.path}: --strict: ${plan.losses.join('; ')}`);
      }
      const reason = spec.reason ?? text.headerReason?.value ?? KMSG_DUMP_PANIC;
      const r = recordOf(PSTORE_TYPE.DMESG, plan.payload);
      r.compressed = plan.compressed;
      r.part = 1;
      r.count = i + 1;
      r.reason = reason;
      r.time = spec.time ?? nowTimespec();
      const rc = backend.write(r);
      if (rc < 0) {
        throw new CliError(
          `--dmesg ${spec.path} (reason ${reason}): pstore/zone refuses it (errno ${-rc})`
        );
      }
      // psz_kmsg_write(): oopses and panics are counted from what the device held (nothing here).
      const counter = reason === 1 || reason === 2 ? (counters.get(reason) ?? 0) + 1 : 0;
      counters.set(reason, counter);
      const name = `dmesg-pstore_blk-${i}`;
      const shown = plan.compressed
        ? plan.stored
        : concatBytes(new TextEncoder().encode(kmsgTotalLine(reason, counter)), plan.stored);
      expected.set(name, shown);
      const kept =
        plan.stored.length === text.length ? '' : ` of the ${text.length} in ${spec.path}`;
      summary.push(
        `  ${name}: ${plan.stored.length} bytes${kept}` +
          (plan.compressed ? `, compressed to ${plan.payload.length}` : '') +
          (reason === KMSG_DUMP_PANIC
            ? ' (a panic: a plain block device has no panic_write and never stores one; mtdpstore does)'
            : ''),
        ...plan.losses.map((l) => `    ${l}`)
      );
    }
  }
  verify(disk, layout, blk, expected);
  return { image: disk, summary };
}
