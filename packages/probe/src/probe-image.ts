/**
 * `pstore probe`: the ramoops configurations and kernels that explain an
 * image, ranked. Each inferred layout (infer-layout.ts) is laid out again by
 * each era's rules (@pstore/ramoops) and kept where the kernel would put
 * every zone exactly where a header is; the image's ftrace signature, the
 * zone order and the dump zones' rounding narrow the kernel.
 * Kernel counterpart: fs/pstore/ram.c ramoops_probe() (inverted).
 */
import { parseKernelVersion, type Endian } from '@pstore/ram-core';
import { ramoopsEra, ramoopsFromCmdline, ramoopsLayout } from '@pstore/ramoops';
import {
  ftraceSignaturesAt,
  kernelFromFtraceSignatures,
  versionLabel
} from './ftrace-signature.ts';
import type { PstoreAlgorithm } from '@pstore/pstore-fs';
import { dumpCompressor, oldestWriter, type DumpCompressor } from './dump-compressor.ts';
import { dumpEvidence } from './dump-evidence.ts';
import { chooseKernel } from './kernel-choice.ts';
import { inferLayouts, type InferredLayout } from './infer-layout.ts';
import { findZoneHeaders, type ZoneHeader } from './zone-headers.ts';

export interface ProbeCandidate {
  /** ramoops.* words of a kernel command line (and mem_address when known). */
  readonly params: string;
  /** "6.1.192", or the range of kernels whose layout fits ("4.10–6.1", "6.2+"). */
  readonly kernel: string;
  /** A version to decode with (the exact one, or the newest of the range). */
  readonly decodeKernel: string;
  /** Where the region starts in the image (`--offset`). */
  readonly offset: number;
  /** nr_cpu_ids as the ftrace zones show it (`--cpus`): one zone per CPU with RAMOOPS_FLAG_FTRACE_PER_CPU. */
  readonly cpus: number;
  readonly confidence: number;
  readonly evidence: readonly string[];
  /** The same configuration as a device-tree node. */
  readonly dts: string;
  readonly layout: InferredLayout;
}

export interface ProbeResult {
  readonly candidates: readonly ProbeCandidate[];
  /** Why nothing fits, when no candidate does. */
  readonly unknown: string | null;
}

export interface ProbeOptions {
  /** Where the region starts, when known (else the first zone header found). */
  readonly offset?: number;
  /** The region's physical address, for ramoops.mem_address and the DT reg. */
  readonly memAddress?: number;
  readonly endian?: Endian;
  /**
   * The image is a window of a larger dump (the first 256 MiB read of it, say): its end
   * is not the region's, which then comes from the zones found. Without it, the image's
   * end is taken as the region's where the region starts at the image's first byte.
   */
  readonly window?: boolean;
  /**
   * Where `image` begins in the file the user holds (a window read from a larger dump):
   * the evidence names the file's offsets. Candidates' `offset` stays relative to `image`.
   */
  readonly origin?: number;
}

const hex = (n: number) => `0x${n.toString(16)}`;

/**
 * One kernel per layout variant (ramoops era): dump zones of exactly
 * record_size (4.9) or split; split sizes rounded to even (the
 * CVE-2023-52619 fix: 6.8, and 6.1.77 … in stable) or not; ftrace before
 * pmsg (≤ 6.1) or after (6.2+). The label is the range of kernels it stands for.
 */
const VARIANTS: readonly {
  kernel: string;
  range: string;
  /** The part of the range that has lzo and lz4 (4.7–6.5), null for none. */
  range47: string | null;
  /** The part that has lz4hc, 842 and zstd (4.17–6.5), null for none. */
  range417: string | null;
}[] = [
  { kernel: '6.12', range: '6.8+ (6.2–6.7 with the even-size fix)', range47: null, range417: null },
  { kernel: '6.2.0', range: '6.2–6.7', range47: '6.2–6.5', range417: '6.2–6.5' },
  {
    kernel: '6.1',
    range: '4.10–6.1 (with the even-size fix)',
    range47: '4.10–6.1 (with the even-size fix)',
    range417: '4.17–6.1 (with the even-size fix)'
  },
  { kernel: '6.1.0', range: '4.10–6.1', range47: '4.10–6.1', range417: '4.17–6.1' },
  { kernel: '4.9', range: '4.9', range47: '4.9', range417: null }
];

/** Whether `version` can write dumps with `algorithm` (lzo, lz4: 4.7–6.5; the others 4.17–6.5). */
function canWrite(version: string, algorithm: PstoreAlgorithm): boolean {
  const v = parseKernelVersion(version);
  const n = v.major * 1000 + v.minor;
  return n >= (oldestWriter(algorithm) === '4.7' ? 4007 : 4017) && n < 6006;
}

/** The ramoops.* words, and pstore.compress= when the dumps need a compressor deflate is not. */
function paramsOf(l: InferredLayout, memAddress: number | undefined, c: DumpCompressor): string {
  const w = words(l, memAddress);
  return c.cryptoOnly ? `${w} pstore.compress=${c.algorithm}` : w;
}

