/**
 * What a kernel stores of a dump text, step by step as pstore_dump() and
 * ramoops do it, and what dmesg-ramoops-N then shows:
 * 1. kmsg_dump_get_buffer() puts the newest whole log lines that fit into
 *    the dump buffer after the header line (dump-lines.ts, dump-buffer.ts);
 * 2. with compression set up, header + lines are compressed (deflate, or
 *    4.17–6.5's lzo … zstd) into bufsize bytes; when that fails the record
 *    is stored plain: the header and the
 *    newest text that fits bufsize up to 6.5 (copy_kmsg_to_buffer()), the
 *    first bufsize bytes of big_oops_buf from 6.6;
 * 3. ramoops_pstore_write() writes its "====…" line and cuts the record's
 *    end to what the zone holds after it.
 * One step is pstore-ts's own: a compressed record that step 3 would cut
 * (the kernel would then show an unreadable .enc.z) is made to fit by
 * leaving out more of the oldest lines, and said so, since the image must
 * read back as the records it reports.
 * Kernel counterpart: fs/pstore/platform.c pstore_dump(), pstore_compress(),
 * copy_kmsg_to_buffer(); fs/pstore/ram.c ramoops_pstore_write().
 */
import { avoidHeaderWhitespace, type PstoreCompressor } from '@pstore/pstore-fs';
import { kernelIsSpace } from '@pstore/ramoops';
import { CliError } from '../cli-error.ts';
import type { DumpBuffer } from './dump-buffer.ts';
import { countNewlines, newestLinesThatFit, textLines, type TextLines } from './dump-lines.ts';
import type { DumpText } from './dump-text.ts';
import { concatBytes } from './record-parts.ts';

/** What pstore_register() set up for dumps: the same for every dump of the boot. */
export interface DumpSetup {
  readonly buffer: DumpBuffer;
  readonly compressor: PstoreCompressor;
  /** What a failed compression stores: see pstoreCoreEra().compressFallback. */
  readonly fallback: 'newest' | 'head';
  /** big_oops_buf itself, allocated once and reused by every dump, as in the kernel; null without compression. */
  readonly bigOopsBuf: Uint8Array | null;
}

/** The dump zone the record goes to. */
export interface DumpZone {
  readonly index: number;
  /** Data capacity of the zone. */
  readonly bufferSize: number;
  /**
   * Length of the header the backend writes before the record: ramoops'
   * "====<sec>.<usec>-<C|D>\n" line, pstore/zone's 40-byte struct psz_kmsg_header.
   */
  readonly hlen: number;
  /**
   * Which backend: ramoops' reader parses its text header with sscanf(), which
   * swallows whitespace after it, so a record must not start with any;
   * pstore/zone's header is binary and the record starts where it says.
   */
  readonly backend?: DumpBackend;
}

/** How a backend stores a dump: its write function and header, the file name. */
export interface DumpBackend {
  /** "ramoops_pstore_write()" */
  readonly writer: string;
  /** 'its "====" header line' */
  readonly header: string;
  /** "dmesg-ramoops" */
  readonly file: string;
  /** The reader skips whitespace after the header (ramoops' sscanf). */
  readonly swallowsWhitespace: boolean;
}

const RAMOOPS: DumpBackend = {
  writer: 'ramoops_pstore_write()',
  header: 'its "====" header line',
  file: 'dmesg-ramoops',
  swallowsWhitespace: true
};

export interface DumpPlan {
  /** record.buf[0, record.size) as pstore_dump() hands it to ramoops. */
  readonly payload: Uint8Array;
  readonly compressed: boolean;
  /** What dmesg-ramoops-N shows (decompressed; the ECC notice aside). */
  readonly stored: Uint8Array;
  /** What did not make it into the record, one sentence each, naming the limit. */
  readonly losses: readonly string[];
}

type Compressed =
  | { readonly kind: 'stream'; readonly stream: Uint8Array }
  /** The kernel's compression failed: the record is stored plain. */
  | { readonly kind: 'failed' }
  /** A stream ramoops would cut: `length` bytes where `room` fit. */
  | { readonly kind: 'too-long'; readonly length: number };

