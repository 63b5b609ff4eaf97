/**
 * The kmsg actor's batches, built from the ring as each record is finalized
 * (RecordBatchBuilder through PrintkRing.copyRecord), against batches packed
 * from the records printk's listeners get: the same columns, texts and
 * dictionaries, for random printk, pr_cont and dev_printk calls (continuations
 * across calls, KERN_ prefixes, times past 2^53 ns, a ring small enough to
 * wrap).
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import {
  batchBuffer,
  RecordBatchBuilder,
  type PrintkRecordBatch
} from '../src/actor/record-batch.ts';
import { PrintkRing } from '../src/printk-ring.ts';
import type { PrintkRecord } from '../src/record.ts';

/** The straightforward packing: what the builder must give. */
function reference(records: readonly PrintkRecord[], firstSeq: number): PrintkRecordBatch {
  const count = records.length;
  const text = new Uint8Array(records.reduce((n, r) => n + r.text.length + 1, 0));
  const seq = new Float64Array(count);
  const tsNsec = new Float64Array(count);
  const tsBig = new BigUint64Array(count);
  const fields = new Uint32Array(4 * count);
  const multiline = new Uint8Array(count);
  const ends = new Uint32Array(count);
  let o = 0;
  records.forEach((r, i) => {
    seq[i] = r.seq;
    const exact = r.tsNsec < 2n ** 53n;
    tsNsec[i] = exact ? Number(r.tsNsec) : NaN;
    tsBig[i] = exact ? 0n : r.tsNsec;
    fields.set([r.facility, r.level, r.flags, r.callerId], 4 * i);
    multiline[i] = r.text.includes(0x0a) ? 1 : 0;
    text.set(r.text, o);
    o += r.text.length;
    ends[i] = o;
    text[o++] = 0x0a;
  });
  const devInfo = records.some((r) => r.devInfo) ? records.map((r) => r.devInfo) : null;
  return { count, seq, firstSeq, tsNsec, tsBig, fields, multiline, ends, text, devInfo };
}

const call = fc.record({
  prefix: fc.constantFrom('', '\u00013', '\u00016', '\u0001c', '\u00014\u0001c'),
  body: fc.oneof(
    fc.string({ maxLength: 120 }),
    fc.string({ unit: fc.constantFrom('a', ' ', '\n', '\u00e9'), maxLength: 40 })
  ),
  newline: fc.boolean(),
  caller: fc.integer({ min: 0, max: 2 }),
  dev: fc.boolean(),
  big: fc.boolean()
});

it('builds, as records are finalized, the batch packed from the records', () => {
  fc.assert(
    fc.property(
      fc.array(call, { maxLength: 120 }),
      fc.integer({ min: 1, max: 8 }),
      (calls, every) => {
        let t = 0;
        let big = false;
        const ring = new PrintkRing({
          logBufLen: 4096,
          clock: () => (big ? 2n ** 60n + BigInt(t++) : t++ * 1_000_003)
        });
        const records: PrintkRecord[] = [];
        ring.subscribe((r) => void records.push(r));
        const builder = new RecordBatchBuilder();
        ring.subscribeFinalized((seq) => ring.copyRecord(seq, builder));
        calls.forEach((c, k) => {
          big = c.big;
          const text = `${c.prefix}${c.body}${c.newline ? '\n' : ''}`;
          ring.printk(text, {
            callerId: c.caller,
            ...(c.dev ? { devInfo: { subsystem: 'usb', device: `+usb:${k}` } } : {})
          });
          if (k % every === 0) {
            const first = ring.firstSeq;
            expect(builder.take(first)).toEqual(reference(records.splice(0), first));
          }
        });
        const batch = builder.take(ring.firstSeq);
        expect(batch).toEqual(reference(records.splice(0), ring.firstSeq));
        // Every column in the one buffer a message gives away.
        const columns = [batch.seq, batch.tsNsec, batch.tsBig, batch.fields];
        for (const c of [...columns, batch.multiline, batch.ends]) {
          expect(c.buffer).toBe(batchBuffer(batch));
        }
      }
    ),
    { numRuns: 200 }
  );
});