function words(l: InferredLayout, memAddress: number | undefined): string {
  const w = [`ramoops.mem_size=${hex(l.memSize)}`];
  if (memAddress !== undefined) w.unshift(`ramoops.mem_address=${hex(memAddress)}`);
  w.push(`ramoops.record_size=${hex(l.recordSize)}`);
  w.push(`ramoops.console_size=${hex(l.consoleSize)}`);
  w.push(`ramoops.ftrace_size=${hex(l.ftraceSize)}`);
  w.push(`ramoops.pmsg_size=${hex(l.pmsgSize)}`);
  w.push(`ramoops.ecc=${l.eccSize}`);
  return w.join(' ');
}

function dts(l: InferredLayout, memAddress: number | undefined, c: DumpCompressor): string {
  const addr = memAddress ?? 0;
  const hi = (n: number) => hex(Math.floor(n / 2 ** 32));
  const lo = (n: number) => hex(n % 2 ** 32);
  return [
    `ramoops@${addr.toString(16)} {`,
    '\tcompatible = "ramoops";',
    `\treg = <${hi(addr)} ${lo(addr)} ${hi(l.memSize)} ${lo(l.memSize)}>;` +
      (memAddress === undefined ? ' /* mem_address unknown: the region’s physical address */' : ''),
    `\trecord-size = <${hex(l.recordSize)}>;`,
    `\tconsole-size = <${hex(l.consoleSize)}>;`,
    `\tftrace-size = <${hex(l.ftraceSize)}>;`,
    `\tpmsg-size = <${hex(l.pmsgSize)}>;`,
    ...(l.eccSize ? [`\tecc-size = <${l.eccSize}>;`] : []),
    ...(l.ftraceZones > 1 ? ['\tflags = <0x1>; /* per-CPU ftrace zones */'] : []),
    ...(c.cryptoOnly
      ? [`\t/* and pstore.compress=${c.algorithm} on the command line: no property names it */`]
      : []),
    '};'
  ].join('\n');
}

/** How many of the layout's zones a kernel of `kernel` puts where the headers are. */
function fit(l: InferredLayout, kernel: string, headers: ReadonlyMap<number, ZoneHeader>): number {
  try {
    const era = ramoopsEra(parseKernelVersion(kernel));
    const config = ramoopsFromCmdline(words(l, undefined), era);
    const laid = ramoopsLayout(config, era, { nrCpus: Math.max(1, l.ftraceZones) });
    if (laid.zones.length !== l.zones.length) return 0;
    let ok = 0;
    for (const z of laid.zones) {
      const h = headers.get(l.base + z.offset);
      if (h && (h.kind === 'ftrace') === (z.type === 'ftrace')) ok++;
    }
    return ok / laid.zones.length;
  } catch {
    return 0;
  }
}

/** The candidates that explain `image`, best first. */
export function probeImage(image: Uint8Array, options: ProbeOptions = {}): ProbeResult {
  const endian = options.endian ?? 'little';
  const region = options.offset === undefined ? image : image.subarray(options.offset);
  const shift = options.offset ?? 0;
  /** Where `region` begins in the user's file, for the messages. */
  const inFile = shift + (options.origin ?? 0);
  const headers = findZoneHeaders(region, endian);
  if (!headers.length) {
    return {
      candidates: [],
      unknown:
        `no ramoops zone header (signature 0x43474244, or an ftrace zone's) in ${region.length} bytes` +
        (inFile ? ` after offset ${hex(inFile)}` : '') +
        ': not a ramoops region, or RAM ramoops never initialised'
    };
  }
  const byOffset = new Map(headers.map((h) => [h.offset, h]));
  // The region's start: given, or the first header that begins a layout
  // (in a whole-RAM dump a stray header-like 12 bytes may come first).
  const bases =
    options.offset === undefined
      ? [...new Set(headers.slice(0, PROBE_BASES).map((h) => h.offset))]
      : [0];
  const candidates: ProbeCandidate[] = [];
  for (const base of bases) {
    const regionEnd =
      !options.window && (options.offset !== undefined || base === 0) ? region.length : null;
    candidates.push(...candidatesAt(region, headers, byOffset, base, regionEnd, shift, options));
    if (candidates.some((c) => c.confidence >= 0.7)) break;
  }
  candidates.sort((a, b) => b.confidence - a.confidence);
  return {
    candidates,
    unknown: candidates.length
      ? null
      : `${headers.length} zone header(s) found from ${hex(headers[0]!.offset + inFile)}, but no ramoops layout of any era puts zones at exactly those offsets`
  };
}

/** How many header offsets are tried as the region's start when none is given. */
export const PROBE_BASES = 8;

