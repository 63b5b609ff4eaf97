/**
 * The page's pstore/blk decode in Node, on disks real kernels wrote: the
 * probe recognises the partition, and the files are the kernel's, byte for
 * byte, with the kernel's mtimes.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Session } from '../src/decode/session.ts';
import { blkFixture, blkFixtureNames } from './fixtures.ts';

describe('the viewer decode on pstore/blk disks written by real kernels', () => {
  it.each(blkFixtureNames())('%s', async (name) => {
    const f = blkFixture(name);
    const session = new Session();
    const open = await session.open('disk.img.gz', new Uint8Array(readFileSync(f.diskPath)));
    if (!open.ok) throw new Error(open.error);
    const best = open.value.candidates[0]!;
    expect(best.settings.backend).toBe('blk');
    const outcome = session.decode(best.settings);
    if (!outcome.ok) throw new Error(outcome.failure.error);
    const v = outcome.view;
    expect(v.records.map((r) => r.name)).toEqual([...f.files.keys()]);
    for (const r of v.records) {
      expect(r.bytes, r.name).toEqual(f.files.get(r.name));
      // st_mtime is whole seconds; the record time has the dump header's fraction.
      expect(Math.floor(r.mtime / 1000), r.name).toBe(f.mtimes.get(r.name));
    }
    const dumps = v.zones.filter((z) => z.type === 'dmesg');
    expect(dumps.filter((z) => z.state === 'record').map((z) => z.file)).toEqual([
      ...f.files.keys()
    ]);
    expect(v.zones.every((z) => z.ecc === null)).toBe(true);
  });
});
