import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { PMSG_LOCK_WORDS } from '../src/pmsg-lock.ts';

// Workers run the TypeScript sources through tsx, resolving @pstore/* to src like Vitest.
const tsx = import.meta.resolve('tsx/esm/api');
const writer = new URL('./fixtures/pmsg-writer.ts', import.meta.url).href;
const bootstrap = `import(${JSON.stringify(tsx)})
  .then(({ register }) => register())
  .then(() => import(${JSON.stringify(writer)}));`;

function runWriter(data: object): Promise<void> {
  return new Promise((resolve, reject) => {
    const w = new Worker(bootstrap, {
      eval: true,
      workerData: data,
      execArgv: ['--conditions=development']
    });
    w.once('message', () => void w.terminate().then(() => resolve()));
    w.once('error', reject);
  });
}

describe('pmsg_lock across worker threads', () => {
  it('serialises 4 workers writing at once: every line lands whole, once, in order', async () => {
    const lockWords = new SharedArrayBuffer(4 * PMSG_LOCK_WORDS);
    const zone = new SharedArrayBuffer(4 + 1024 * 1024);
    const lines = 2000;
    await Promise.all([1, 2, 3, 4].map((id) => runWriter({ lockWords, zone, id, lines })));
    const end = new Int32Array(zone, 0, 1)[0]!;
    const got = new TextDecoder()
      .decode(new Uint8Array(zone, 4, end))
      .split('\n')
      .slice(0, -1);
    expect(got).toHaveLength(4 * lines);
    for (const id of [1, 2, 3, 4]) {
      expect(got.filter((l) => l.startsWith(`w${id}:`))).toEqual(
        Array.from({ length: lines }, (_, n) => `w${id}:${n}`)
      );
    }
    expect(new Int32Array(lockWords)[0]).toBe(0);
  });
});
