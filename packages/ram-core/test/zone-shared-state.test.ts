/**
 * The public ways a zone's boot-time state moves between threads:
 * adoptSaved() (what another thread's attach found) and setWriteBudget()
 * (fault injection armed after the zone exists).
 */
import { describe, expect, it } from 'vitest';
import {
  createWriteBudget,
  PersistentRamZone,
  PRZ_HEADER_SIZE,
  RamCoreError,
  WriterStoppedError
} from '../src/index.ts';

const enc = new TextEncoder();
const dec = new TextDecoder();
const ecc = { eccSize: 16 };
const label = 'ramoops:console';

/** A region holding a previous boot's text, one data byte flipped so ECC has work to do. */
function previousBoot(text: string): Uint8Array {
  const mem = new Uint8Array(512);
  PersistentRamZone.attach(mem, { ecc, label }).write(enc.encode(text));
  mem[PRZ_HEADER_SIZE + 3]! ^= 0x5a;
  return mem;
}

/** A header word as stored (little-endian), for exact comparisons of RAM. */
function le32(n: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n, true);
  return b;
}

describe('PersistentRamZone.adoptSaved', () => {
  it('gives a shared zone the saved content and counters of an attach elsewhere', () => {
    const mem = previousBoot('previous boot: console tail\n');
    const attached = PersistentRamZone.attach(mem, { ecc, label }); // the attaching worker
    expect(attached.correctedBytes).toBeGreaterThan(0);
    const saved = {
      old: attached.old!.slice(),
      correctedBytes: attached.correctedBytes,
      badBlocks: attached.badBlocks,
      probe: attached.probe
    };

    const shared = PersistentRamZone.share(mem, { ecc, label }); // another worker
    expect(shared.old).toBeNull();
    expect(shared.probe.found.state).toBe('empty');
    const ram = mem.slice();
    shared.adoptSaved(saved);

    expect(dec.decode(shared.old)).toBe('previous boot: console tail\n');
    expect(shared.correctedBytes).toBe(attached.correctedBytes);
    expect(shared.badBlocks).toBe(attached.badBlocks);
    expect(shared.probe).toEqual({
      found: { state: 'valid', start: 28, size: 28 },
      headerEcc: 0,
      zapped: false
    });
    expect(shared.eccNotice(true)).toBe(attached.eccNotice(true));
    expect(Buffer.compare(mem, ram), 'adoptSaved must not touch RAM').toBe(0);
  });

  it('refuses to overwrite what a zone made by attach() saved itself', () => {
    const mem = previousBoot('this boot saw it first\n');
    const zone = PersistentRamZone.attach(mem, { ecc, label });
    const other = { old: enc.encode('other'), correctedBytes: 0, badBlocks: 0, probe: zone.probe };

    const refused = (() => {
      try {
        zone.adoptSaved(other);
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(refused).toBeInstanceOf(RamCoreError);
    expect(refused).toMatchObject({ code: 'EINVAL', errno: 22 });
    expect((refused as Error).message).toBe(
      `zone ${label} was attached in this thread (probe found 'valid', 23 bytes saved, ` +
        `${zone.correctedBytes} corrected, 0 bad blocks): it cannot adopt another attach's 5 saved bytes`
    );
    expect(dec.decode(zone.old)).toBe('this boot saw it first\n');
  });

  it('refuses an attached zone that found nothing, too: its probe result is its own', () => {
    const zone = PersistentRamZone.attach(new Uint8Array(256), { label: 'ramoops:pmsg' });
    const saved = { old: null, correctedBytes: 0, badBlocks: 0, probe: zone.probe };
    expect(() => zone.adoptSaved(saved)).toThrow(
      /zone ramoops:pmsg was attached in this thread \(probe found 'no-signature', 0 bytes saved/
    );
  });
});

describe('PersistentRamZone.setWriteBudget', () => {
  it('stops later writes dead after N bytes, and null lifts the budget', () => {
    const mem = new Uint8Array(256);
    PersistentRamZone.attach(mem); // signed and empty
    const zone = PersistentRamZone.share(mem);
    zone.write(enc.encode('free ')); // no budget yet: unlimited
    const before = mem.slice();

    zone.setWriteBudget(createWriteBudget(8 + 3)); // size and start words, then 3 data bytes
    let stop: unknown = null;
    try {
      zone.write(enc.encode('cut here'));
    } catch (e) {
      stop = e;
    }
    expect(stop).toBeInstanceOf(WriterStoppedError);
    expect(stop).toMatchObject({ written: 3, wanted: 8 });
    const expected = before.slice();
    expected.set(le32(13), 8); // size, stored first
    expected.set(le32(13), 4); // start
    expected.set(enc.encode('cut'), PRZ_HEADER_SIZE + 5);
    expect(Buffer.compare(mem, expected), 'nothing stored after the cut').toBe(0);

    expect(() => zone.write(enc.encode('x'))).toThrow(WriterStoppedError); // still exhausted
    expect(Buffer.compare(mem, expected)).toBe(0);

    zone.setWriteBudget(null);
    zone.write(enc.encode('after'));
    expect([zone.start, zone.size]).toEqual([18, 18]);
    expect(dec.decode(mem.subarray(PRZ_HEADER_SIZE, PRZ_HEADER_SIZE + 18))).toBe(
      'free cut\0\0\0\0\0after'
    );
  });
});
