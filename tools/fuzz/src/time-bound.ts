/**
 * The time bound of a case: decoding must cost work linear in the region,
 * so a case is a hang when it takes more than HANG_FACTOR × the clean
 * decode of a region of the same size and ECC, plus a constant for the
 * fixed costs (JSON, a small region's setup, a busy machine). The clean
 * cost is measured at start-up on full, error-free regions of 1 MiB (every
 * zone written, every ECC block checked) for a few ECC sizes.
 * Kernel counterpart: none.
 */
import type { FuzzCase } from './case.ts';
import { fillZone, zonesOf } from './image-zones.ts';
import { randomText } from './prng.ts';
import { runInProcess, type Workdir } from './run-case.ts';

/** Issue 11: the worst case stays within 10× the clean decode. */
export const HANG_FACTOR = 10;
/** Fixed allowance per case, ms. */
export const HANG_CONSTANT_MS = 500;

const MIB = 1 << 20;
const ECC_POINTS = [0, 16, 32, 64, 127] as const;

export interface TimeBound {
  /** Clean decode, ms per MiB, by ECC size. */
  readonly cleanMsPerMiB: ReadonlyMap<number, number>;
  /** The limit for a case, ms. */
  limitMs(c: FuzzCase, regionBytes: number): number;
  /** Clean cost per MiB for the case's ECC. */
  cleanFor(c: FuzzCase): number;
}

/** ramoops.ecc of a case (1 means 16; absent: the default board's 16). */
export function eccOf(c: FuzzCase): number {
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

/** Measures the clean decode (median of 3) for each ECC point. */
export function calibrate(work: Workdir): TimeBound {
  const clean = new Map<number, number>();
  for (const ecc of ECC_POINTS) {
    const { image, args } = cleanImage(ecc);
    const path = work.writeImage({ generator: 'calibrate', image, args, what: '' });
    const ms: number[] = [];
    for (let i = 0; i < 3; i++) {
      const r = runInProcess(['decode', path, ...args, '--json', '--content']);
      if (r.code !== 0) {
        throw new Error(`calibration image (ECC ${ecc}) did not decode: ${r.stderr}`);
      }
      ms.push(r.ms);
    }
    ms.sort((a, b) => a - b);
    clean.set(ecc, ms[1]!);
  }
  const cleanFor = (c: FuzzCase): number => {
    const ecc = eccOf(c);
    const point = ECC_POINTS.find((p) => p >= ecc) ?? 127;
    return clean.get(point)!;
  };
  return {
    cleanMsPerMiB: clean,
    cleanFor,
    limitMs: (c, regionBytes) => HANG_FACTOR * cleanFor(c) * (regionBytes / MIB) + HANG_CONSTANT_MS
  };
}
