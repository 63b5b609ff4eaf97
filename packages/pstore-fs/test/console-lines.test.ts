/**
 * pstore's console given a run of lines (writeLines(), what the pstore-fs
 * actor does with a console actor's `console.printed`): the backend stores
 * exactly what write() of each line stores, as runs through
 * writeConsoleLines() where the backend has it and the era writes lines
 * whole (5.1+), line by line otherwise (before 5.1 lines are cut into
 * bufsize chunks); and a batch builder's appendConsoleLines() packs the
 * records pstore_console_write() makes per line.
 * Kernel counterpart: fs/pstore/platform.c pstore_console_write().
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PstoreRecordBatchBuilder } from '../src/backend/record-batch.ts';
import {
  PSTORE_TYPE,
  pstoreRecordInit,
  unpackRecords,
  type PstoreInfo,
  type PstoreRecord
} from '../src/backend/index.ts';
import { createPstoreConsole } from '../src/core/console-frontend.ts';
import { pstoreCoreEra } from '../src/core/pstore-era.ts';

const version = (s: string) => {
  const [major, minor] = s.split('.').map(Number) as [number, number];
  return { major, minor, sublevel: 0 };
};
const TIME = { sec: 1700000000, nsec: 5000 };

/** The bytes each call stored, in order; `runs` says whether writeConsoleLines is offered. */
function backend(runs: boolean) {
  const stored: { how: string; bytes: number[]; time: unknown }[] = [];
  const psi: PstoreInfo = {
    name: 'ramoops',
    flags: 2,
    bufsize: 16,
    maxReason: 2,
    open: () => 0,
    read: () => null,
    close: () => 0,
    write(r) {
      stored.push({ how: 'line', bytes: [...r.buf.subarray(0, r.size)], time: r.time });
      return 0;
    },
    ...(runs
      ? {
          writeConsoleLines(bufs: Uint8Array, ends: Uint32Array, from: number, to: number, time) {
            for (let i = from; i < to; i++) {
              const line = bufs.subarray(i === 0 ? 0 : ends[i - 1]!, ends[i]);
              if (line.length) stored.push({ how: 'run', bytes: [...line], time });
            }
            return 0;
          }
        }
      : {})
  };
  return { psi, stored };
}

function consoleOf(era: string, psi: PstoreInfo) {
  return createPstoreConsole({
    era: pstoreCoreEra(version(era)),
    psi,
    bufLock: { held: false },
    recordInit: (type) => pstoreRecordInit(type, TIME)
  });
}

const lines = fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 30 });
const joined = (ls: Uint8Array[]) => {
  const text = new Uint8Array(ls.reduce((n, l) => n + l.length, 0));
  const ends = new Uint32Array(ls.length);
  let at = 0;
  ls.forEach((l, i) => {
    text.set(l, at);
    ends[i] = at += l.length;
  });
  return { text, ends };
};

describe("pstore's console given a run of lines", () => {
  it.each(['4.19', '5.0', '5.1', '6.12'])(
    '%s: stores what write() of each line stores (property)',
    (era) => {
      fc.assert(
        fc.property(lines, fc.boolean(), (ls, runs) => {
          const one = backend(runs);
          const run = backend(runs);
          const a = consoleOf(era, one.psi);
          for (const l of ls) a.write(l, { oopsInProgress: false });
          const { text, ends } = joined(ls);
          consoleOf(era, run.psi).writeLines(text, ends);
          const bytes = (s: typeof one.stored) => s.map((x) => x.bytes);
          expect(bytes(run.stored)).toEqual(bytes(one.stored));
          // Runs only where the backend offers them and lines are written whole (5.1+).
          const whole = !pstoreCoreEra(version(era)).consoleChunked;
          for (const s of run.stored) expect(s.how).toBe(runs && whole ? 'run' : 'line');
          for (const s of run.stored) expect(s.time).toEqual(TIME);
        }),
        { numRuns: 150 }
      );
    }
  );
});

describe('appendConsoleLines()', () => {
  it('packs the records pstore_console_write() makes per line, empty lines none (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 30 }),
        fc.nat(5),
        fc.nat(30),
        fc.option(fc.constant(TIME), { nil: null }),
        (ls, lead, cut, time) => {
          // A record before the run, and the run a slice [from, to) of the lines.
          const { text, ends } = joined(ls);
          const from = Math.min(lead, ls.length);
          const to = Math.max(from, Math.min(ls.length, from + cut));
          const before = pstoreRecordInit(PSTORE_TYPE.DMESG, TIME);
          before.buf = Uint8Array.of(1, 2, 3);
          before.size = 2;
          const bulk = new PstoreRecordBatchBuilder();
          bulk.append(before);
          bulk.appendConsoleLines(text, ends, from, to, time);
          const each = new PstoreRecordBatchBuilder();
          each.append(before);
          for (const l of ls.slice(from, to)) {
            if (!l.length) continue;
            const r: PstoreRecord = pstoreRecordInit(PSTORE_TYPE.CONSOLE, time);
            r.buf = l;
            r.size = l.length;
            each.append(r);
          }
          expect(unpackRecords(bulk.take())).toEqual(unpackRecords(each.take()));
        }
      ),
      { numRuns: 300 }
    );
  });
});
