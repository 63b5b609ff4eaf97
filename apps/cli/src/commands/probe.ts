/**
 * `pstore probe IMAGE`: the ramoops configurations and kernels that explain
 * an image, from its bytes alone, ranked, each as `ramoops.*` words, as a
 * device-tree node, with its evidence. For the engineer holding a RAM dump
 * who does not know the board's ramoops parameters or its kernel.
 * Kernel counterpart: fs/pstore/ram.c ramoops_probe() (inverted by @pstore/probe).
 */
import { probeBlkImage, probeImage, type BlkCandidate, type ProbeCandidate } from '@pstore/probe';
import { optionInt, optionValue, parseArgs, type OptionSpecs } from '../args.ts';
import { CliError } from '../cli-error.ts';
import { hex } from '../format.ts';
import { openImage } from '../image.ts';
import { bestConfidence, PROBE_STRONG, PROBE_WINDOW, probeLaterWindows } from '../probe-windows.ts';
import type { CommandIo } from './io.ts';

const PROBE_HELP = `usage: pstore probe IMAGE [--offset N] [--mem-address A] [--endian little|big] [--json]

Infers from IMAGE alone the ramoops configuration and kernel that wrote it (or the pstore_blk.*
words of a pstore/blk partition, a candidate with "backend": "blk"): where the region
starts (without --offset, the first zone header found), the dump zones' size and count, the
console, pmsg and ftrace sizes, the ECC size (whose header parity ends each zone), and the kernel
(an ftrace zone's signature holds its exact version; otherwise the era whose layout fits).
  IMAGE              a ramoops region, or a larger RAM dump; a file, .gz, a device, or -
  --offset N         where the region starts in IMAGE (default: found by scanning)
  --mem-address A    the region's physical address, for ramoops.mem_address and the DT node
  --endian E         byte order of the headers (default little)
  --json             {"candidates": [{"params", "kernel", "offset", "confidence", "evidence",
                     "dts"}], "unknown", "notes"}: best first; "unknown" says why when
                     nothing fits; "notes" what to know about the image (a .gz cut short)
Output: the candidates, best first, each with the words to pass to pstore decode --params, the
kernel to pass as --kernel, a confidence from 0 to 1 and its evidence. Exit 0 when a candidate
was found, 3 when none fits (the reason is printed), 2 for bad input.
With --offset, 256 MiB from it are probed. Without it, a larger image (a whole-RAM dump, as a
file, a .gz or a stream) is scanned to its end for zone headers, 64 MiB at a time, and 256 MiB
from each likely region start are probed in turn (at most 16 starts; a stream that does not end
is scanned up to 64 GiB): memory stays near 300 MB whatever its size.

example: pstore probe ram.bin && pstore decode ram.bin --auto`;

export const PROBE_OPTIONS: OptionSpecs = {
  offset: { value: true },
  'mem-address': { value: true },
  endian: { value: true },
  json: {},
  help: {},
  h: {}
};

/** A candidate of either backend, as probe shows it and decode --auto takes it. */
type AnyCandidate =
  (ProbeCandidate & { readonly backend: 'ramoops' }) | (BlkCandidate & { readonly backend: 'blk' });

export interface ProbeOutcome {
  readonly candidates: readonly AnyCandidate[];
  readonly unknown: string | null;
  /** What the reader should know about the image itself (a .gz cut short). */
  readonly notes: readonly string[];
}

/** Probes `path` as a ramoops region and as a pstore/blk partition; shared with decode --auto. */
export function probePath(
  path: string,
  options: { offset?: number; memAddress?: number; endian?: 'little' | 'big' }
): { readonly name: string; readonly result: ProbeOutcome } {
  const source = openImage(path);
  try {
    const endian = options.endian ?? 'little';
    const from = options.offset ?? 0;
    // One window of the image is read first (a file's or a stream's: a stream
    // goes on only for the scan below). Its memory is the source's, reused by the scan.
    const bytes = source.view(from, PROBE_WINDOW);
    const more = source.size === null || from + bytes.length < source.size;
    let result = probeImage(bytes, {
      ...(options.offset === undefined ? {} : { offset: 0 }),
      ...(options.memAddress === undefined ? {} : { memAddress: options.memAddress }),
      endian,
      window: more,
      origin: from
    });
    // pstore/zone headers are little-endian here (x86-64, arm64, riscv64).
    const blk = options.endian === 'big' ? null : probeBlkImage(bytes);
    let shift = from;
    const strong = bestConfidence(result) >= PROBE_STRONG;
    if (!strong && options.offset === undefined && more) {
      // A whole-RAM dump with the region past the first window: scan the rest.
      const later = probeLaterWindows(source, bytes, {
        endian,
        ...(options.memAddress === undefined ? {} : { memAddress: options.memAddress })
      });
      if (later.result && bestConfidence(later.result) > bestConfidence(result)) {
        [result, shift] = [later.result, later.start];
      } else if (!later.result && !result.candidates.length) {
        result = { candidates: [], unknown: later.reason };
      }
    }
    // Offsets in the result are relative to what was read: make them the image's.
    const candidates: AnyCandidate[] = result.candidates.map((c) => ({
      ...c,
      backend: 'ramoops' as const,
      offset: c.offset + shift
    }));
    if (blk) candidates.push({ ...blk, backend: 'blk', offset: blk.offset + from });
    candidates.sort((a, b) => b.confidence - a.confidence);
    return {
      name: source.name,
      result: {
        candidates,
        unknown: candidates.length ? null : result.unknown,
        notes: source.truncated ? [`${source.truncated}: what came before the cut was probed`] : []
      }
    };
  } finally {
    source.close();
  }
}

