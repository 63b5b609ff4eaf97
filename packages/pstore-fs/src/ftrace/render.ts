/**
 * The text of `ftrace-ramoops-0`: the pstore file is a seq_file that prints one line per
 * record of the record buffer. Iteration starts at `total_size % REC_SIZE` and stops before
 * the first record that would cross `total_size`, where total_size is the record size PLUS
 * the ECC notice appended after it. With ECC on, the start offset therefore lands inside
 * the first record and every line decodes bytes straddling two records (the last one
 * reads the notice text): the misaligned output real kernels show (KERNEL-LAB.md).
 * Kernel counterpart: fs/pstore/inode.c pstore_ftrace_seq_start(), pstore_ftrace_seq_next(),
 * pstore_ftrace_seq_show().
 */
import { atLeast, type KernelVersion } from '../era-version.ts';
import { PstoreFormatError } from '../format-error.ts';
import type { KallsymsTable } from './kallsyms.ts';
import { decodeFtraceRecord, type FtraceLayout } from './record.ts';
import { formatSymbol } from './symbol-format.ts';

/**
 * Line format of pstore_ftrace_seq_show():
 * - `cpu-pf` (4.9): `%d %08lx  %08lx  %pf <- %pF\n`
 * - `ts-pf` (4.10–5.1): `CPU:%d ts:%llu %08lx  %08lx  %pf <- %pF\n`
 * - `ts-ps` (5.2+, after the tree-wide %pf→%ps switch): `… %ps <- %pS\n`
 */
export type FtraceLineFormat = 'cpu-pf' | 'ts-pf' | 'ts-ps';

/** The line format a kernel version prints. */
export function ftraceLineFormat(version: KernelVersion): FtraceLineFormat {
  if (!atLeast(version, 4, 10)) return 'cpu-pf';
  return atLeast(version, 5, 2) ? 'ts-ps' : 'ts-pf';
}

/** What to render with. */
export interface FtraceRenderOptions {
  readonly layout: FtraceLayout;
  readonly format: FtraceLineFormat;
  /** Symbol table of the kernel that wrote the records; omit when none is available. */
  readonly symbols?: KallsymsTable | null;
}

/** A rendered ftrace file. */
export interface FtraceRendering {
  readonly text: string;
  readonly lines: number;
  /** No symbol table was given: every symbol printed as a raw address. */
  readonly symbolsMissing: boolean;
  /** Addresses printed raw although a table was given (the kernel knew no symbol either,
   * unless they belong to a module or trampoline the table does not describe). */
  readonly unresolved: number;
}

const hex08 = (v: bigint): string => v.toString(16).padStart(8, '0');

/**
 * Renders the file from the record's data (merged records, or the raw old log in
 * single-zone mode) and the ECC notice ramoops appended ('' when ECC is off).
 * @throws PstoreFormatError EINVAL when layout and line format belong to different eras.
 */
export function renderFtraceFile(
  data: Uint8Array,
  eccNotice: Uint8Array | string,
  options: FtraceRenderOptions
): FtraceRendering {
  const { layout, format } = options;
  if ((format === 'cpu-pf') !== (layout.kind === 'cpu-field')) {
    throw new PstoreFormatError(
      'EINVAL',
      `line format ${format} does not match the ${layout.kind} record layout`
    );
  }
  const notice = typeof eccNotice === 'string' ? new TextEncoder().encode(eccNotice) : eccNotice;
  const buf = new Uint8Array(data.length + notice.length);
  buf.set(data, 0);
  buf.set(notice, data.length);
  const total = buf.length; // private->total_size = record->size + ecc_notice_size
  const rec = layout.recSize;
  const table = options.symbols ?? null;
  const out: string[] = [];
  let unresolved = 0;
  for (let off = total % rec; off + rec <= total; off += rec) {
    const r = decodeFtraceRecord(buf, off, layout);
    const callee = formatSymbol(r.ip, table, false);
    const caller = formatSymbol(r.parentIp, table, true);
    if (table !== null) unresolved += Number(!callee.resolved) + Number(!caller.resolved);
    // %d of an unsigned int: values from garbage bytes can print negative.
    const cpu = r.cpu | 0;
    const head = format === 'cpu-pf' ? `${cpu}` : `CPU:${cpu} ts:${r.timestamp}`;
    out.push(`${head} ${hex08(r.ip)}  ${hex08(r.parentIp)}  ${callee.text} <- ${caller.text}\n`);
  }
  return { text: out.join(''), lines: out.length, symbolsMissing: table === null, unresolved };
}
