/**
 * One fuzz case: the bytes of an IMAGE file and the `pstore decode`
 * arguments that go with it (configuration, --offset), named after the
 * generator that made it. Cases are plain data so that a failing one can be
 * saved as a fixture and replayed without its generator.
 * Kernel counterpart: none (a test tool).
 */

export interface FuzzCase {
  /** The generator that produced it (per-generator counts, fixture names). */
  readonly generator: string;
  /** What the IMAGE file holds (after decompression when `gz`). */
  readonly image: Uint8Array;
  /** Decode arguments besides IMAGE and the output options (--json, --out…). */
  readonly args: readonly string[];
  /** Write IMAGE gzip-compressed, as `image.bin.gz` (the CLI inflates it). */
  readonly gz?: boolean;
  /** A few words on what was done to the image, for fixtures and reports. */
  readonly what: string;
}

/** --offset of a case (0 when absent or not a plain number: the CLI rejects those). */
export function caseOffset(c: FuzzCase): number {
  const i = c.args.indexOf('--offset');
  if (i < 0) return 0;
  const v = Number(c.args[i + 1]);
  return Number.isSafeInteger(v) && v >= 0 ? v : 0;
}
