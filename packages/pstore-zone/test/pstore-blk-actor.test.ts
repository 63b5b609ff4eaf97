/**
 * The pstore-blk actor over a shared disk: registration on a disk a real
 * 6.1 kernel wrote (its zones reported as the kernel's recovery sees them,
 * its records read back through the backend contract), the refusals its
 * states make, the cleaner, and the faults a board arms — a torn write
 * reaches the disk in whole sectors and stops the writer, a lost write is
 * acknowledged and never arrives.
 * Kernel counterpart: fs/pstore/blk.c register_pstore_blk(), fs/pstore/zone.c.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { PSTORE_TYPE, packRecords, pstoreRecordInit } from '@pstore/pstore-fs/backend';
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import {
  blkConfigFromCmdline,
  DiskWriteStoppedError,
  faultyDisk,
  memoryZoneDevice,
  pstoreBlkMachine,
  SECTOR_SIZE,
  type PstoreBlkEvent
} from '../src/index.ts';

const FIXTURE = join(import.meta.dirname, 'fixtures', '6.1-two-oops-plain');
const V6_1 = { major: 6, minor: 1, sublevel: 192 };

function kernelDisk(): SharedArrayBuffer {
  const bytes = gunzipSync(readFileSync(join(FIXTURE, 'disk.img.gz')));
  const sab = new SharedArrayBuffer(bytes.length);
  new Uint8Array(sab).set(bytes);
  return sab;
}

const params = (
  JSON.parse(readFileSync(join(FIXTURE, 'fixture.json'), 'utf8')) as { params: string }
).params;

/** The actor, and every message it emitted. */
function start() {
  const actor = createActor(pstoreBlkMachine);
  const out: PstoreBlkEvent[] = [];
  const errors: unknown[] = [];
  actor.on('*', (m) => out.push(m as PstoreBlkEvent));
  actor.subscribe({ error: (e) => errors.push(e) });
  actor.start();
  const last = () => out[out.length - 1] as Record<string, unknown> & { type: string };
  return { actor, out, errors, last };
}

function register(a: ReturnType<typeof start>, disk: SharedArrayBuffer, words = params) {
  a.actor.send({
    type: 'pstore-blk.register',
    req: 1,
    disk,
    config: blkConfigFromCmdline(words),
    kernel: V6_1,
    nrCpus: 1,
    panicWrite: false
  });
  return a.last();
}

function dump(text: string) {
  const rec = pstoreRecordInit(PSTORE_TYPE.DMESG);
  rec.buf = new TextEncoder().encode(text);
  rec.size = rec.buf.length;
  rec.reason = 2; // KMSG_DUMP_OOPS
  rec.part = 1;
  return rec;
}

