/**
 * The kmsg actor's batches, built from the ring as each record is finalized
 * (RecordBatchBuilder through PrintkRing.copyRecord), against batches packed
 * from the records printk's listeners get: the same columns, texts and
 * dictionaries, for random printk, pr_cont and dev_printk calls (continuations
 * across calls, KERN_ prefixes, times past 2^53 ns, a ring small enough to
 * wrap). And the console's copy of a ring (storeCopy) keeps what printk kept,
 * from texts given alone or as ranges of a batch.
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import {
  batchBuffer,
  RecordBatchBuilder,
  textStart,
  type PrintkRecordBatch
} from '../src/actor/record-batch.ts';
import { PrintkRing } from '../src/printk-ring.ts';
import type { PrintkRecord } from '../src/record.ts';

/** The straightforward packing: what the builder must give. */
function reference(records: readonly PrintkRecord[]): PrintkRecordBatch {
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
  return { count, seq, tsNsec, tsBig, fields, multiline, ends, text, devInfo };
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
            expect(builder.take()).toEqual(reference(records.splice(0)));
          }
        });
        const batch = builder.take();
        expect(batch).toEqual(reference(records.splice(0)));
        // Every column in the one buffer a message gives away.
        const columns = [batch.seq, batch.tsNsec, batch.tsBig, batch.fields, batch.multiline];
        for (const c of [...columns, batch.ends]) expect(c.buffer).toBe(batchBuffer(batch));
      }
    ),
    { numRuns: 200 }
  );
});

it("keeps in a copy (storeCopy) what printk kept: the console's replica", () => {
  fc.assert(
    fc.property(fc.array(call, { maxLength: 60 }), (calls) => {
      let t = 0;
      const ring = new PrintkRing({ logBufLen: 8192, clock: () => t++ * 7_000_001 });
      const copy = new PrintkRing({ logBufLen: 8192, clock: () => 0 });
      // Every other record comes with what the original ring knew of its newlines.
      const told = (r: PrintkRecord) => (r.seq % 2 ? r.text.includes(0x0a) : undefined);
      ring.subscribe((r) =>
        copy.storeCopy(r.tsNsec, r.facility, r.level, r.callerId, r.devInfo, r.text, told(r))
      );
      const wakes: number[] = [];
      copy.subscribeStores(() => wakes.push(copy.nextSeq));
      for (const c of calls) ring.printk(`${c.prefix}${c.body}\n`, { callerId: c.caller });
      const strip = (r: PrintkRecord) => ({ ...r, seq: 0, flags: 0, text: Array.from(r.text) });
      const original = [...ring.records()].map(strip);
      expect([...copy.records()].map(strip)).toEqual(original);
      // The lines printed from the copy (null for a record of several lines) are the original's.
      const opts = { syslog: false, time: true, caller: false };
      const lines = (r: PrintkRing) =>
        [...r.records()].map((x) => r.line(x.seq, opts, 1024)?.slice() ?? null);
      expect(lines(copy)).toEqual(lines(ring));
      expect(wakes).toEqual(original.map((_, i) => copy.nextSeq - original.length + i + 1));
    }),
    { numRuns: 150 }
  );
});

it("keeps in a copy what printk kept from a batch's texts given as ranges (no view per record)", () => {
  fc.assert(
    fc.property(fc.array(call, { maxLength: 60 }), (calls) => {
      let t = 0;
      const ring = new PrintkRing({ logBufLen: 8192, clock: () => t++ * 7_000_001 });
      const builder = new RecordBatchBuilder();
      ring.subscribeFinalized((seq) => ring.copyRecord(seq, builder));
      for (const c of calls) ring.printk(`${c.prefix}${c.body}\n`, { callerId: c.caller });
      const batch = builder.take();
      const copy = new PrintkRing({ logBufLen: 8192, clock: () => 0 });
      for (let i = 0; i < batch.count; i++) {
        const ts = batch.tsNsec[i]!;
        copy.storeCopy(
          Number.isNaN(ts) ? batch.tsBig[i]! : ts,
          batch.fields[4 * i]!,
          batch.fields[4 * i + 1]!,
          batch.fields[4 * i + 3]!,
          batch.devInfo?.[i] ?? null,
          batch.text,
          batch.multiline[i] === 1,
          textStart(batch, i),
          batch.ends[i]
        );
      }
      const strip = (r: PrintkRecord) => ({ ...r, seq: 0, flags: 0, text: Array.from(r.text) });
      expect([...copy.records()].map(strip)).toEqual([...ring.records()].map(strip));
    }),
    { numRuns: 150 }
  );
});

it('refuses a range outside the text given to storeCopy', () => {
  const copy = new PrintkRing({ logBufLen: 4096, clock: () => 0 });
  const text = new TextEncoder().encode('abc');
  expect(() => copy.storeCopy(0, 0, 6, 0, null, text, false, 2, 4)).toThrow(/storeCopy to 4/);
  expect(() => copy.storeCopy(0, 0, 6, 0, null, text, false, 2, 1)).toThrow(/storeCopy to 1/);
  copy.storeCopy(0, 0, 6, 0, null, text, false, 1, 3);
  expect(new TextDecoder().decode(copy.read(0)!.text)).toBe('bc');
});
