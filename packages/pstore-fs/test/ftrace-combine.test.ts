import { describe, expect, it } from 'vitest';
import {
  FTRACE_ARCH_LE64,
  combinePerCpuLogs,
  decodeFtraceRecord,
  encodeFtraceRecord,
  ftraceLayout,
  pstoreFtraceCombineLog,
  type FtraceLayout
} from '../src/ftrace/index.ts';

const layout = ftraceLayout({ major: 6, minor: 1, sublevel: 0 }, FTRACE_ARCH_LE64);

/** A per-CPU log: one record per [counter, tag]; the tag goes into ip to identify records. */
function log(cpu: number, entries: [number, number][], lead = 0): Uint8Array {
  const out = new Uint8Array(lead + entries.length * layout.recSize);
  out.fill(0xee, 0, lead); // partial oldest record left by a ring wrap
  entries.forEach(([counter, tag], i) => {
    const rec = encodeFtraceRecord(
      { ip: 0xffffffff81000000n + BigInt(tag), parentIp: 0n, cpu, counter: BigInt(counter) },
      layout
    );
    out.set(rec, lead + i * layout.recSize);
  });
  return out;
}

/** [cpu, timestamp, tag] of every record of a merged log. */
function entries(buf: Uint8Array, l: FtraceLayout = layout): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (let off = 0; off + l.recSize <= buf.length; off += l.recSize) {
    const r = decodeFtraceRecord(buf, off, l);
    out.push([r.cpu, Number(r.timestamp), Number(r.ip - 0xffffffff81000000n)]);
  }
  return out;
}

describe('pstoreFtraceCombineLog', () => {
  it('merges two logs by timestamp', () => {
    const merged = pstoreFtraceCombineLog(
      log(0, [
        [1, 10],
        [4, 11],
        [5, 12]
      ]),
      log(1, [
        [2, 20],
        [3, 21],
        [9, 22]
      ]),
      layout
    );
    expect(entries(merged)).toEqual([
      [0, 1, 10],
      [1, 2, 20],
      [1, 3, 21],
      [0, 4, 11],
      [0, 5, 12],
      [1, 9, 22]
    ]);
  });

  it('emits the record being merged in first on equal timestamps', () => {
    const merged = pstoreFtraceCombineLog(log(0, [[7, 1]]), log(1, [[7, 2]]), layout);
    expect(entries(merged).map((e) => e[2])).toEqual([2, 1]);
  });

  it('drops the first length % REC_SIZE bytes of each input', () => {
    const dest = log(0, [[1, 1]], 5);
    const src = log(1, [[2, 2]], 23);
    const merged = pstoreFtraceCombineLog(dest, src, layout);
    expect(merged.length).toBe(48);
    expect(entries(merged)).toEqual([
      [0, 1, 1],
      [1, 2, 2]
    ]);
  });

  it('keeps each input in its own order even when it is not sorted', () => {
    // Counters are per boot but not atomic across CPUs; a zone is never re-sorted.
    const merged = pstoreFtraceCombineLog(
      log(0, [
        [5, 1],
        [3, 2]
      ]),
      log(1, [[4, 3]]),
      layout
    );
    expect(entries(merged).map((e) => e[2])).toEqual([3, 1, 2]);
  });

  it('refuses 4.9 records, which carry no timestamp', () => {
    const l49 = ftraceLayout({ major: 4, minor: 9, sublevel: 0 }, FTRACE_ARCH_LE64);
    expect(() => pstoreFtraceCombineLog(new Uint8Array(24), new Uint8Array(24), l49)).toThrow(
      /4\.10/
    );
  });
});

describe('combinePerCpuLogs', () => {
  it('folds CPU zones 0, 1, 2 in order into an empty log', () => {
    const merged = combinePerCpuLogs(
      [
        log(0, [
          [0, 1],
          [3, 2]
        ]),
        log(1, [[1, 3]], 7),
        log(2, [
          [2, 4],
          [3, 5]
        ])
      ],
      layout
    );
    // CPU 2's ts-3 record is merged last, so it precedes the accumulated ts-3 record.
    expect(entries(merged)).toEqual([
      [0, 0, 1],
      [1, 1, 3],
      [2, 2, 4],
      [2, 3, 5],
      [0, 3, 2]
    ]);
  });

  it('turns one wrapped zone into its whole records', () => {
    const one = log(0, [[1, 1]], 11);
    expect(combinePerCpuLogs([one], layout)).toEqual(one.subarray(11));
    expect(combinePerCpuLogs([], layout).length).toBe(0);
  });
});
