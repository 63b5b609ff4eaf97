/**
 * Builds the ramoops image a kernel of version V, booted with the same
 * configuration, reads back as exactly the reported records. The image is
 * what that kernel itself would have left in RAM: every zone attached
 * (signature, zapped header, parity), then the records written through the
 * same paths the kernel uses (ramoops_pstore_write/_write_user), then read
 * back and compared (verify-image.ts) before anything is written out.
 * Kernel counterpart: fs/pstore/ram.c ramoops_probe() and the pstore write
 * paths of dumps (platform.c pstore_dump()), the console, pmsg and ftrace.
 */
import { encodeFtraceRecord, PSTORE_TYPE } from '@pstore/pstore-fs';
import { RamoopsContext } from '@pstore/ramoops';
import { CliError } from '../cli-error.ts';
import type { MachineConfig } from '../config-options.ts';
import { resolveDmesgSpec } from './dmesg-spec.ts';
import { readFtraceInput } from './ftrace-input.ts';
import { allocateImage, checkImageSize } from './image-limit.ts';
import { writeRingInput } from './ring-input.ts';
import { verifyImage } from './verify-image.ts';
import { writeDumps } from './write-dumps.ts';
import { recordOf } from './record-parts.ts';

export interface EncodeInputs {
  /** FILE[:REASON[:UNIXTIME]] specs, in zone order. */
  readonly dmesg: readonly string[];
  readonly console?: string;
  readonly pmsg?: string;
  readonly ftrace?: string;
  /** Refuse input the kernel would not keep whole, instead of leaving the oldest out. */
  readonly strict: boolean;
}

export interface EncodedImage {
  readonly image: Uint8Array;
  /** One line per record, with indented notes on what was left out and why. */
  readonly summary: readonly string[];
}

function check(rc: number, what: string): void {
  if (rc < 0) throw new CliError(`${what}: the kernel's ramoops refuses it (errno ${-rc})`);
}

/** "4084 bytes (console_size 4096 less the zone header and ECC parity)". */
function capacityWords(cxt: RamoopsContext, type: 'console' | 'pmsg', capacity: number): string {
  const spec = cxt.layout.zones.find((z) => z.type === type);
  return spec
    ? `${capacity} bytes (${type}_size ${spec.size} less the 12-byte zone header` +
        `${cxt.config.ecc.eccSize ? ' and ECC parity' : ''})`
    : `${capacity} bytes`;
}

/**
 * @throws CliError for bad input (exit 2), always before anything is written.
 */
export function buildImage(machine: MachineConfig, inputs: EncodeInputs): EncodedImage {
  const { config, era } = machine;
  // Before the layout and before any allocation: the one limit of this tool.
  checkImageSize(config.memSize);
  // Cheap checks first: a mistyped --dmesg costs no image.
  const specs = inputs.dmesg.map((s) => resolveDmesgSpec(s, machine.version));
  const image = allocateImage(config.memSize);
  const cxt = RamoopsContext.probe(image, config, {
    era,
    nrCpus: machine.nrCpus,
    endian: machine.endian,
    longBytes: machine.longBytes
  });
  const expected = new Map<string, Uint8Array>();
  const summary: string[] = [];

  for (const d of writeDumps(cxt, machine, specs, inputs.strict)) {
    expected.set(d.name, d.stored);
    summary.push(...d.summary);
  }

  for (const [opt, type, name] of [
    ['console', PSTORE_TYPE.CONSOLE, 'console-ramoops-0'],
    ['pmsg', PSTORE_TYPE.PMSG, 'pmsg-ramoops-0']
  ] as const) {
    const path = inputs[opt];
    if (path === undefined) continue;
    const zone = opt === 'console' ? cxt.cprz : cxt.mprz;
    if (!zone) throw new CliError(`--${opt}: the layout has no ${opt} zone (${opt}_size is 0)`);
    const ring = writeRingInput(path, `--${opt} file`, zone.bufferSize, (w) => {
      const r = recordOf(type, w);
      check(opt === 'console' ? cxt.write(r) : cxt.writeUser(r, w), `--${opt} ${path}`);
    });
    const kept = ring.kept;
    if (inputs.strict && kept.length < ring.total) {
      throw new CliError(
        `--${opt} ${path}: --strict: ${ring.total} bytes do not fit the ${opt} zone, which holds ` +
          `${capacityWords(cxt, opt, zone.bufferSize)}; the ring would keep the last ${kept.length}`
      );
    }
    expected.set(name, kept);
    summary.push(
      kept.length < ring.total
        ? `  ${name}: ${kept.length} bytes, the last of ${ring.total} written line by line (the ring wrapped: start ${zone.start})`
        : `  ${name}: ${ring.total} bytes`
    );
  }

  if (inputs.ftrace !== undefined) {
    const path = inputs.ftrace;
    if (!cxt.fprzs.length) {
      throw new CliError('--ftrace: the layout has no ftrace zone (ftrace_size is 0)');
    }
    const written = new Array<number>(cxt.fprzs.length).fill(0);
    const calls = readFtraceInput(path, (c) => {
      if (cxt.perCpuFtrace && c.cpu >= cxt.fprzs.length) {
        throw new CliError(`--ftrace ${path}: CPU ${c.cpu} has no zone (--cpus ${machine.nrCpus})`);
      }
      const bytes = encodeFtraceRecord(
        { ip: c.ip, parentIp: c.parentIp, cpu: c.cpu, counter: c.ts },
        cxt.ftraceRecord
      );
      const r = recordOf(PSTORE_TYPE.FTRACE, bytes);
      r.cpu = c.cpu;
      check(cxt.write(r), `--ftrace ${path}`);
      written[cxt.perCpuFtrace ? c.cpu : 0]! += bytes.length;
    });
    const wrapped = written.findIndex((n, i) => n > cxt.fprzs[i]!.bufferSize);
    if (wrapped >= 0 && inputs.strict) {
      throw new CliError(
        `--ftrace ${path}: --strict: ${written[wrapped]} bytes of records for ftrace zone ${wrapped} ` +
          `do not fit its ${cxt.fprzs[wrapped]!.bufferSize} bytes; the ring would keep only the newest`
      );
    }
    summary.push(
      `  ftrace: ${calls} record(s)` +
        (wrapped >= 0 ? ' (a zone wrapped: the kernel shows only the newest records that fit)' : '')
    );
  }

  verifyImage(cxt, machine, expected);
  return { image, summary };
}
