/**
 * packRecords()/unpackRecords() (src/backend/record-batch.ts): every field
 * of every record survives the columns and a real port, bufs longer than
 * `size` included, and a batch owns copies of the bufs.
 */
import fc from 'fast-check';
import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { PstoreRecordBatchBuilder } from '../src/backend/record-batch.ts';
import {
  forEachRecord,
  packRecords,
  unpackRecords,
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
