/**
 * Probing a whole-RAM dump larger than one probe window: the region may lie
 * anywhere (ramoops regions sit near the top of RAM on many boards: 3 GiB
 * into a 4 GiB dump), so the image is scanned for zone headers in steps of
 * 64 MiB, and 256 MiB from each likely region start are probed in turn.
 * Memory stays bounded by one window and one step, whatever the image's size.
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

/** The best confidence of a result (0 for none). */
export const bestConfidence = (r: ProbeResult): number =>
  r.candidates.reduce((m, c) => Math.max(m, c.confidence), 0);

/** The first zone header at or after `from` in the image's `size` bytes, or null. */
function nextZoneHeader(
  source: ImageSource,
  from: number,
  size: number,
  endian: Endian,
  scratch: Uint8Array
): number | null {
  for (let at = from; at + 12 <= size; at += STEP) {
    // 11 bytes more than a step: a header that starts in this step is seen whole.
    const piece = source.region(at, Math.min(STEP + 11, size - at), scratch);
    const [h] = findZoneHeaders(piece, endian, { imageBytes: size - at, max: 1 });
    if (h) return at + h.offset;
  }
  return null;
}

export interface WindowProbe {
  /** The outcome: candidates with offsets in the window, or why none. */
  readonly result: ProbeResult;
  /** Where the window that gave the candidates starts in the image. */
  readonly start: number;
}

/**
 * Probes the image past its first window (`first`, bytes [0, first.length)
 * already probed without a strong candidate): windows of PROBE_WINDOW bytes
 * from the next header not yet tried as a region start, each read into
 * `first`'s memory (it is the caller's no more), until one has a candidate
 * of PROBE_STRONG confidence or more; else the best weak one. Null when no
 * window explains its headers; `reason` then says what was scanned.
 */
export function probeLaterWindows(
  source: ImageSource,
  size: number,
  first: Uint8Array,
  options: { readonly endian: Endian; readonly memAddress?: number }
): WindowProbe | { readonly result: null; readonly reason: string } {
  const { endian } = options;
  const starts: number[] = [];
  let pos = afterTriedBases(first, 0, endian);
  const scratch = new Uint8Array(STEP + 11);
  let weak: WindowProbe | null = null;
  for (let w = 0; w < MAX_WINDOWS; w++) {
    const start = nextZoneHeader(source, pos, size, endian, scratch);
    if (start === null) break;
    starts.push(start);
    const window = source.region(start, Math.min(first.length, size - start), first);
    const result = probeImage(window, {
      endian,
      window: start + window.length < size,
      origin: start,
      ...(options.memAddress === undefined ? {} : { memAddress: options.memAddress })
    });
    if (bestConfidence(result) >= PROBE_STRONG) return { result, start };
    // The best weak one is kept (words and offsets only: no view of the window it reuses).
    if (bestConfidence(result) > (weak ? bestConfidence(weak.result) : 0)) weak = { result, start };
    pos = afterTriedBases(window, start, endian);
  }
  if (weak) return weak;
  return {
    result: null,
    reason: starts.length
      ? `no ramoops layout of any era puts zones at the headers found in the ${size} bytes of ` +
        `the image: probed 256 MiB from ${starts.map((s) => hex(s)).join(', ')}` +
        (starts.length === MAX_WINDOWS ? ` (the first ${MAX_WINDOWS} likely starts)` : '')
      : `no ramoops zone header (signature 0x43474244, or an ftrace zone's) in the ${size} bytes ` +
        'of the image: not a ramoops region, or RAM ramoops never initialised'
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