function endianOption(value: string | undefined): 'little' | 'big' {
  if (value === undefined || value === 'little' || value === 'big') return value ?? 'little';
  throw new CliError(`--endian must be little or big (got "${value}")`);
}

export function runProbe(argv: readonly string[], io: CommandIo): number {
  const args = parseArgs(argv, PROBE_OPTIONS, 'probe');
  if (args.options.has('help') || args.options.has('h')) {
    io.out(PROBE_HELP);
    return 0;
  }
  if (args.positional.length !== 1) {
    io.fail(
      args.positional.length
        ? `probe takes one IMAGE, got ${args.positional.length}`
        : 'missing IMAGE (see pstore probe --help)'
    );
  }
  const offset = optionInt(args, 'offset');
  const memAddress = optionInt(args, 'mem-address');
  const endian = endianOption(optionValue(args, 'endian'));
  const { name, result } = probePath(args.positional[0]!, {
    ...(offset === undefined ? {} : { offset }),
    ...(memAddress === undefined ? {} : { memAddress }),
    endian
  });
  if (args.options.has('json')) {
    const candidates = result.candidates.map((c) => ({
      backend: c.backend,
      params: c.params,
      kernel: c.kernel,
      decodeKernel: c.decodeKernel,
      offset: c.offset,
      ...(c.backend === 'blk' ? { size: c.size } : {}),
      cpus: c.cpus,
      confidence: c.confidence,
      evidence: c.evidence,
      dts: c.backend === 'ramoops' ? c.dts : null
    }));
    io.out(JSON.stringify({ candidates, unknown: result.unknown, notes: result.notes }, null, 2));
  } else {
    io.out(probeText(name, result.candidates, result.unknown));
    for (const n of result.notes) io.out(`note: ${n}`);
  }
  return result.candidates.length ? 0 : 3;
}

function probeText(
  name: string,
  candidates: readonly AnyCandidate[],
  unknown: string | null
): string {
  if (!candidates.length) return `${name}: unknown: ${unknown ?? 'nothing fits'}`;
  const lines = [`${name}: ${candidates.length} candidate(s), best first`];
  candidates.forEach((c, i) => {
    if (c.backend === 'blk') {
      lines.push(
        '',
        `#${i + 1}  confidence ${c.confidence.toFixed(2)}  kernel ${c.kernel}  pstore/blk partition at offset ${hex(c.offset)}`,
        `    --backend blk --size ${hex(c.size)} --params '${c.params}'`,
        `    --kernel ${c.decodeKernel}${c.offset ? ` --offset ${hex(c.offset)}` : ''}` +
          (c.cpus > 1 ? ` --cpus ${c.cpus}` : ''),
        ...c.evidence.map((e) => `    - ${e}`)
      );
      return;
    }
    lines.push(
      '',
      `#${i + 1}  confidence ${c.confidence.toFixed(2)}  kernel ${c.kernel}  region at offset ${hex(c.offset)}`,
      `    --params '${c.params}'`,
      `    --kernel ${c.decodeKernel}${c.offset ? ` --offset ${hex(c.offset)}` : ''}` +
        (c.cpus > 1 ? ` --cpus ${c.cpus}` : ''),
      ...c.evidence.map((e) => `    - ${e}`),
      '    device tree:',
      ...c.dts.split('\n').map((l) => `      ${l.replace(/\t/g, '  ')}`)
    );
  });
  return lines.join('\n');
}
