/**
 * RamoopsContext.probe() with a write budget: torn-write fault injection
 * for library users, without the actor layer.
 */
import { describe, expect, it } from 'vitest';
import {
  createWriteBudget,
  parseKernelVersion,
  PRZ_HEADER,
  PRZ_HEADER_SIZE,
  WriterStoppedError
} from '@pstore/ram-core';
import { PSTORE_TYPE, pstoreRecordInit, type PstoreRecord } from '@pstore/pstore-fs/backend';
import { RamoopsContext, ramoopsEra, ramoopsFromCmdline } from '../src/index.ts';

const enc = new TextEncoder();
const era = ramoopsEra(parseKernelVersion('6.12'));
// No ECC, so a write stores exactly: size word, start word, data.
const config = ramoopsFromCmdline(
  'ramoops.mem_size=0x4000 ramoops.record_size=0x1000 ramoops.console_size=0x1000 ' +
    'ramoops.pmsg_size=0x1000 ramoops.ftrace_size=0',
  era
);

/** A region whose zones a first boot signed and left empty: probing it stores nothing. */
function signedRegion(): Uint8Array {
  const mem = new Uint8Array(config.memSize);
  RamoopsContext.probe(mem, config, { era });
  return mem;
}

function record(type: PstoreRecord['type'], text: string): PstoreRecord {
  const r = pstoreRecordInit(type, { sec: 1700000000, nsec: 0 });
  r.buf = enc.encode(text);
  r.size = r.buf.length;
  return r;
}

function le32(n: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n, true);
  return b;
}

/** Runs `f`, returning what it threw (null when it returned). */
function thrown(f: () => unknown): unknown {
  try {
    f();
    return null;
  } catch (e) {
    return e;
  }
}

describe('RamoopsContext.probe({ budget })', () => {
  it('stops a console write after exactly N bytes: the first N of the write (header words whole), nothing after', () => {
    const before = signedRegion();
    const text = 'console line torn by a power cut\n';
    const reference = before.slice();
    const ref = RamoopsContext.probe(reference, config, { era });
    expect(ref.write(record(PSTORE_TYPE.CONSOLE, text))).toBe(0);

    // What the write stores, in the kernel's order, and where each byte goes.
    const cprz = ref.zones.find((z) => z.spec.type === 'console')!.spec.offset;
    const stream = [
      { at: cprz + PRZ_HEADER.SIZE, bytes: le32(text.length) },
      { at: cprz + PRZ_HEADER.START, bytes: le32(text.length) },
      { at: cprz + PRZ_HEADER_SIZE, bytes: enc.encode(text) }
    ].flatMap(({ at, bytes }) => [...bytes].map((value, i) => ({ at: at + i, value })));
    // The header words are atomic_t stores: a budget that cannot hold all 4
    // bytes of one stops the writer before it (no CPU tears an aligned word).
    const HEADER_BYTES = 8;
    const firstBytes = (n: number) => {
      const m = before.slice();
      const whole = n < HEADER_BYTES ? n - (n % 4) : n;
      for (const { at, value } of stream.slice(0, whole)) m[at] = value;
      return m;
    };
    expect(
      Buffer.compare(firstBytes(stream.length), reference),
      'the model is the real write'
    ).toBe(0);

    for (let n = 0; n <= stream.length; n++) {
      const mem = before.slice();
      const budget = createWriteBudget(n);
      const cxt = RamoopsContext.probe(mem, config, { era, budget });
      expect(budget.remaining, 'probing a signed, empty region stores nothing').toBe(n);
      const stop = thrown(() => cxt.write(record(PSTORE_TYPE.CONSOLE, text)));
      if (n < stream.length) expect(stop, `budget ${n}`).toBeInstanceOf(WriterStoppedError);
      else expect(stop).toBeNull();
      expect(
        Buffer.compare(mem, firstBytes(n)),
        `budget ${n}: RAM holds the first ${n} bytes (header words whole or not at all)`
      ).toBe(0);
    }
  });

  it('is one budget for every zone, shared zones included', () => {
    const mem = signedRegion();
    const console = 'console\n';
    const budget = createWriteBudget(8 + console.length + 8 + 3);
    const cxt = RamoopsContext.probe(mem, config, { era, budget, attach: 'share' });
    cxt.write(record(PSTORE_TYPE.CONSOLE, console));
    const pmsg = record(PSTORE_TYPE.PMSG, 'pmsg message');
    const stop = thrown(() => cxt.writeUser(pmsg, pmsg.buf));
    expect(stop).toMatchObject({ name: 'WriterStoppedError', written: 3, wanted: 12 });
    expect(budget.remaining).toBe(0);
    const data = cxt.mprz!.mem.subarray(PRZ_HEADER_SIZE, PRZ_HEADER_SIZE + 12);
    expect([...data]).toEqual([...enc.encode('pms'), ...new Array<number>(9).fill(0)]);
    expect([cxt.mprz!.start, cxt.mprz!.size]).toEqual([12, 12]);
  });

  it("draws the probe's own stores too (signatures and zaps of fresh RAM)", () => {
    const fresh = () => new Uint8Array(config.memSize);
    // 4 zones, each: signature word rewritten, then start and size zapped.
    const budget = createWriteBudget(1000);
    RamoopsContext.probe(fresh(), config, { era, budget });
    expect(1000 - budget.remaining).toBe(4 * 12);
    expect(
      thrown(() => RamoopsContext.probe(fresh(), config, { era, budget: createWriteBudget(47) }))
    ).toBeInstanceOf(WriterStoppedError);
  });
});
