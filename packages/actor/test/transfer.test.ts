/**
 * Buffers given away with a message (withTransfer()): the peer gets the
 * bytes and the sender's view of them is emptied, but only where exactly
 * one port receives the message; a fact for several peers is copied to all
 * but the last, and one the board also reads is copied to every peer.
 * packColumns(): a batch's columns in one buffer, aligned, equal to what
 * was packed and sharing nothing with it.
 */
import { MessageChannel } from 'node:worker_threads';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { enqueueActions, setup } from 'xstate';
import {
  createActorHost,
  packColumns,
  transferList,
  withTransfer,
  type ActorHost,
  type ActorMessage,
  type Column
} from '../src/index.ts';

type BlobEvent = { type: 'blob.make'; req?: number; bytes: number[]; give: boolean };
type BlobOut = { type: 'blob.made'; bytes: Uint8Array } | { type: 'sink.take'; bytes: Uint8Array };

/** What the blob component made, still seen from its side (to see it emptied). */
const made: Uint8Array[] = [];

/** `blob` makes a buffer and states it as a fact (`blob.made`) and as a command to `sink`. */
const blobMachine = setup({
  types: { events: {} as BlobEvent, emitted: {} as BlobOut }
}).createMachine({
  on: {
    'blob.make': {
      actions: enqueueActions(({ enqueue, event }) => {
        for (const type of ['blob.made', 'sink.take'] as const) {
          const bytes = Uint8Array.from(event.bytes);
          made.push(bytes);
          const m = { type, bytes };
          enqueue.emit(event.give ? withTransfer(m, [bytes.buffer]) : m);
        }
      })
    }
  }
});

function blobHost(): ActorHost {
  return createActorHost({
    component: 'blob',
    logic: blobMachine,
    protocols: { blob: 1 },
    expects: { sink: 1 },
    wants: []
  });
}

/** A raw peer that says hello and records what it receives after it. */
function peer(host: ActorHost, component: string, protocols: object, wants: string[]) {
  const { port1, port2 } = new MessageChannel();
  const seen: ActorMessage[] = [];
  port2.on('message', (m: ActorMessage) => {
    if (!m.type.endsWith('.hello')) seen.push(m);
  });
  void host.connect(port1, false);
  port2.postMessage({ type: `${component}.hello`, component, protocols, wants });
  return { seen, close: () => port2.close() };
}

const tick = () => new Promise((r) => setTimeout(r, 20));
const bytesOf = (m: ActorMessage | undefined) => [
  ...((m as { bytes?: Uint8Array } | undefined)?.bytes ?? [])
];

describe('buffers given away with a message', () => {
  it('reach the one peer a command goes to, and are gone from the sender', async () => {
    made.length = 0;
    const host = blobHost();
    const sink = peer(host, 'sink', { sink: 1 }, []);
    await tick();
    host.post({ type: 'blob.make', bytes: [1, 2, 3], give: true });
    await tick();
    expect(sink.seen.map((m) => [m.type, bytesOf(m)])).toEqual([['sink.take', [1, 2, 3]]]);
    // made[1] went to sink: given away. made[0] (the fact) had no taker and stays.
    expect(made.map((b) => b.byteLength)).toEqual([3, 0]);
    sink.close();
  });

  it('are copied for every peer but the last when several want a fact', async () => {
    made.length = 0;
    const host = blobHost();
    const a = peer(host, 'a', { a: 1 }, ['blob.made']);
    const b = peer(host, 'b', { b: 1 }, ['blob.made']);
    await tick();
    host.post({ type: 'blob.make', bytes: [7, 8], give: true });
    await tick();
    expect(a.seen.map(bytesOf)).toEqual([[7, 8]]);
    expect(b.seen.map(bytesOf)).toEqual([[7, 8]]);
    // The fact's buffer went with the last post; the command had no peer and waits, intact.
    expect(made[0]!.byteLength).toBe(0);
    expect([...made[1]!]).toEqual([7, 8]);
    a.close();
    b.close();
  });

  it('stay with the sender when the board reads the fact too', async () => {
    made.length = 0;
    const host = blobHost();
    const a = peer(host, 'a', { a: 1 }, ['blob.made']);
    const board: ActorMessage[] = [];
    host.subscribe((m) => board.push(m), ['blob.made']);
    await tick();
    host.post({ type: 'blob.make', bytes: [5], give: true });
    await tick();
    expect(a.seen.map(bytesOf)).toEqual([[5]]);
    expect(board.map(bytesOf)).toEqual([[5]]);
    expect(made[0]!.byteLength).toBe(1);
    a.close();
  });

  it('are copied, and kept by the sender, when the message does not give them', async () => {
    made.length = 0;
    const host = blobHost();
    const sink = peer(host, 'sink', { sink: 1 }, []);
    await tick();
    host.post({ type: 'blob.make', bytes: [9], give: false });
    await tick();
    expect(sink.seen.map(bytesOf)).toEqual([[9]]);
    expect(made.map((b) => b.byteLength)).toEqual([1, 1]);
    sink.close();
  });

  it('are named under a key that is no field: the list does not cross a port or show in a spread', () => {
    const buf = new ArrayBuffer(4);
    const m = withTransfer({ type: 'x.y' }, [buf]);
    expect(Object.keys(m)).toEqual(['type']);
    expect(transferList(m)).toEqual([buf]);
    expect(transferList({ ...m })).toBeUndefined();
    expect(structuredClone(m)).toEqual({ type: 'x.y' });
  });
});

const KINDS = [Uint8Array, Uint32Array, Int32Array, Float64Array, BigUint64Array] as const;

const column = fc
  .tuple(
    fc.integer({ min: 0, max: KINDS.length - 1 }),
    fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 40 })
  )
  .map(([k, values]): Column => {
    switch (KINDS[k]) {
      case BigUint64Array:
        return BigUint64Array.from(values, (v) => BigInt(v) << 40n);
      case Float64Array:
        return Float64Array.from(values, (v) => v / 7);
      case Uint32Array:
        return Uint32Array.from(values);
      case Int32Array:
        return Int32Array.from(values, (v) => -v);
      default:
        return Uint8Array.from(values);
    }
  });

describe('packColumns', () => {
  it('copies every column into one buffer, each aligned to its element size', () => {
    fc.assert(
      fc.property(
        fc.array(column, { maxLength: 8 }),
        fc.integer({ min: 0, max: 3 }),
        (cols, skip) => {
          // Columns given as views that do not start at their buffer's start, as a builder's are.
          const views = cols.map((c) => c.subarray(Math.min(skip, c.length)));
          const packed = packColumns(views);
          expect(packed.length).toBe(views.length);
          const buffers = new Set(packed.map((p) => p.buffer));
          expect(buffers.size).toBeLessThanOrEqual(1);
          packed.forEach((p, k) => {
            expect(p.constructor).toBe(views[k]!.constructor);
            expect([...p]).toEqual([...views[k]!]);
            expect(p.byteOffset % p.BYTES_PER_ELEMENT).toBe(0);
            expect(p.buffer).not.toBe(views[k]!.buffer);
          });
          // In order and apart: each column ends before the next begins.
          for (let k = 1; k < packed.length; k++) {
            const before = packed[k - 1]!;
            expect(packed[k]!.byteOffset).toBeGreaterThanOrEqual(
              before.byteOffset + before.byteLength
            );
          }
        }
      )
    );
  });
});
