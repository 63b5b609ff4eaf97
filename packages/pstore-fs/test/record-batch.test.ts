/**
 * packRecords()/unpackRecords() (src/backend/record-batch.ts): every field
 * of every record survives the columns and a real port, bufs longer than
 * `size` included, and a batch owns copies of the bufs; serveBackend()
 * hands a backend's writeConsoleLines() exactly the runs of whole console
 * records, and write() the rest, in order.
 */
import fc from 'fast-check';
import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { PstoreRecordBatchBuilder } from '../src/backend/record-batch.ts';
import {
  forEachRecord,
  packRecords,
  PSTORE_TYPE,
  pstoreRecordInit,
  serveBackend,
  unpackRecords,
  type PstoreInfo,
  type PstoreRecord,
  type PstoreTypeId
} from '../src/backend/index.ts';

const record = fc
  .record({
    type: fc.integer({ min: 0, max: 9 }),
    id: fc.integer({ min: 0, max: 1 << 20 }),
    time: fc.option(
      fc.record({
        sec: fc.integer({ min: 0, max: 2 ** 40 }),
        nsec: fc.integer({ min: 0, max: 999_999_999 })
      })
    ),
    buf: fc.uint8Array({ maxLength: 300 }),
    extra: fc.nat({ max: 40 }),
    eccNoticeSize: fc.nat({ max: 64 }),
    count: fc.nat({ max: 1000 }),
    reason: fc.nat({ max: 8 }),
    part: fc.nat({ max: 20 }),
    compressed: fc.boolean(),
    cpu: fc.option(fc.nat({ max: 255 }), { nil: undefined })
  })
  .map(({ extra, cpu, buf, ...r }): PstoreRecord => {
    const rec: PstoreRecord = {
      ...r,
      type: r.type as PstoreTypeId,
      buf,
      size: Math.max(0, buf.length - extra)
    };
    if (cpu !== undefined) rec.cpu = cpu;
    return rec;
  });

/** Through a real MessagePort, as the actors send it (`transfer`: buffers given away). */
function overPort<T>(value: T, transfer?: ArrayBuffer[]): Promise<T> {
  const { port1, port2 } = new MessageChannel();
  return new Promise((resolve) => {
    port2.once('message', (m: T) => {
      port1.close();
      port2.close();
      resolve(m);
    });
    port1.postMessage(value, transfer);
  });
}

describe('record batches', () => {
  it('give back every field of every record', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(record, { maxLength: 40 }), async (records) => {
        const got = unpackRecords(await overPort(packRecords(records)));
        expect(got).toEqual(records);
      }),
      { numRuns: 200 }
    );
  });

  it('walk a batch record by record (each lent for the call) as unpacking gives them, given away over a port', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(record, { maxLength: 40 }), async (records) => {
        const batch = packRecords(records);
        // One buffer for all columns: what backend.write gives away with its message.
        for (const c of [batch.fields, batch.times, batch.ends]) {
          expect(c.buffer).toBe(batch.bufs.buffer);
        }
        const arrived = await overPort(batch, [batch.bufs.buffer as ArrayBuffer]);
        expect(batch.bufs.byteLength).toBe(0);
        const seen: PstoreRecord[] = [];
        forEachRecord(arrived, (r) => void seen.push({ ...r, buf: r.buf.slice() }));
        // A record without a cpu has none (not one left from the record before).
        expect(seen.map((r) => 'cpu' in r && r.cpu !== undefined)).toEqual(
          records.map((r) => r.cpu !== undefined)
        );
        expect(seen).toEqual(unpackRecords(arrived));
        expect(seen).toEqual(records);
      }),
      { numRuns: 200 }
    );
  });

  it('copy the bufs: a later change to the source does not reach the batch', () => {
    const buf = Uint8Array.of(1, 2, 3);
    const batch = packRecords([
      {
        type: 2,
        id: 0,
        time: null,
        buf,
        size: 3,
        eccNoticeSize: 0,
        count: 0,
        reason: 0,
        part: 0,
        compressed: false
      }
    ]);
    buf[0] = 9;
    expect(Array.from(unpackRecords(batch)[0]!.buf)).toEqual([1, 2, 3]);
  });

  it('build the same batch record by record, past the first columns and buffer, again after take()', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(record, { minLength: 50, maxLength: 200 }), {
          minLength: 1,
          maxLength: 3
        }),
        (runs) => {
          const builder = new PstoreRecordBatchBuilder();
          for (const records of runs) {
            for (const r of records) builder.append(r);
            expect(builder.count).toBe(records.length);
            expect(unpackRecords(builder.take())).toEqual(records);
            expect(builder.count).toBe(0);
          }
        }
      ),
      { numRuns: 30 }
    );
  });

  it("take the given buf instead of the record's (a record cut to its size)", () => {
    const builder = new PstoreRecordBatchBuilder();
    const r = packRecords([]);
    expect(r.count).toBe(0);
    const rec: PstoreRecord = {
      type: 0,
      id: 1,
      time: { sec: 5, nsec: 6 },
      buf: Uint8Array.of(1, 2, 3, 4),
      size: 2,
      eccNoticeSize: 0,
      count: 0,
      reason: 2,
      part: 1,
      compressed: false
    };
    builder.append(rec, rec.buf.subarray(0, 2));
    expect(Array.from(unpackRecords(builder.take())[0]!.buf)).toEqual([1, 2]);
  });
});

