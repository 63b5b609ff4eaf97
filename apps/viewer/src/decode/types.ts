/**
 * What the decode worker hands the page: plain data only (structured-clone
 * safe, no class instances), so it crosses postMessage as it is and the page
 * never holds a decoder object. Each record's bytes are a buffer of their own.
 */

/** Which pstore backend wrote the image. */
type Backend = 'ramoops' | 'blk';

/** The layout the user asked for: `pstore decode`'s options, as the form holds them. */
export interface DecodeSettings {
  readonly backend: Backend;
  /** ramoops.* / pstore.* words (ramoops) or pstore_blk.* / pstore.* words (blk). */
  readonly params: string;
  /** Kernel version x.y or x.y.z; '' lets the image (ftrace header) or the default decide. */
  readonly kernel: string;
  /** Where the region (or partition) starts in the image. */
  readonly offset: number;
  /** blk only: the partition's bytes from the offset; null runs to the end of the image. */
  readonly size: number | null;
  /** nr_cpu_ids: the number of per-CPU ftrace zones. */
  readonly cpus: number;
}

/** One reading of the image by the probe (`pstore probe`'s candidates), best first. */
export interface Candidate {
  readonly settings: DecodeSettings;
  /** The kernels that fit, in words ("6.1.77+ (from the ftrace header)"). */
  readonly kernelLabel: string;
  readonly confidence: number;
  readonly evidence: readonly string[];
}

/** What opening an image found. */
export interface OpenedImage {
  readonly name: string;
  /** Bytes after any gzip was undone. */
  readonly bytes: number;
  readonly gzipped: boolean;
  readonly candidates: readonly Candidate[];
  /** Why nothing fits, when the probe found no candidate. */
  readonly unknown: string | null;
  /** Milliseconds the worker spent (inflate and probe). */
  readonly ms: number;
}

type EccBlockState = 'corrected' | 'unrecoverable';

/** A data block the read-side Reed–Solomon decode did not find clean. */
interface EccBlock {
  readonly index: number;
  readonly state: EccBlockState;
  /** Symbols corrected (0 for unrecoverable). */
  readonly symbols: number;
}

/** ECC health of a ramoops zone, block by block (only blocks that were not clean are listed). */
export interface ZoneEcc {
  readonly blockSize: number;
  readonly eccSize: number;
  /** Blocks the decode checked: those holding the zone's old data. */
  readonly checked: number;
  /** Blocks in the data area (checked or not). */
  readonly total: number;
  readonly blocks: readonly EccBlock[];
  /** The header's decode: symbols corrected, or −74 when it was uncorrectable. */
  readonly header: number;
}

/** A zone of the map. */
export interface ZoneView {
  /** "dmesg 3", "console", "ftrace 1". */
  readonly name: string;
  readonly type: string;
  readonly index: number;
  /** Offset in the image (the region's offset added). */
  readonly offset: number;
  readonly size: number;
  /** Bytes of data the zone holds at most. */
  readonly capacity: number;
  /** The header's start (ring head) and size (fill), when they were read as sane. */
  readonly start: number | null;
  readonly used: number | null;
  /** ramoops: record, empty, bad-signature, invalid-header, bad-dump-header, ftrace-merged;
   * blk: pstore/zone's ZoneState. */
  readonly state: string;
  /** True when the state means the kernel rejected (or could not read) the zone. */
  readonly rejected: boolean;
  readonly reason: string;
  /**
   * The header's first word: as stored in the image, as read after the header's ECC decode
   * (which a wrong layout feeds the wrong parity), and what this layout expects.
   */
  readonly signature: { readonly stored: number; readonly read: number; readonly expected: number };
  readonly ecc: ZoneEcc | null;
  /** The file this zone's data became, if any. */
  readonly file: string | null;
}

/** How a record's text is best shown. */
export type RecordKind = 'dmesg' | 'console' | 'pmsg' | 'ftrace' | 'other';

/** One logcat line of a pmsg record holding Android logger frames. */
export interface LogcatLine {
  /** V D I W E F, or ? */
  readonly priority: string;
  readonly text: string;
}

/** One line of the ftrace file, cut into its columns. */
export interface FtraceRow {
  readonly cpu: number;
  /** The timestamp as printed (a decimal of up to 64 bits: kept as text, compared as bigint). */
  readonly ts: string | null;
  readonly ip: string;
  readonly parentIp: string;
  readonly func: string;
  readonly caller: string;
}

export interface RecordView {
  /** The file name in /sys/fs/pstore. */
  readonly name: string;
  readonly kind: RecordKind;
  readonly id: number;
  readonly size: number;
  /** ISO 8601, or null. */
  readonly time: string | null;
  /** The file's mtime in ms (what a zip entry carries). */
  readonly mtime: number;
  readonly compressed: boolean;
  readonly stillCompressed: boolean;
  readonly ecc: {
    readonly corrected: number;
    readonly bad: number;
    readonly header: number;
  } | null;
  /** The file's bytes, exactly as the kernel shows them. */
  readonly bytes: Uint8Array;
  /** pmsg holding Android logger frames: the logcat lines; else null. */
  readonly logcat: readonly LogcatLine[] | null;
  /** ftrace: the file's lines as columns; else null. */
  readonly ftrace: readonly FtraceRow[] | null;
}

/** The result of one decode with one layout. */
export interface DecodeView {
  readonly settings: DecodeSettings;
  /** The kernel decoded as ("6.1.192"), and where it came from. */
  readonly kernel: string;
  readonly kernelFrom: 'option' | 'image' | 'default';
  /** The region's (or partition's) bytes. */
  readonly regionSize: number;
  readonly zones: readonly ZoneView[];
  readonly records: readonly RecordView[];
  readonly notes: readonly string[];
  readonly ms: number;
}

/** A layout the kernel itself would refuse, or an image too short for it: said, not thrown. */
interface DecodeFailure {
  readonly settings: DecodeSettings;
  readonly error: string;
}

/** A run of zones the map draws as one tile: one zone, or dump zones in the same state. */
export interface ZoneRun {
  /** The run's first zone, whose details the tile shows. */
  readonly first: ZoneView;
  readonly count: number;
  /** The last zone's index, and where it ends in the image. */
  readonly last: { readonly index: number; readonly end: number };
  /** How many different reasons the run's zones have. */
  readonly reasons: number;
}

/** A decode as the page receives it (decode/zone-runs.ts). */
export interface PageView extends Omit<DecodeView, 'zones'> {
  readonly runs: readonly ZoneRun[];
  readonly zoneCount: number;
  readonly rejectedCount: number;
}

export type PageOutcome =
  | { readonly ok: true; readonly view: PageView }
  | { readonly ok: false; readonly failure: DecodeFailure };

export type DecodeOutcome =
  | { readonly ok: true; readonly view: DecodeView }
  | { readonly ok: false; readonly failure: DecodeFailure };

/** A System.map (or kallsyms) the page was given. */
export interface SymbolsInfo {
  readonly name: string;
  readonly symbols: number;
}