function candidatesAt(
  region: Uint8Array,
  headers: readonly ZoneHeader[],
  byOffset: ReadonlyMap<number, ZoneHeader>,
  base: number,
  regionEnd: number | null,
  shift: number,
  options: ProbeOptions
): ProbeCandidate[] {
  const candidates: ProbeCandidate[] = [];
  for (const l of inferLayouts(region, headers, base, regionEnd)) {
    // The kernel, from this layout's own ftrace zones.
    const image = kernelFromFtraceSignatures(
      ftraceSignaturesAt(
        region,
        l.zones.filter((z) => z.type === 'ftrace').map((z) => z.offset),
        options.endian
      )
    );
    const exact = image.kind === 'one' ? chooseKernel(null, image, '').version : null;
    const fits = VARIANTS.map((v) => ({ ...v, fit: fit(l, exact ?? v.kernel, byOffset) }));
    const best = Math.max(...fits.map((f) => f.fit));
    const dumps = dumpEvidence(region, l.zones, byOffset);
    if (best === 0) continue;
    const compressor = dumpCompressor(region, l.zones, byOffset);
    const evidence = [
      `${headers.length} zone header(s) found; the region starts at ${hex(base + shift + (options.origin ?? 0))}`,
      ...l.evidence,
      `zones after the dumps: ${l.order.join(', ') || 'none'}`
    ];
    let kernel: string;
    let decodeKernel: string;
    let confidence = best;
    if (image.kind === 'one' && exact !== null) {
      kernel = versionLabel(image.version);
      decodeKernel = exact;
      evidence.push(`kernel ${kernel}: the ftrace zone header's signature (LINUX_VERSION_CODE)`);
      if (compressor.algorithm && compressor.cryptoOnly && !canWrite(exact, compressor.algorithm)) {
        confidence *= 0.7;
        evidence.push(
          `but kernel ${exact} has no ${compressor.algorithm}: the dumps were written by another kernel`
        );
      }
    } else {
      let ranges = fits.filter((f) => f.fit === best);
      // What the dumps date narrows the variants: 4.9 stands for ≤ 4.18 here.
      const old = ranges.filter((f) => f.kernel === '4.9');
      if (dumps.atMost && old.length) ranges = old;
      // Padded microseconds (4.19+) or a stream only 4.17+ wrote.
      const newer = dumps.atLeast ?? compressor.atLeast;
      if (newer) ranges = ranges.filter((f) => f.kernel !== '4.9');
      if (!ranges.length) {
        // Only the 4.9 rules lay the zones out so, yet the dumps are 4.17+ work:
        // likelier another configuration whose zones fall on the same headers.
        ranges = fits.filter((f) => f.fit === best);
        confidence *= 0.6;
        evidence.push(
          `but only the 4.9 rules lay the zones out so, and the dumps were written by ${newer} or later`
        );
      }
      // lzo and lz4 dumps: only 4.7–6.5 wrote them; lz4hc, 842 and zstd: 4.17–6.5.
      const rangeOf = (f: (typeof VARIANTS)[number]): string | null =>
        !compressor.algorithm || !compressor.cryptoOnly
          ? f.range
          : oldestWriter(compressor.algorithm) === '4.7'
            ? f.range47
            : f.range417;
      const narrowed = ranges.filter((f) => rangeOf(f) !== null);
      if (narrowed.length) ranges = narrowed;
      kernel =
        ranges.length === VARIANTS.length
          ? '4.9–6.12 (every era lays this configuration out alike)'
          : ranges.map((f) => rangeOf(f) ?? f.range).join(' or ');
      decodeKernel = ranges[0]!.kernel;
      confidence *= 0.9;
      evidence.push(
        image.kind === 'several'
          ? 'ftrace headers of several kernels: the version is not known'
          : 'no ftrace zone header: the version is known only by the layout rules that fit'
      );
    }
    if (best < 1) {
      evidence.push(
        `only ${Math.round(best * 100)} % of the zones are where this layout puts them`
      );
    }
    if (!l.memSizeExact) confidence *= 0.8;
    // Headers after the region that are not its own: a layout that stops
    // short of some headers is less sure than one that explains them all.
    if (l.foreignHeaders) confidence *= 0.9;
    if (l.zones.length === 1 && l.eccSize === 0) {
      // A whole-RAM dump holds 12 bytes that look like a header here and there
      // (PERSISTENT_RAM_SIG is in the kernel's own code); with ECC, the header's
      // parity at the zone's end would have confirmed it.
      confidence *= 0.5;
      evidence.push(
        `but it is one zone of ${hex(l.zones[0]!.size)} bytes with no ECC parity to confirm it: ` +
          'it may be 12 stray bytes that look like a zone header'
      );
    }
    evidence.push(...dumps.words, ...compressor.words);
    // A "dump zone" without a dump header is likelier a console or pmsg zone of the same size.
    if (dumps.notDumps) confidence *= 0.5;
    if (dumps.dumpsElsewhere) confidence *= 0.7;
    if (dumps.textMismatch) confidence *= 0.8;
    candidates.push({
      params: paramsOf(l, options.memAddress, compressor),
      kernel,
      decodeKernel,
      offset: base + shift,
      cpus: Math.max(1, l.ftraceZones),
      confidence: Math.round(confidence * 100) / 100,
      evidence,
      dts: dts(l, options.memAddress, compressor),
      layout: l
    });
  }
  return candidates;
}
