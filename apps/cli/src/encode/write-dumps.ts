/**
 * The --dmesg inputs written as a kernel writes crash dumps: dump i of the
 * boot (oopscount i + 1) into dump zone i, through the same compression set
 * up for the whole boot, each reduced to what pstore_dump() and ramoops
 * would store (dump-record.ts). With --strict, a dump the kernel would not
 * store whole is refused instead, naming the limit.
 * Kernel counterpart: fs/pstore/platform.c pstore_dump() (one call per dump,
 * big_oops_buf shared by all) and fs/pstore/ram.c ramoops_pstore_write().
 */
import { KMSG_DUMP_PANIC } from '@pstore/kmsg';
import { pstoreCompressor, pstoreCoreEra, pstoreRecordInit, PSTORE_TYPE } from '@pstore/pstore-fs';
import { kernelIsSpace, writeKmsgHeader, type RamoopsContext } from '@pstore/ramoops';
import { CliError } from '../cli-error.ts';
import type { MachineConfig } from '../config-options.ts';
import type { DmesgSpec } from './dmesg-spec.ts';
import { bufsizeSource, dumpBuffer } from './dump-buffer.ts';
import { planDump, type DumpSetup } from './dump-record.ts';
import { readDumpText } from './dump-text.ts';
import { nowTimespec } from './record-parts.ts';

/** What was written for one dump. */
export interface WrittenDump {
  /** dmesg-ramoops-N */
  readonly name: string;
  /** What the file shows (ECC notice aside). */
  readonly stored: Uint8Array;
  readonly summary: readonly string[];
}

/** pstore_register()'s compression set-up for this backend: one per boot. */
function dumpSetup(cxt: RamoopsContext, machine: MachineConfig): DumpSetup {
  const compressor = pstoreCompressor(machine.version, {
    algorithm: machine.config.pstore.compress,
    bufsize: cxt.bufsize
  });
  const buffer = dumpBuffer(compressor, cxt.bufsize, bufsizeSource(machine.era, cxt.layout));
  return {
    buffer,
    compressor,
    fallback: pstoreCoreEra(machine.version).compressFallback,
    // kvzalloc()ed once at registration: zeros until the first dump.
    bigOopsBuf: buffer.name === 'big_oops_buf' ? new Uint8Array(buffer.size) : null
  };
}

/**
 * Writes the dumps into consecutive dump zones from 0.
 * @throws CliError for a text the kernel cannot store, or (with `strict`)
 *   one it would not store whole.
 */
export function writeDumps(
  cxt: RamoopsContext,
  machine: MachineConfig,
  specs: readonly DmesgSpec[],
  strict: boolean
): WrittenDump[] {
  if (specs.length > cxt.dprzs.length) {
    throw new CliError(
      `${specs.length} --dmesg records but the layout has ${cxt.dprzs.length} dump zone(s)`
    );
  }
  if (specs.length === 0) return [];
  const setup = dumpSetup(cxt, machine);
  const out: WrittenDump[] = [];
  for (const [i, spec] of specs.entries()) {
    const zone = cxt.dprzs[i]!;
    const text = readDumpText(spec.path, machine.version, (hsize) => setup.buffer.size - hsize);
    if (text.first !== null && kernelIsSpace(text.first)) {
      // The reader's sscanf("…-%c\n%n") swallows every whitespace byte after the
      // header line: a plain dump would come back without its first bytes.
      throw new CliError(
        `--dmesg ${spec.path} starts with whitespace (0x${text.first.toString(16).padStart(2, '0')}): the kernel's dump-header ` +
          'parser swallows whitespace after the "====…" line, so the record would not read back the same'
      );
    }
    const when = spec.time ?? nowTimespec();
    // "====<sec>.<usec>-<C|D>\n": its length does not depend on C or D.
    const hlen = writeKmsgHeader(when, false, {
      paddedUsec: machine.era.dmesgHeaderFormat === 'padded'
    }).length;
    const plan = planDump(text, setup, { index: i, bufferSize: zone.bufferSize, hlen });
    if (strict && plan.losses.length) {
      throw new CliError(`--dmesg ${spec.path}: --strict: ${plan.losses.join('; ')}`);
    }
    const reason = spec.reason ?? text.headerReason?.value ?? KMSG_DUMP_PANIC;
    const r = pstoreRecordInit(PSTORE_TYPE.DMESG);
    r.buf = plan.payload;
    r.size = plan.payload.length;
    r.compressed = plan.compressed;
    r.part = 1;
    r.count = i + 1;
    r.reason = reason;
    r.time = when;
    const rc = cxt.write(r);
    if (rc < 0) {
      throw new CliError(
        `--dmesg ${spec.path} (reason ${reason}): the kernel's ramoops refuses it (errno ${-rc})`
      );
    }
    const name = `dmesg-ramoops-${i}`;
    const kept = plan.stored.length === text.length ? '' : ` of the ${text.length} in ${spec.path}`;
    out.push({
      name,
      stored: plan.stored,
      summary: [
        `  ${name}: ${plan.stored.length} bytes${kept}` +
          (plan.compressed ? `, compressed to ${plan.payload.length}` : ''),
        ...plan.losses.map((l) => `    ${l}`)
      ]
    });
  }
  return out;
}
