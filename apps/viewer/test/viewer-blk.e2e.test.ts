/**
 * The built viewer in a real headless Chromium on pstore/blk disks real
 * kernels wrote (packages/pstore-zone/test/fixtures): the probe recognises
 * the partition and fills in its pstore_blk words, the map shows its zones,
 * and the files (shown and downloaded) are the kernel's, byte for byte.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chromiumPresent,
  decoded,
  downloadOf,
  openPage,
  requireChromiumInCi,
  startViewer,
  type Viewer
} from './browser.ts';
import { blkFixture, blkFixtureNames } from './fixtures.ts';

requireChromiumInCi();

describe.skipIf(!chromiumPresent)('the viewer on pstore/blk disks', () => {
  let v: Viewer;
  beforeAll(async () => {
    v = await startViewer();
  }, 60_000);
  afterAll(async () => v?.close());

  it.each(blkFixtureNames())(
    '%s: the partition, its zones and the kernel’s files',
    async (name) => {
      const f = blkFixture(name);
      const { page, errors } = await openPage(v);
      await page.setInputFiles('#dump-file', f.diskPath);
      expect(await decoded(page, 1)).toBe('ready');
      expect(await page.inputValue('#backend')).toBe('blk');
      expect(await page.isVisible('#size')).toBe(true);
      // The probe's words are the kernel's sizes (pstore_blk.kmsg_size=64 …).
      expect(await page.inputValue('#params')).toContain('pstore_blk.kmsg_size=64');
      const zones = await page.$$eval('g.zone', (gs) =>
        gs.map(
          (g) => `${(g as SVGGElement).dataset['name']}:${(g as SVGGElement).dataset['state']}`
        )
      );
      // One tile per dump zone holding a file, then the never-written rest folded.
      const files = [...f.files.keys()];
      expect(zones.slice(0, files.length)).toEqual(files.map((_, i) => `dmesg ${i}:record`));
      expect(zones.length).toBeGreaterThan(files.length);
      const tabs = await page.$$eval('[role=tab]', (ts) =>
        ts.map((t) => (t as HTMLElement).dataset['record'])
      );
      expect(tabs).toEqual(files);
      for (const [file, bytes] of f.files) {
        await page.click(`[role=tab][data-record="${file}"]`);
        const first = await page.textContent('#record-panel .line[data-line="0"]');
        expect(first).toBe(new TextDecoder().decode(bytes).split('\n')[0]);
        const d = await downloadOf(page, () => page.click('button.download'));
        expect(d.name).toBe(file);
        expect(d.bytes, file).toEqual(bytes);
      }
      expect(errors).toEqual([]);
      await page.close();
    },
    90_000
  );
});