/** pstore_compress() into bufsize, then what the zone can take. */
function compressFor(
  compressor: PstoreCompressor,
  input: Uint8Array,
  room: number,
  backend: DumpBackend
): Compressed {
  // A stream whose first byte is whitespace loses it to the reader's sscanf(): pstore-ts
  // puts an empty stored block in front of raw deflate (header-whitespace.ts) and has lzo,
  // lz4 and lz4hc start otherwise (842 and zstd never start with whitespace).
  const avoid = backend.swallowsWhitespace;
  const crypto = compressor.algorithm !== 'deflate';
  const out = compressor.compress(
    input,
    crypto && avoid ? { avoidFirstByte: kernelIsSpace } : undefined
  );
  if (out === null) return { kind: 'failed' };
  const stream =
    avoid && compressor.params?.format === 'raw' ? avoidHeaderWhitespace(out, 'raw', room) : out;
  if (stream === null) return { kind: 'too-long', length: out.length + 5 };
  // lzo before CVE-2025-38068's fix returns streams longer than bufsize, too.
  if (stream.length > room) return { kind: 'too-long', length: stream.length };
  if (avoid && kernelIsSpace(stream[0]!)) {
    throw new CliError(
      `a ${input.length}-byte dump part has no ${compressor.algorithm} stream that does not start ` +
        `with whitespace (0x${stream[0]!.toString(16).padStart(2, '0')}), which the kernel's ` +
        'dump-header parser would swallow'
    );
  }
  const back = compressor.decompress(stream);
  if (!back || Buffer.compare(back, input) !== 0) {
    throw new Error(`a ${input.length}-byte dump does not inflate back to itself`);
  }
  return { kind: 'stream', stream };
}

function tooLong(text: DumpText, zone: DumpZone, buffer: DumpBuffer): never {
  const off = buffer.name === 'psinfo->buf' ? ' (compression is off)' : '';
  const size = buffer.size - text.header.length;
  throw new CliError(
    `--dmesg ${text.path}: ${text.length} bytes do not fit dump zone ${zone.index}: it holds ` +
      `${zone.bufferSize} bytes, ${zone.hlen} of them the dump header${off}; not even the newest ` +
      `line (${text.newestLine} bytes) fits the ${size - 1} bytes of text kmsg_dump_get_buffer() can put in ` +
      `${buffer.describe}${text.header.length ? ` after the ${text.header.length}-byte header line` : ''}`
  );
}

/**
 * The record pstore_dump() and ramoops make of `text` for dump zone `zone`.
 * @throws CliError for an empty text, one whose newest line alone is too
 *   long, or a stored record whose first byte the reader would swallow.
 */
export function planDump(text: DumpText, setup: DumpSetup, zone: DumpZone): DumpPlan {
  const { buffer, compressor } = setup;
  const backend = zone.backend ?? RAMOOPS;
  const { header } = text;
  const hsize = header.length;
  if (text.length === 0) {
    throw new CliError(
      `--dmesg ${text.path} is empty: pstore_dump() stores nothing when kmsg_dump_get_buffer() finds no log`
    );
  }
  // kmsg_dump_get_buffer(…, dst + header_size, dst_size − header_size, …)
  const size = buffer.size - hsize;
  const lines = textLines(text.tail, text.tail.length === text.bodyLength);
  const fit = newestLinesThatFit(lines, size);
  if (fit.kind === 'none-fit' || (fit.kind === 'empty' && text.bodyLength > 0)) {
    tooLong(text, zone, buffer);
  }
  const first = fit.kind === 'fit' ? fit.first : lines.starts.length;
  const kept = text.tail.subarray(lines.starts[first] ?? text.tail.length);
  const losses: string[] = [];
  const leftOut = text.bodyLength - kept.length;
  if (leftOut > 0) {
    const leftLines = text.bodyNewlines - countNewlines(kept);
    losses.push(
      `left out the oldest ${leftOut} bytes (${leftLines} lines) of the ${text.bodyLength}-byte log: ` +
        `kmsg_dump_get_buffer() keeps the newest whole lines that fit ${size - 1} bytes, ` +
        `${buffer.describe} less ${hsize ? `the ${hsize}-byte header line and ` : ''}a NUL`
    );
  }
  const room = zone.bufferSize - zone.hlen;
  const big = setup.bigOopsBuf;
  let payload: Uint8Array;
  if (big && compressor.enabled) {
    big.set(header, 0);
    big.set(kept, hsize);
    let record = big.subarray(0, hsize + kept.length);
    let r = compressFor(compressor, record, room, backend);
    if (r.kind === 'too-long') {
      const shrunk = shrinkToFit(text, lines, first, r.length, {
        compressor,
        zone,
        room,
        losses,
        backend
      });
      // From here on as if kmsg_dump_get_buffer() had returned the shorter log.
      big.set(shrunk.record, 0);
      record = big.subarray(0, shrunk.record.length);
      r = shrunk.result;
    }
    if (r.kind === 'stream') {
      return { payload: r.stream, compressed: true, stored: record.slice(), losses };
    }
    payload = plainAfterFailure(record, hsize, big, setup, losses);
  } else {
    payload = concatBytes(header, kept);
  }
  // ramoops_pstore_write(): "if (size + hlen > prz->buffer_size) size = prz->buffer_size - hlen";
  // psz_kmsg_write_record() cuts to the zone's capacity after its header alike.
  let stored = payload;
  if (payload.length > room) {
    stored = payload.subarray(0, room);
    losses.push(
      `${backend.writer} cut the last ${payload.length - room} bytes of the ${payload.length}-byte ` +
        `record: dump zone ${zone.index} holds ${zone.bufferSize} bytes, ${zone.hlen} of them ${backend.header}`
    );
  }
  if (backend.swallowsWhitespace && stored.length && kernelIsSpace(stored[0]!)) {
    throw new CliError(
      `--dmesg ${text.path}: the record would start with whitespace ` +
        `(0x${stored[0]!.toString(16).padStart(2, '0')}) once older lines are left out: the kernel's ` +
        'dump-header parser swallows whitespace after the "====…" line, so it would not read back the same'
    );
  }
  return { payload, compressed: false, stored: stored.slice(), losses };
}

