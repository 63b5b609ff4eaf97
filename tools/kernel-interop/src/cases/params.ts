/**
 * A ramoops configuration as the cases write it, turned into the words of
 * the kernel command line (which /init hands to ramoops.ko and which
 * `pstore --params` reads), the memmap= reservation, and a short label for
 * the report.
 */
import { blkLabel, blkWords, type BlkParams } from './blk-params.ts';

export interface RamoopsParams {
  readonly memAddress: bigint;
  readonly memSize: number;
  readonly recordSize?: number;
  readonly consoleSize?: number;
  readonly ftraceSize?: number;
  readonly pmsgSize?: number;
  /** ramoops.ecc (1 means 16). */
  readonly ecc?: number;
  readonly maxReason?: number;
  /** pstore.compress; absent: the kernel's default. */
  readonly compress?: PstoreCompress;
}

/** The pstore.compress words a 6.1 kernel accepts (all but deflate need the custom build). */
const COMPRESS_NAMES = ['deflate', 'lzo', 'lz4', 'lz4hc', '842', 'zstd', 'none'] as const;
export type PstoreCompress = (typeof COMPRESS_NAMES)[number];

const isCompress = (w: string): w is PstoreCompress =>
  (COMPRESS_NAMES as readonly string[]).includes(w);

const hex = (n: number | bigint): string => `0x${n.toString(16)}`;

/** The backend a case runs: ramoops in reserved RAM, or pstore/blk on a virtio disk. */
export type CaseParams = RamoopsParams | BlkParams;

export const isBlk = (p: CaseParams): p is BlkParams => 'backend' in p && p.backend === 'blk';

/** The words `pstore … --params` takes for either backend. */
export function caseWords(p: CaseParams): string {
  return isBlk(p) ? blkWords(p) : paramWords(p);
}

/** A short label of either backend's configuration. */
export function caseLabel(p: CaseParams): string {
  return isBlk(p) ? blkLabel(p) : paramLabel(p);
}

/** The standard configuration of KERNEL-LAB.md (1 MiB at 256 MiB). */
export const LAB: RamoopsParams = {
  memAddress: 0x10000000n,
  memSize: 0x100000,
  recordSize: 0x4000,
  consoleSize: 0x8000,
  ftraceSize: 0x2000,
  pmsgSize: 0x8000,
  ecc: 0,
  maxReason: 2
};

/** `ramoops.*` and `pstore.*` words, as on the kernel command line. */
export function paramWords(p: RamoopsParams): string {
  const w: string[] = [];
  if (p.compress) w.push(`pstore.compress=${p.compress}`);
  w.push(`ramoops.mem_address=${hex(p.memAddress)}`, `ramoops.mem_size=${hex(p.memSize)}`);
  if (p.recordSize !== undefined) w.push(`ramoops.record_size=${hex(p.recordSize)}`);
  if (p.consoleSize !== undefined) w.push(`ramoops.console_size=${hex(p.consoleSize)}`);
  if (p.ftraceSize !== undefined) w.push(`ramoops.ftrace_size=${hex(p.ftraceSize)}`);
  if (p.pmsgSize !== undefined) w.push(`ramoops.pmsg_size=${hex(p.pmsgSize)}`);
  if (p.ecc !== undefined) w.push(`ramoops.ecc=${p.ecc}`);
  if (p.maxReason !== undefined) w.push(`ramoops.max_reason=${p.maxReason}`);
  return w.join(' ');
}

/** Bytes reserved with memmap= (the region rounded up to whole MiB). */
function reservedBytes(p: RamoopsParams): number {
  const mib = 0x100000;
  return Math.ceil(p.memSize / mib) * mib;
}

/** The whole kernel command line of a test VM (pstore/blk needs no reserved RAM). */
export function kernelCmdline(p: CaseParams, extra: readonly string[] = []): string {
  return [
    'console=ttyS0',
    'nokaslr',
    'panic=0',
    ...(isBlk(p)
      ? [blkWords(p)]
      : [`memmap=${reservedBytes(p) / 0x100000}M$${hex(p.memAddress)}`, paramWords(p)]),
    ...extra
  ].join(' ');
}

/** "mem 0x100000 rec 0x4000 con 0x8000 ftr 0x2000 pmsg 0x8000 ecc 16 deflate" */
function paramLabel(p: RamoopsParams): string {
  const parts = [`mem ${hex(p.memSize)}`];
  if (p.recordSize !== undefined) parts.push(`rec ${hex(p.recordSize)}`);
  if (p.consoleSize !== undefined) parts.push(`con ${hex(p.consoleSize)}`);
  if (p.ftraceSize !== undefined) parts.push(`ftr ${hex(p.ftraceSize)}`);
  if (p.pmsgSize !== undefined) parts.push(`pmsg ${hex(p.pmsgSize)}`);
  parts.push(`ecc ${p.ecc ?? 0}`);
  if (p.maxReason !== undefined) parts.push(`max_reason ${p.maxReason}`);
  parts.push(p.compress ?? 'default compression');
  return parts.join(', ');
}

/** The ramoops/pstore words of a command line back into parameters (mem_address and mem_size required). */
export function parseParamWords(words: string): RamoopsParams {
  const m = new Map<string, string>();
  for (const w of words.trim().split(/\s+/)) {
    const eq = w.indexOf('=');
    if (eq > 0) m.set(w.slice(0, eq), w.slice(eq + 1));
  }
  const num = (k: string): number | undefined => (m.has(k) ? Number(m.get(k)) : undefined);
  const addr = m.get('ramoops.mem_address');
  const size = num('ramoops.mem_size');
  if (addr === undefined || size === undefined || Number.isNaN(size)) {
    throw new Error(`"${words}" lacks ramoops.mem_address or ramoops.mem_size`);
  }
  const compress = m.get('pstore.compress');
  if (compress !== undefined && !isCompress(compress)) {
    throw new Error(
      `pstore.compress=${compress} is not a compressor of these kernels (${COMPRESS_NAMES.join(', ')})`
    );
  }
  return {
    memAddress: BigInt(addr),
    memSize: size,
    recordSize: num('ramoops.record_size'),
    consoleSize: num('ramoops.console_size'),
    ftraceSize: num('ramoops.ftrace_size'),
    pmsgSize: num('ramoops.pmsg_size'),
    ecc: num('ramoops.ecc'),
    maxReason: num('ramoops.max_reason'),
    compress
  };
}