describe('the pstore-blk actor', () => {
  it('registers over a disk a 6.1 kernel wrote and reports its zones as the recovery sees them', () => {
    const a = start();
    const r = register(a, kernelDisk());
    expect(r.type).toBe('pstore-blk.registered');
    const zones = r['zones'] as { state: string; label: string; oldSize: number }[];
    expect(zones).toHaveLength(16);
    expect(zones.slice(0, 2).map((z) => z.state)).toEqual(['record', 'record']);
    expect(zones.slice(2).every((z) => z.state === 'blank')).toBe(true);
    expect(zones[0]!.label).toBe('pstore_blk:dmesg(0/15)');
    expect(r['info']).toMatchObject({ name: 'pstore_blk', maxReason: 2 });
    a.actor.send({ type: 'backend.read', req: 2 });
    const records = a.last()['records'] as { id: number; buf: Uint8Array }[];
    expect(records.map((x) => x.id)).toEqual([0, 1]);
    // The kernel's file is "Oops: Total 1 times\n" and the dump: the same bytes.
    const file0 = gunzipSync(readFileSync(join(FIXTURE, 'dmesg-pstore_blk-0.gz')));
    expect(Buffer.compare(Buffer.from(records[0]!.buf), file0)).toBe(0);
  });

  it('refuses backend calls before registering, and a second device after', () => {
    const a = start();
    a.actor.send({ type: 'backend.read', req: 1 });
    expect(a.last()).toMatchObject({ type: 'backend.failed', error: { code: 'ENODEV' } });
    a.actor.send({ type: 'pstore-blk.flush-dirty', req: 2 });
    expect(a.last()).toMatchObject({ type: 'pstore-blk.failed', error: { code: 'ENODEV' } });
    register(a, kernelDisk());
    expect(register(a, kernelDisk())).toMatchObject({
      type: 'pstore-blk.failed',
      error: { code: 'EBUSY' }
    });
    expect(a.actor.getSnapshot().value).toBe('registered');
  });

  it('refuses a disk the kernel would refuse, with the numbers, and stays unregistered', () => {
    const a = start();
    const r = register(a, new SharedArrayBuffer(4096 + 512));
    expect(r).toMatchObject({ type: 'pstore-blk.failed', error: { code: 'EINVAL' } });
    expect((r['error'] as { message: string }).message).toContain('4608');
    expect(a.actor.getSnapshot().value).toBe('unregistered');
  });

  it('keeps a dump written before the first read dirty until the cleaner, after the read, writes it', () => {
    const a = start();
    const sab = kernelDisk();
    register(a, sab);
    a.actor.send({ type: 'backend.write', req: 2, batch: packRecords([dump('early\n')]) });
    expect(a.last()).toMatchObject({ type: 'backend.written', results: [0] });
    a.actor.send({ type: 'pstore-blk.flush-dirty', req: 3 });
    // Before the first read nothing may reach the disk: still dirty.
    expect(a.last()).toMatchObject({ type: 'pstore-blk.flushed-dirty', dirty: ['dmesg 0'] });
    expect(
      Buffer.compare(Buffer.from(new Uint8Array(sab)), Buffer.from(kernelDisk().slice(0)))
    ).toBe(0);
  });

  it('tears an armed write at a sector boundary and stops the writer dead', () => {
    const a = start();
    const sab = kernelDisk();
    register(a, sab);
    a.actor.send({ type: 'backend.read', req: 2 }); // the recovery: writes may reach the disk
    a.actor.send({ type: 'pstore-blk.arm', req: 3, bytes: 1000, mode: 'torn' });
    expect(a.last()).toMatchObject({ type: 'pstore-blk.armed', bytes: 1000, mode: 'torn' });
    const before = new Uint8Array(sab).slice();
    a.actor.send({ type: 'backend.write', req: 4, batch: packRecords([dump('x'.repeat(5000))]) });
    expect(a.errors).toHaveLength(1);
    expect(a.errors[0]).toBeInstanceOf(DiskWriteStoppedError);
    const after = new Uint8Array(sab);
    const changed = after.findIndex((b, i) => b !== before[i]);
    const zone2 = 2 * 64 * 1024; // the next dump zone after the disk's two dumps
    expect(changed).toBeGreaterThanOrEqual(zone2);
    let lastChanged = -1;
    for (let i = 0; i < after.length; i++) if (after[i] !== before[i]) lastChanged = i;
    expect(lastChanged).toBeLessThan(zone2 + SECTOR_SIZE);
  });

  it('acknowledges a lost write that never reaches the disk, and goes on writing after it', () => {
    const a = start();
    const sab = kernelDisk();
    register(a, sab);
    a.actor.send({ type: 'backend.read', req: 2 });
    a.actor.send({ type: 'pstore-blk.arm', req: 3, bytes: 0, mode: 'lost' });
    const before = new Uint8Array(sab).slice();
    a.actor.send({ type: 'backend.write', req: 4, batch: packRecords([dump('lost dump\n')]) });
    expect(a.last()).toMatchObject({ type: 'backend.written', results: [0] });
    expect(Buffer.compare(Buffer.from(new Uint8Array(sab)), Buffer.from(before))).toBe(0);
    a.actor.send({ type: 'backend.write', req: 5, batch: packRecords([dump('kept dump\n')]) });
    expect(Buffer.compare(Buffer.from(new Uint8Array(sab)), Buffer.from(before))).not.toBe(0);
    expect(a.errors).toHaveLength(0);
  });
});

describe('faultyDisk', () => {
  it('a torn write lands whole sectors only, from its first byte, never past the budget', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 8192 }),
        fc.integer({ min: 1, max: 8192 }),
        fc.integer({ min: 0, max: 4096 }),
        (budget, length, offset) => {
          const bytes = new Uint8Array(16384);
          const disk = faultyDisk(memoryZoneDevice(bytes));
          disk.arm(budget, 'torn');
          const data = new Uint8Array(length).fill(0xa5);
          let written = length;
          try {
            disk.device.write(offset, data);
          } catch (e) {
            expect(e).toBeInstanceOf(DiskWriteStoppedError);
            written = (e as DiskWriteStoppedError).written;
            expect(written % SECTOR_SIZE).toBe(0);
            expect(written).toBeLessThanOrEqual(budget);
            expect(budget - written).toBeLessThan(SECTOR_SIZE);
          }
          expect(length <= budget).toBe(written === length);
          const landed = bytes.reduce((n, b) => n + (b === 0xa5 ? 1 : 0), 0);
          expect(landed).toBe(written);
          expect(bytes.subarray(offset, offset + written).every((b) => b === 0xa5)).toBe(true);
        }
      )
    );
  });

  it('refuses a negative budget', () => {
    expect(() => faultyDisk(memoryZoneDevice(new Uint8Array(4096))).arm(-1, 'lost')).toThrow(
      /byte count ≥ 0 \(got -1\)/
    );
  });
});
