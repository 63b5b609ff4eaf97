/**
 * Probing a whole-RAM dump larger than one probe window: the region may lie
 * anywhere (ramoops regions sit near the top of RAM on many boards: 3 GiB
 * into a 4 GiB dump), so the image is scanned for zone headers in steps of
 * 64 MiB, and 256 MiB from each likely region start are probed in turn.
 * Every read goes forward (each window starts at a header the scan reached),
 * so a stream (a gzipped dump) is probed as a file is, and memory stays
 * bounded by one window, whatever the image's size.
 * Kernel counterpart: none (ramoops_probe() is told where the region is).
 */
import { findZoneHeaders, PROBE_BASES, probeImage, type ProbeResult } from '@pstore/probe';
import type { Endian } from '@pstore/ram-core';
import { hex } from './format.ts';
import type { ImageSource } from './image.ts';

/** What is read and probed at once from a likely region start (the largest region benchmarked). */
export const PROBE_WINDOW = 256 * 1024 * 1024;
/** The step of the header scan between windows. */
const STEP = 64 * 1024 * 1024;
/**
 * How many windows are probed before giving up: each starts at a header no
 * earlier window tried as a region start (a stray 12 bytes that look like a
 * header, such as PERSISTENT_RAM_SIG in the kernel's own code, costs one).
 */
const MAX_WINDOWS = 16;
/**
 * A window whose best candidate is weaker than this (a lone stray header's,
 * say) does not end the search: a later window may hold the region itself.
 */
export const PROBE_STRONG = 0.5;
/**
 * How far a stream that has not ended is scanned (/dev/zero never does):
 * more RAM than any board that keeps a ramoops region has. A file, whose
 * size is known, is scanned to its end.
 */
const STREAM_SCAN_LIMIT = 64 * 1024 ** 3;

/** The best confidence of a result (0 for none). */
export const bestConfidence = (r: ProbeResult): number =>
  r.candidates.reduce((m, c) => Math.max(m, c.confidence), 0);

/**
 * The first zone header at or after `from`, or null at the image's end;
 * 'limit' where a stream goes on past `limit` without one.
 */
function nextZoneHeader(
  source: ImageSource,
  from: number,
  endian: Endian,
  limit: number
): number | 'limit' | null {
  for (let at = from; ; at += STEP) {
    if (source.size === null ? at >= limit : at + 12 > source.size) {
      return source.size === null ? 'limit' : null;
    }
    // 11 bytes more than a step: a header that starts in this step is seen whole.
    const piece = source.view(at, STEP + 11);
    const imageBytes = source.size === null ? Infinity : source.size - at;
    const [h] = findZoneHeaders(piece, endian, { imageBytes, max: 1 });
    if (h) return at + h.offset;
    // A short piece is the image's last (a full one reaches past the next step's start).
    if (piece.length < STEP + 11) return null;
  }
}

export interface WindowProbe {
  /** The outcome: candidates with offsets in the window, or why none. */
  readonly result: ProbeResult;
  /** Where the window that gave the candidates starts in the image. */
  readonly start: number;
}

/**
 * Probes the image past its first window (`first`, the view of bytes
 * [0, first.length) already probed without a strong candidate): windows of
 * PROBE_WINDOW bytes from the next header not yet tried as a region start,
 * until one has a candidate of PROBE_STRONG confidence or more; else the
 * best weak one. Null when no window explains its headers; `reason` then
 * says what was scanned. `first` is the source's view: later reads reuse it.
 */
export function probeLaterWindows(
  source: ImageSource,
  first: Uint8Array,
  options: { readonly endian: Endian; readonly memAddress?: number; readonly scanLimit?: number }
): WindowProbe | { readonly result: null; readonly reason: string } {
  const { endian, scanLimit = STREAM_SCAN_LIMIT } = options;
  const starts: number[] = [];
  let pos = afterTriedBases(first, 0, endian);
  let weak: WindowProbe | null = null;
  let next: number | 'limit' | null = null;
  for (let w = 0; w < MAX_WINDOWS; w++) {
    next = nextZoneHeader(source, pos, endian, scanLimit);
    if (typeof next !== 'number') break;
    const start = next;
    starts.push(start);
    const window = source.view(start, PROBE_WINDOW);
    const result = probeImage(window, {
      endian,
      window: source.size === null || start + window.length < source.size,
      origin: start,
      ...(options.memAddress === undefined ? {} : { memAddress: options.memAddress })
    });
    if (bestConfidence(result) >= PROBE_STRONG) return { result, start };
    // The best weak one is kept (words and offsets only: no view of the window it reuses).
    if (bestConfidence(result) > (weak ? bestConfidence(weak.result) : 0)) weak = { result, start };
    pos = afterTriedBases(window, start, endian);
  }
  if (weak) return weak;
  const scanned =
    next === 'limit'
      ? `the first ${scanLimit} bytes of ${source.name}, which goes on (give --offset where the region starts)`
      : source.size === null
        ? source.name
        : `the ${source.size} bytes of the image`;
  return {
    result: null,
    reason: starts.length
      ? `no ramoops layout of any era puts zones at the headers found in ${scanned}: ` +
        `probed 256 MiB from ${starts.map((s) => hex(s)).join(', ')}` +
        (starts.length === MAX_WINDOWS ? ` (the first ${MAX_WINDOWS} likely starts)` : '')
      : `no ramoops zone header (signature 0x43474244, or an ftrace zone's) in ${scanned}: ` +
        'not a ramoops region, or RAM ramoops never initialised'
  };
}

/**
 * Where the next search for a region start begins after a window at `start`:
 * past the headers probeImage() tried as starts in it (the first PROBE_BASES).
 */
function afterTriedBases(window: Uint8Array, start: number, endian: Endian): number {
  const tried = findZoneHeaders(window, endian, { max: PROBE_BASES + 1 });
  return start + (tried[PROBE_BASES]?.offset ?? window.length);
}
