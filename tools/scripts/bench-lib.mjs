// Tiny helpers shared by the benchmarks: median throughput over repeated runs
// (machines are shared and noisy: trust ratios measured in one run), a
// table printer, and the figures `pnpm bench` collects into its summary
// table and `--json` (each bench process appends its figures to the file
// PSTORE_BENCH_FIGURES names, one JSON object a line).
import { appendFileSync } from 'node:fs';

/** MB/s (10^6 bytes) of `fn` processing `bytes` per call: median of `rounds` timed batches. */
export function throughput(bytes, fn, { rounds = 7, minMs = 150 } = {}) {
  fn(); // warm up the JIT
  const samples = [];
  for (let r = 0; r < rounds; r++) {
    let calls = 0;
    const t0 = process.hrtime.bigint();
    let t1 = t0;
    do {
      fn();
      calls++;
      t1 = process.hrtime.bigint();
    } while (Number(t1 - t0) / 1e6 < minMs);
    samples.push((bytes * calls) / (Number(t1 - t0) / 1e9) / 1e6);
  }
  samples.sort((a, b) => a - b);
  return samples[samples.length >> 1];
}

/** Operations per second of `fn` (median of rounds). */
export function rate(fn, opts) {
  return throughput(1, fn, opts) * 1e6;
}

/** The median of numbers (sorted in place). */
export function median(xs) {
  xs.sort((a, b) => a - b);
  return xs[xs.length >> 1];
}

const fmt = (v) =>
  typeof v === 'number'
    ? v >= 100
      ? v.toFixed(0)
      : v >= 10
        ? v.toFixed(1)
        : v.toFixed(2)
    : String(v);

/** Prints a titled table; numbers are rounded for reading. */
export function report(title, header, rows, note) {
  const cells = [header, ...rows.map((r) => r.map(fmt))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => String(r[i]).length)));
  console.log(`\n${title}`);
  for (const [i, r] of cells.entries()) {
    console.log(
      r
        .map((c, j) => (j === 0 ? String(c).padEnd(widths[j]) : String(c).padStart(widths[j])))
        .join('  ')
    );
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
  if (note) console.log(note);
}

/**
 * One figure of `pnpm bench`'s summary: `name` as `--json` names it,
 * `value` in `unit`; `baseline` (same unit, measured in the same run) and
 * `ratio` (value / baseline, or as the goal states it) when there is one;
 * `goal` in words, and `met` whether this run meets it.
 */
export function figure({
  name,
  value,
  unit,
  baseline = null,
  ratio = null,
  goal = null,
  met = null
}) {
  const file = process.env.PSTORE_BENCH_FIGURES;
  const r = ratio ?? (baseline ? value / baseline : null);
  if (file) {
    appendFileSync(
      file,
      JSON.stringify({ name, value, unit, baseline, ratio: r, goal, met }) + '\n'
    );
  }
}
