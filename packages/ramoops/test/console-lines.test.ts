/**
 * writeConsoleLines(): a run of console lines stored at once leaves the
 * region byte for byte as ramoops_pstore_write() of one CONSOLE record per
 * line does, through the backend contract's actor path (serveBackend on a
 * packed batch), for any lines (longer than the ring too), any ring state,
 * ECC off or on, console lines mixed with ftrace records; and under a write
 * budget a cut leaves what it leaves when the lines are written one by one.
 * Kernel counterpart: fs/pstore/ram.c ramoops_pstore_write(),
 * fs/pstore/ram_core.c persistent_ram_write().
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createWriteBudget, parseKernelVersion, WriterStoppedError } from '@pstore/ram-core';
import {
  packRecords,
  PSTORE_TYPE,
  pstoreRecordInit,
  serveBackend,
  type PstoreRecord
} from '@pstore/pstore-fs/backend';
import { RamoopsContext, ramoopsEra, ramoopsFromCmdline } from '../src/index.ts';

const era = ramoopsEra(parseKernelVersion('6.12'));

/** A region of 64 KiB: dumps, then a console of `consoleSize` and an ftrace zone. */
function region(consoleSize: number, ecc: number) {
  const config = ramoopsFromCmdline(
    `ramoops.mem_size=0x10000 ramoops.record_size=0x1000 ramoops.console_size=0x${consoleSize.toString(16)} ` +
      `ramoops.ftrace_size=0x800 ramoops.ecc=${ecc}`,
    era
  );
  const mem = new Uint8Array(0x10000);
  const cxt = RamoopsContext.probe(mem, config, { era, nrCpus: 1 });
  return { mem, cxt };
}

function record(type: number, buf: Uint8Array): PstoreRecord {
  const r = pstoreRecordInit(type as PstoreRecord['type']);
  r.buf = buf;
  r.size = buf.length;
  return r;
}

const noError = () => {
  throw new Error('no backend call should fail here');
};

describe('a run of console lines stored at once', () => {
  it('leaves the region as one write per line does (property)', () => {
    const line = fc.oneof(
      { weight: 8, arbitrary: fc.uint8Array({ maxLength: 90 }) },
      // Longer than a small ring: kept by its tail, alone.
      { weight: 1, arbitrary: fc.uint8Array({ minLength: 200, maxLength: 1500 }) }
    );
    const entry = fc.record({ ftrace: fc.boolean(), bytes: line });
    fc.assert(
      fc.property(
        fc.constantFrom(0x100, 0x200, 0x400, 0x1000),
        fc.constantFrom(0, 16),
        fc.uint8Array({ maxLength: 600 }),
        fc.array(entry, { maxLength: 120, size: 'max' }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (consoleSize, ecc, before, entries, ftraceShare) => {
          const one = region(consoleSize, ecc);
          const run = region(consoleSize, ecc);
          // The same ring state to start from (start mid-ring, maybe wrapped).
          for (const r of [one, run]) r.cxt.write(record(PSTORE_TYPE.CONSOLE, before));
          const records = entries.map((e, i) =>
            record(
              e.ftrace && i / entries.length < ftraceShare
                ? PSTORE_TYPE.FTRACE
                : PSTORE_TYPE.CONSOLE,
              e.bytes
            )
          );
          const rets = records.map((r) => one.cxt.write(r));
          const answer = serveBackend(
            run.cxt,
            { type: 'backend.write', req: 1, batch: packRecords(records) },
            noError
          );
          expect(answer).toEqual({ type: 'backend.written', req: 1, results: rets });
          expect(Buffer.compare(run.mem, one.mem)).toBe(0);
        }
      ),
      { numRuns: 400 }
    );
  });

  it('under a write budget, a cut leaves what it leaves when the lines go one by one', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(0, 16),
        fc.array(fc.uint8Array({ minLength: 1, maxLength: 80 }), { minLength: 1, maxLength: 60 }),
        fc.nat(6000),
        (ecc, lines, bytes) => {
          const one = region(0x400, ecc);
          const run = region(0x400, ecc);
          one.cxt.cprz!.setWriteBudget(createWriteBudget(bytes));
          run.cxt.cprz!.setWriteBudget(createWriteBudget(bytes));
          const stopped = (f: () => void) => {
            try {
              f();
              return false;
            } catch (e) {
              if (!(e instanceof WriterStoppedError)) throw e;
              return true;
            }
          };
          const a = stopped(() => {
            for (const l of lines) one.cxt.write(record(PSTORE_TYPE.CONSOLE, l));
          });
          const batch = packRecords(lines.map((l) => record(PSTORE_TYPE.CONSOLE, l)));
          const b = stopped(() =>
            run.cxt.writeConsoleLines(batch.bufs, batch.ends, 0, lines.length)
          );
          expect(b).toBe(a);
          expect(Buffer.compare(run.mem, one.mem)).toBe(0);
        }
      ),
      { numRuns: 200 }
    );
  });

  it('a context attached for reading refuses with -EROFS and writes nothing', () => {
    const { mem, cxt } = region(0x400, 16);
    const read = RamoopsContext.probe(mem, cxt.config, { era, nrCpus: 1, attach: 'read' });
    const before = mem.slice();
    const batch = packRecords([record(PSTORE_TYPE.CONSOLE, new Uint8Array(10).fill(65))]);
    expect(read.writeConsoleLines(batch.bufs, batch.ends, 0, 1)).toBe(-30);
    expect(Buffer.compare(mem, before)).toBe(0);
  });
});
