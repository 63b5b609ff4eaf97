/**
 * Several workers writing console and pmsg records into one ramoops region
 * at once, through the backend's write paths, on one SharedArrayBuffer: a
 * next boot's probe finds valid headers, header and data parity that need
 * no correction, and every write whole and in one piece — only the oldest
 * missing or cut, as the ring wrapped over them.
 * Kernel counterpart: fs/pstore/ram_core.c prz->buffer_lock, taken by
 * persistent_ram_write() on every CPU that logs.
 */
import fc from 'fast-check';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseKernelVersion, PersistentRamZone, PERSISTENT_RAM_SIG } from '@pstore/ram-core';
import { RamoopsContext, ramoopsEra, ramoopsFromCmdline } from '../src/index.ts';
import type { WriterJob } from './fixtures/concurrent-writer.ts';
import { checkRing, recordBytes, ringBytes, type WriterLog } from './fixtures/ring-records.ts';

// Workers run the TypeScript sources through tsx, resolving @pstore/* to src like Vitest.
const tsx = import.meta.resolve('tsx/esm/api');
const entry = new URL('./fixtures/concurrent-writer.ts', import.meta.url).href;
const bootstrap = `import(${JSON.stringify(tsx)})
  .then(({ register }) => register())
  .then(() => import(${JSON.stringify(entry)}));`;

const MAX_WRITERS = 4;
const KERNEL = '6.12';
const era = ramoopsEra(parseKernelVersion(KERNEL));

/** One worker kept for every run (starting one through tsx costs more than a run). */
class Writer {
  private readonly worker = new Worker(bootstrap, {
    eval: true,
    execArgv: ['--conditions=development']
  });
  private failed: Error | null = null;

  constructor() {
    this.worker.on('error', (e) => (this.failed = e));
  }

  /**
   * Posts the job; `ready` settles once its records are made, `done` once
   * written, with how many of its writes found the zone's lock held.
   */
  run(job: WriterJob): { ready: Promise<unknown>; done: Promise<number> } {
    const next = () =>
      new Promise<number>((resolve, reject) => {
        const onError = (e: Error) => reject(e);
        this.worker.once('error', onError);
        this.worker.once('message', (m: number) => {
          this.worker.off('error', onError);
          resolve(m);
        });
      });
    if (this.failed) throw this.failed;
    const ready = next();
    this.worker.postMessage(job);
    return { ready, done: ready.then(next) };
  }

  stop(): Promise<number> {
    return this.worker.terminate();
  }
}

let writers: Writer[] = [];
beforeAll(() => {
  writers = Array.from({ length: MAX_WRITERS }, () => new Writer());
});
afterAll(async () => {
  await Promise.all(writers.map((w) => w.stop()));
});

type Op = readonly [0 | 1, number];

/** Lengths: mostly lines, some longer, a few beyond a small zone (only their tail is kept). */
const length = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 1, max: 160 }) },
  { weight: 2, arbitrary: fc.integer({ min: 160, max: 1500 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1500, max: 0x1100 }) }
);
const op: fc.Arbitrary<Op> = fc.tuple(fc.constantFrom<0 | 1>(0, 1), length);
const scenario = fc.record({
  writers: fc.integer({ min: 2, max: MAX_WRITERS }),
  ecc: fc.constantFrom(0, 16, 32),
  consoleSize: fc.constantFrom(0x400, 0x1000, 0x4000),
  pmsgSize: fc.constantFrom(0x800, 0x2000, 0x8000),
  ops: fc.array(fc.array(op, { minLength: 150, maxLength: 500 }), {
    minLength: MAX_WRITERS,
    maxLength: MAX_WRITERS
  })
});
type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

/** What each writer wrote to a zone (console 0, pmsg 1), in order. */
function logsOf(s: Scenario, zone: 0 | 1): WriterLog[] {
  return s.ops.slice(0, s.writers).map((ops) => ops.filter(([z]) => z === zone).map(([, n]) => n));
}

/**
 * Writes that found another writer inside the zone, over all runs: the test
 * means nothing if the writers never met. (Without the lock, the same
 * scenarios lose updates of start within a run or two: checked by hand.)
 */
const overlap = { runs: 0, contended: 0 };

