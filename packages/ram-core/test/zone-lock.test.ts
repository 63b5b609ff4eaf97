import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { breakZoneLock, createSharedZoneLock, PersistentRamZone } from '../src/index.ts';

const writer = new URL('./fixtures/zone-writer.mjs', import.meta.url);
const built = existsSync(new URL('../dist/index.js', import.meta.url));

describe('the shared zone lock (prz->buffer_lock) across worker threads', () => {
  it.each([0, 16])('ECC %i: 4 workers appending at once lose and tear nothing', async (eccSize) => {
    expect(built, 'workers load dist/: run `pnpm build` (Nx does before `test`)').toBe(true);
    const sab = new SharedArrayBuffer(256 * 1024);
    const locks = new SharedArrayBuffer(4);
    PersistentRamZone.attach(new Uint8Array(sab), { ecc: { eccSize } });
    const lines = 3000;
    await Promise.all(
      [1, 2, 3, 4].map(
        (id) =>
          new Promise((resolve, reject) => {
            // Built JavaScript all the way down: without the test run's
            // `development` condition, @pstore/actor resolves to its dist too.
            const w = new Worker(writer, {
              workerData: { sab, locks, id, lines, eccSize },
              execArgv: []
            });
            w.once('message', resolve);
            w.once('error', reject);
          })
      )
    );
    const zone = PersistentRamZone.attach(new Uint8Array(sab), { ecc: { eccSize } });
    expect([zone.correctedBytes, zone.badBlocks]).toEqual([0, 0]);
    const got = new TextDecoder().decode(zone.old).split('\n').slice(0, -1);
    expect(got).toHaveLength(4 * lines);
    for (const id of [1, 2, 3, 4]) {
      const mine = got.filter((l) => l.startsWith(`w${id}:`));
      expect(mine).toEqual(Array.from({ length: lines }, (_, n) => `w${id}:${n}`));
    }
  });
});

describe('the lock word', () => {
  it('is broken for a dead owner, whether or not a waiter marked it, and only for that owner', () => {
    const words = new Int32Array(new SharedArrayBuffer(8));
    createSharedZoneLock(words, 0, 5).acquire();
    expect(words[0]).toBe(5);
    expect(breakZoneLock(words, 0, 6)).toBe(false);
    expect(breakZoneLock(words, 0, 5)).toBe(true);
    expect(words[0]).toBe(0);
    // A waiter's mark (bit 30) on the dead owner's word.
    words[1] = 7 | (1 << 30);
    expect(breakZoneLock(words, 1, 6)).toBe(false);
    expect(breakZoneLock(words, 1, 7)).toBe(true);
    expect(words[1]).toBe(0);
    const lock = createSharedZoneLock(words, 1, 8);
    lock.acquire();
    lock.release();
    expect(words[1]).toBe(0);
  });

  it('refuses an owner id outside 1..2^30 − 1', () => {
    const words = new Int32Array(new SharedArrayBuffer(4));
    for (const owner of [0, -1, 1 << 30, 1.5]) {
      expect(() => createSharedZoneLock(words, 0, owner)).toThrow(/lock owner must be an integer/);
    }
  });
});