describe('serveBackend() with a backend that stores runs of console lines at once', () => {
  /** A backend that logs its calls: write() per record, writeConsoleLines() per run. */
  function logging(withRuns: boolean) {
    const calls: string[] = [];
    const records: PstoreRecord[] = [];
    const backend: PstoreInfo = {
      name: 'log',
      flags: 2,
      bufsize: 4096,
      maxReason: 2,
      open: () => 0,
      read: () => null,
      close: () => 0,
      write(r) {
        calls.push(`write ${r.type}`);
        records.push({ ...r, buf: r.buf.slice() });
        return -r.type; // distinct answers per type
      },
      ...(withRuns
        ? {
            writeConsoleLines(bufs: Uint8Array, ends: Uint32Array, from: number, to: number) {
              calls.push(`run ${from}..${to}`);
              for (let i = from; i < to; i++) {
                const r = pstoreRecordInit(PSTORE_TYPE.CONSOLE);
                r.buf = bufs.slice(i === 0 ? 0 : ends[i - 1]!, ends[i]);
                r.size = r.buf.length;
                records.push(r);
              }
              return 7;
            }
          }
        : {})
    };
    return { backend, calls, records };
  }

  // Long runs of whole console lines, broken by other records and cut ones.
  const mostlyConsole = fc.oneof(
    {
      weight: 4,
      arbitrary: record.map((r) => ({ ...r, type: PSTORE_TYPE.CONSOLE, size: r.buf.length }))
    },
    { weight: 1, arbitrary: record }
  );

  it('gives each run of whole console records to writeConsoleLines, the rest to write, in order (property)', () => {
    fc.assert(
      fc.property(fc.array(mostlyConsole, { maxLength: 40 }), (records) => {
        const batch = packRecords(records);
        const runs = logging(true);
        const plain = logging(false);
        const err = () => {
          throw new Error('unexpected');
        };
        const a = serveBackend(runs.backend, { type: 'backend.write', req: 1, batch }, err);
        const b = serveBackend(plain.backend, { type: 'backend.write', req: 1, batch }, err);
        // A console record whose buf is longer than its size is written alone, as it is.
        const inRun = (r: PstoreRecord) =>
          r.type === PSTORE_TYPE.CONSOLE && r.size === r.buf.length;
        expect(a).toEqual({
          type: 'backend.written',
          req: 1,
          results: records.map((r) => (inRun(r) ? 7 : -r.type))
        });
        expect(b).toEqual({
          type: 'backend.written',
          req: 1,
          results: records.map((r) => -r.type)
        });
        // The same bytes arrive, in the same order; runs are maximal.
        expect(runs.records.map((r) => [r.type, [...r.buf.subarray(0, r.size)]])).toEqual(
          plain.records.map((r) => [r.type, [...r.buf.subarray(0, r.size)]])
        );
        const expected: string[] = [];
        records.forEach((r, i) => {
          if (!inRun(r)) expected.push(`write ${r.type}`);
          else if (i === 0 || !inRun(records[i - 1]!)) {
            let j = i;
            while (j < records.length && inRun(records[j]!)) j++;
            expected.push(`run ${i}..${j}`);
          }
        });
        expect(runs.calls).toEqual(expected);
      }),
      { numRuns: 300 }
    );
  });
});