async function runScenario(s: Scenario): Promise<void> {
  const cmdline =
    `ramoops.mem_size=0x20000 ramoops.record_size=0x1000 ramoops.ecc=${s.ecc} ` +
    `ramoops.console_size=${s.consoleSize} ramoops.pmsg_size=${s.pmsgSize}`;
  const config = ramoopsFromCmdline(cmdline, era);
  const ram = new SharedArrayBuffer(config.memSize);
  const mem = new Uint8Array(ram);
  // This boot's probe: every zone signed and empty.
  const boot = RamoopsContext.probe(mem, config, { era });
  const locks = new SharedArrayBuffer(4 * boot.zones.length);
  const go = new SharedArrayBuffer(4);

  const jobs = s.ops
    .slice(0, s.writers)
    .map((ops, w) => writers[w]!.run({ ram, locks, go, cmdline, kernel: KERNEL, w, ops }));
  await Promise.all(jobs.map((j) => j.ready));
  Atomics.store(new Int32Array(go), 0, 1);
  const contended = await Promise.all(jobs.map((j) => j.done));
  overlap.runs++;
  overlap.contended += contended.reduce((a, b) => a + b, 0);
  expect(
    [...new Int32Array(locks)].every((l) => l === 0),
    'every lock released'
  ).toBe(true);

  // The header words as the writers left them (nothing has decoded them yet).
  for (const [zone, prz] of [
    [0, boot.cprz!],
    [1, boot.mprz!]
  ] as const) {
    const bs = prz.bufferSize;
    const total = ringBytes(logsOf(s, zone), bs);
    expect(total, 'the writes of the scenario').toBeGreaterThan(0);
    expect(prz.sig, `${prz.label} signature`).toBe(PERSISTENT_RAM_SIG);
    expect(prz.size, `${prz.label} size`).toBe(Math.min(total, bs));
    expect(prz.start, `${prz.label} start`).toBe(total % bs);
  }

  // The next boot: every zone's header and data parity verify with nothing to correct.
  const next = RamoopsContext.probe(mem, config, { era });
  for (const { spec, zone } of next.zones) {
    const written = spec.type === 'console' || spec.type === 'pmsg';
    expect(
      {
        zone: spec.label,
        state: zone.probe.found.state,
        headerEcc: zone.probe.headerEcc,
        corrected: zone.correctedBytes,
        bad: zone.badBlocks
      },
      'what the next boot found'
    ).toEqual({
      zone: spec.label,
      state: written ? 'valid' : 'empty',
      headerEcc: 0,
      corrected: 0,
      bad: 0
    });
  }
  for (const [zone, prz] of [
    [0, next.cprz!],
    [1, next.mprz!]
  ] as const) {
    const r = checkRing(prz.old!, logsOf(s, zone), prz.bufferSize);
    expect(r.problems, `${prz.label}: ${r.whole} whole writes, ${r.cut} bytes cut`).toEqual([]);
  }
}

describe('concurrent writers on one SharedArrayBuffer (prz->buffer_lock)', () => {
  it('never tear a write, a header or its parity (2–4 real workers, console and pmsg)', async () => {
    await fc.assert(fc.asyncProperty(scenario, runScenario), {
      seed: 0x11c0,
      numRuns: 8,
      endOnFailure: true
    });
    expect(
      overlap.contended,
      `writes that met another writer in ${overlap.runs} runs`
    ).toBeGreaterThan(0);
  }, 120_000);
});

describe('checkRing, the oracle of the test above', () => {
  const log: WriterLog[] = [
    [30, 30, 30],
    [40, 40]
  ];
  const bytes = (w: number, seq: number) => recordBytes(w, seq, log[w]![seq]!);
  const ring = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => [...p]));

  it('accepts serialised writes, with the oldest cut by the wrap', () => {
    const all = ring(bytes(0, 0), bytes(1, 0), bytes(0, 1), bytes(1, 1), bytes(0, 2));
    expect(checkRing(all, log, 1000).problems).toEqual([]);
    const wrapped = all.subarray(all.length - 90);
    expect(checkRing(wrapped, log, 90)).toMatchObject({ problems: [], whole: 2, cut: 20 });
  });

  it('sees a write torn by another, a missing middle write and a wrong length', () => {
    const a = bytes(0, 0);
    const torn = ring(a.subarray(0, 10), bytes(1, 0), a.subarray(10), bytes(1, 1), bytes(0, 1));
    expect(
      checkRing(
        torn,
        [
          [30, 30],
          [40, 40]
        ],
        1000
      ).problems[0]
    ).toMatch(/torn|no write header/);
    const gap = ring(bytes(0, 0), bytes(0, 2), bytes(1, 0), bytes(1, 1));
    expect(
      checkRing(
        gap,
        [
          [30, 30, 30],
          [40, 40]
        ],
        1000
      ).problems.join()
    ).toMatch(/holds 140 bytes|writer 0: found writes/);
    const cutNewest = ring(bytes(0, 0), bytes(0, 1).subarray(0, 20));
    expect(checkRing(cutNewest, [[30, 30]], 1000).problems.join()).toMatch(/cut at the newest end/);
  });

  it('a zone of the real write path: one writer, wrapped many times', () => {
    const mem = new Uint8Array(0x400);
    const zone = PersistentRamZone.attach(mem, { ecc: { eccSize: 16 } });
    const lens = Array.from({ length: 100 }, (_, i) => 20 + ((i * 37) % 90));
    lens.forEach((n, i) => zone.write(recordBytes(0, i, n)));
    const next = PersistentRamZone.attach(mem, { ecc: { eccSize: 16 } });
    expect(checkRing(next.old!, [lens], next.bufferSize).problems).toEqual([]);
  });
});