/** The plain record the kernel stores after a failed compression. */
function plainAfterFailure(
  record: Uint8Array,
  hsize: number,
  big: Uint8Array,
  setup: DumpSetup,
  losses: string[]
): Uint8Array {
  const { bufsize } = setup.buffer;
  const failed =
    `compression failed (${setup.compressor.algorithm ?? 'the compressor'} did not fit ` +
    `${record.length} bytes into bufsize ${bufsize})`;
  if (setup.fallback === 'head') {
    // 6.6+: "record.size = psinfo->bufsize; memcpy(psinfo->buf, dst, psinfo->bufsize)".
    if (record.length > bufsize) {
      losses.push(
        `${failed}: the kernel stores the first bufsize ${bufsize} bytes of big_oops_buf plain ` +
          `(pstore_dump() 6.6+), so the newest ${record.length - bufsize} bytes are left out`
      );
    } else if (record.length < bufsize) {
      losses.push(
        `${failed}: the kernel stores bufsize ${bufsize} bytes of big_oops_buf plain (pstore_dump() 6.6+), ` +
          `the ${record.length}-byte dump and ${bufsize - record.length} stale bytes after it`
      );
    }
    return big.slice(0, bufsize);
  }
  // ≤6.5 copy_kmsg_to_buffer(): the header, then the newest text that fits bufsize.
  if (record.length <= bufsize) return record.slice();
  losses.push(
    `${failed}: the kernel stores the header line and the newest ${bufsize - hsize} bytes of text plain ` +
      `(copy_kmsg_to_buffer()), so ${record.length - bufsize} more bytes of the oldest kept text are left out`
  );
  return concatBytes(record.subarray(0, hsize), record.subarray(record.length - (bufsize - hsize)));
}

/**
 * pstore-ts's own step: fewer of the oldest lines until the compressed
 * record no longer overflows the zone (binary search over where the kept
 * lines start; a shorter log never compresses longer). The result may also
 * be a failed compression (a log too short to shrink, ≤4.16): the kernel
 * then stores it plain.
 */
function shrinkToFit(
  text: DumpText,
  lines: TextLines,
  first: number,
  firstLength: number,
  o: {
    readonly compressor: PstoreCompressor;
    readonly zone: DumpZone;
    readonly room: number;
    readonly losses: string[];
    readonly backend: DumpBackend;
  }
): { readonly record: Uint8Array; readonly result: Compressed } {
  const candidate = (i: number) =>
    concatBytes(text.header, lines.bytes.subarray(lines.starts[i] ?? lines.bytes.length));
  let lo = first + 1;
  let hi = lines.starts.length;
  // Without any line: the header alone, far below any zone (checked anyway).
  let best = compressFor(o.compressor, candidate(hi), o.room, o.backend);
  if (best.kind === 'too-long') {
    throw new CliError(
      `--dmesg ${text.path}: even the header line alone does not compress into the ${o.room} bytes ` +
        `dump zone ${o.zone.index} holds after ${o.backend.header} (${o.zone.hlen} bytes)`
    );
  }
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const r = compressFor(o.compressor, candidate(mid), o.room, o.backend);
    if (r.kind === 'too-long') {
      lo = mid + 1;
    } else {
      hi = mid;
      best = r;
    }
  }
  const dropped = lines.bytes.subarray(lines.starts[first], lines.starts[hi] ?? lines.bytes.length);
  o.losses.push(
    `left out ${hi - first} more lines (${dropped.length} bytes) so that the compressed record fits: ` +
      `it took ${firstLength} bytes, more than the ${o.room} bytes dump zone ${o.zone.index} holds after ` +
      `${o.backend.header} (${o.zone.hlen} bytes); a kernel would store the stream cut short ` +
      `(${o.backend.writer}) and show an unreadable ${o.backend.file}-${o.zone.index}.enc.z`
  );
  return { record: candidate(hi), result: best };
}
