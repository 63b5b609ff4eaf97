/**
 * A 64 MiB whole-RAM dump with a real kernel's ramoops region inside: the
 * probe finds the region's offset, the files are the kernel's, and the page
 * stays responsive throughout — its event loop never stalls, because the
 * file crosses to the worker without a copy and the probe and decode run
 * there.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readKernelCase, skipMessage, vectorsAvailable } from '@pstore/test-vectors';
import {
  chromiumPresent,
  decoded,
  decodes,
  downloadOf,
  openPage,
  requireChromiumInCi,
  startViewer,
  type Viewer
} from './browser.ts';

if (!vectorsAvailable) skipMessage();

requireChromiumInCi();

const RAM = 64 * 1024 * 1024;
const REGION_AT = 0x2a00000;

/** RAM that is not zeros: xorshift32 bytes, the same on every run. */
function noise(n: number): Uint8Array {
  const out = new Uint8Array(n);
  const words = new Uint32Array(out.buffer);
  let x = 0x9e3779b9;
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    words[i] = x >>> 0;
  }
  return out;
}

describe.skipIf(!chromiumPresent || !vectorsAvailable)('the viewer on a 64 MiB RAM dump', () => {
  let v: Viewer;
  let dir: string;
  beforeAll(async () => {
    v = await startViewer();
    dir = mkdtempSync(join(tmpdir(), 'pstore-viewer-ram-'));
  }, 60_000);
  afterAll(async () => {
    await v?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds the region, decodes it, and never stalls the page', async () => {
    const c = readKernelCase('custom-6.1-ecc16-all');
    const ram = noise(RAM);
    ram.set(c.image, REGION_AT);
    const path = join(dir, 'ram.bin');
    writeFileSync(path, ram);
    const { page, errors } = await openPage(v);
    // The page's main thread: the longest task it runs (the Long Tasks API reports every task
    // over 50 ms), and the longest gap between timer ticks every 20 ms (which a busy machine's
    // scheduler widens too, so it is reported, not judged).
    await page.evaluate(() => {
      const w = window as unknown as { longest: number; gaps: number[] };
      w.longest = 0;
      w.gaps = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.longest = Math.max(w.longest, e.duration);
      }).observe({ type: 'longtask' });
      let last = performance.now();
      setInterval(() => {
        const now = performance.now();
        w.gaps.push(now - last);
        last = now;
      }, 20);
    });
    const t0 = Date.now();
    await page.setInputFiles('#dump-file', path);
    expect(await decoded(page, 1)).toBe('ready');
    const took = Date.now() - t0;
    expect(await page.inputValue('#offset')).toBe(`0x${REGION_AT.toString(16)}`);
    const status = (await page.textContent('#status')) ?? '';
    expect(status).toMatch(/ram\.bin: 64 MiB, probed in \d+ ms/);
    const tabs = await page.$$eval('[role=tab]', (ts) =>
      ts.map((t) => (t as HTMLElement).dataset['record'])
    );
    expect(tabs.sort()).toEqual([...c.files.keys()].sort());
    const d = await downloadOf(page, () => page.click('button.download'));
    expect(d.bytes).toEqual(c.files.get(d.name));
    // The zone map gives offsets in the dump: dump zone 0 is where the region starts.
    await page.hover('g.zone[data-name="dmesg 0"]');
    expect(await page.textContent('#zone-tooltip')).toContain(
      `offset 0x${REGION_AT.toString(16)}–`
    );
    // A wrong reading of the whole dump: 16384 dump zones of 4 KiB, every one rejected with
    // its own stray signature. The map folds them into a few tiles; the probe's reading is one
    // pick away.
    await page.fill('#offset', '0');
    await page.fill('#params', 'ramoops.mem_size=0x4000000 ramoops.record_size=0x1000');
    expect(await decoded(page, 2)).toBe('ready');
    expect(await page.textContent('#status')).toMatch(/16384 zones, 16384 rejected, 0 file\(s\)/);
    const tiles = await page.locator('g.zone').count();
    expect(tiles).toBeGreaterThan(0);
    expect(tiles).toBeLessThan(300);
    const n = await decodes(page);
    await page.selectOption('#candidates', '0');
    expect(await decoded(page, n + 1)).toBe('ready');
    expect(await page.inputValue('#offset')).toBe(`0x${REGION_AT.toString(16)}`);
    expect(await page.locator('[role=tab]').count()).toBe(c.files.size);
    const { longest, gaps } = await page.evaluate(() => {
      const w = window as unknown as { longest: number; gaps: number[] };
      return { longest: w.longest, gaps: w.gaps };
    });
    const probed = /probed in (\d+) ms/.exec(status)?.[1];
    console.log(
      `64 MiB dump: opened and decoded in ${took} ms (the probe took ${probed} ms in the worker); ` +
        `the page's longest task ${Math.round(longest)} ms, longest timer gap ${Math.round(Math.max(...gaps))} ms`
    );
    expect(gaps.length).toBeGreaterThan(5);
    expect(longest).toBeLessThan(250);
    // The measure sees a stall: 300 ms of work in a task of the page's is reported as such.
    await page.evaluate(() => {
      setTimeout(() => {
        const t = performance.now();
        while (performance.now() - t < 300);
      }, 0);
    });
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { longest: number }).longest))
      .toBeGreaterThanOrEqual(300);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
