/**
 * The time bound of a case: decoding must cost work linear in the region,
 * so a case is a hang when it takes more than HANG_FACTOR × the clean
 * decode of a region of the same size, ECC and number of zones, plus a
 * constant for the fixed costs (JSON, a small region's setup, a busy
 * machine). The clean cost is measured at start-up on full, error-free
 * regions of 1 MiB (every zone written, every ECC block checked) for a few
 * ECC sizes, and per zone on a region cut into 16-byte dump zones: a layout
 * with record_size=16 has tens of thousands of zones, each of which the
 * kernel probes and the decode reports (with its reason), so its clean
 * cost is per zone, not per byte.
 * Kernel counterpart: none.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FuzzCase } from './case.ts';
import { fillZone, zonesOf } from './image-zones.ts';
import { randomText } from './prng.ts';
import { runInProcess, type Workdir } from './run-case.ts';

/** Issue 11: the worst case stays within 10× the clean decode. */
const HANG_FACTOR = 10;
/** Fixed allowance per case, ms. */
const HANG_CONSTANT_MS = 500;

const MIB = 1 << 20;
const ECC_POINTS = [0, 16, 32, 64, 127] as const;

export interface TimeBound {
  /** Clean decode, ms per MiB, by ECC size. */
  readonly cleanMsPerMiB: ReadonlyMap<number, number>;
  /** Clean decode, ms per zone (beyond the per-MiB cost). */
  readonly cleanMsPerZone: number;
  /** The limit for a case of `zones` zones, ms. */
  limitMs(c: FuzzCase, regionBytes: number, zones: number): number;
  /** Clean cost per MiB for the case's ECC, as calibrated at start-up. */
  cleanFor(c: FuzzCase): number;
  /**
   * Clean cost per MiB for the case's ECC measured now: the bound is wall
   * time on a shared machine, so a case over it is judged again against a
   * clean read made under the same load.
   */
  cleanNow(c: FuzzCase): number;
}

/** ramoops.ecc of a case (1 means 16; absent: the default board's 16). */
function eccOf(c: FuzzCase): number {
  const m = /ramoops\.ecc=(\d+)/.exec(c.args.join(' '));
  if (!m) return 16;
  const v = Number(m[1]);
  return v === 1 ? 16 : v;
}

function cleanImage(ecc: number): { image: Uint8Array; args: string[] } {
  const params = `ramoops.mem_size=${MIB} ramoops.record_size=0x4000 ramoops.console_size=0x8000 ramoops.pmsg_size=0x8000 ramoops.ftrace_size=0x2000 ramoops.ecc=${ecc}`;
  const image = new Uint8Array(MIB);
  const zones = zonesOf(params, '6.1.192', 1, 1 << 20) ?? [];
  for (const [i, z] of zones.entries()) {
    const text = randomText(i + 1, z.geometry.bufferSize);
    if (z.type === 'dmesg') text.set(new TextEncoder().encode('====1700000000.000000-D\n'));
    fillZone(image, z, z.type === 'ftrace' ? text.subarray(0, 96) : text);
  }
  return { image, args: ['--params', params, '--kernel', '6.1.192'] };
}

/** The median of 3 decodes of a calibration image, and what the last one printed. */
function medianMs(argv: readonly string[], what: string): { ms: number; stdout: string } {
  const ms: number[] = [];
  let stdout = '';
  for (let i = 0; i < 3; i++) {
    const r = runInProcess(argv);
    if (r.code !== 0) throw new Error(`calibration image (${what}) did not decode: ${r.stderr}`);
    ms.push(r.ms);
    stdout = r.stdout;
  }
  ms.sort((a, b) => a - b);
  return { ms: ms[1]!, stdout };
}

/** Measures the clean decode (median of 3) for each ECC point. */
export function calibrate(work: Workdir): TimeBound {
  const clean = new Map<number, number>();
  const kept = new Map<number, { path: string; args: string[] }>();
  for (const ecc of ECC_POINTS) {
    const { image, args } = cleanImage(ecc);
    // Kept beside the cases' image (which each case overwrites) for cleanNow().
    const path = join(work.dir, `clean-ecc${ecc}.bin`);
    writeFileSync(path, image);
    kept.set(ecc, { path, args });
    clean.set(ecc, medianMs(['decode', path, ...args, '--json', '--content'], `ECC ${ecc}`).ms);
  }
  // Per zone: 256 KiB in 16-byte dump zones (about 16,000), ECC 0.
  const manyParams = `ramoops.mem_size=${MIB / 4} ramoops.record_size=16 ramoops.ecc=0`;
  const many = work.writeImage({
    generator: 'calibrate',
    image: new Uint8Array(MIB / 4),
    args: [],
    what: ''
  });
  const m = medianMs(['decode', many, '--params', manyParams, '--json'], '16-byte zones');
  const zoneCount = (JSON.parse(m.stdout) as { zones: unknown[] }).zones.length;
  const cleanMsPerZone = Math.max(0, m.ms - clean.get(0)! / 4) / zoneCount;
  const pointOf = (c: FuzzCase): number => {
    const ecc = eccOf(c);
    return ECC_POINTS.find((p) => p >= ecc) ?? 127;
  };
  const cleanFor = (c: FuzzCase): number => clean.get(pointOf(c))!;
  const cleanNow = (c: FuzzCase): number => {
    const { path, args } = kept.get(pointOf(c))!;
    return runInProcess(['decode', path, ...args, '--json', '--content']).ms;
  };
  return {
    cleanMsPerMiB: clean,
    cleanMsPerZone,
    cleanFor,
    cleanNow,
    limitMs: (c, regionBytes, zones) =>
      HANG_FACTOR * (cleanFor(c) * (regionBytes / MIB) + cleanMsPerZone * zones) + HANG_CONSTANT_MS
  };
}
