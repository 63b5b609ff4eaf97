/**
 * How the single placement loads its kernel worker (kernel-worker-loader.cts,
 * placement/code-cache.ts): the bundle the build makes, compiled cold by the
 * first kernel of the process and from the V8 code cache by the kernels after
 * it; a cache V8 refuses only costs time. Behaviour is the same either way.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { HOST_OF, PACKAGE_OF, type Component } from '../src/components.ts';
import { keepCodeCache, kernelCodeCache, resetCodeCache } from '../src/placement/code-cache.ts';
import { kernelBundle } from '../src/placement/spawn.ts';
import { testBoard, text } from './helpers.ts';

afterEach(() => resetCodeCache());

function narrated() {
  const lines: string[] = [];
  return {
    lines,
    say: (l: string) => lines.push(l),
    image: () => lines.filter((l) => l.startsWith('kernel image:'))
  };
}

describe('the kernel image', () => {
  it('is bundled by the build', () => {
    expect(
      kernelBundle(),
      'run pnpm build: it writes dist/kernel-worker.bundle.cjs'
    ).not.toBeNull();
  });

  it('boots cold first, then from the code cache the first kernel made', async () => {
    resetCodeCache();
    const n = narrated();
    // Workers replaced at every reboot (no warm reset): the next kernel loads the image anew.
    const board = testBoard('single', { say: n.say, warmReset: false });
    await board.boot();
    await board.printk(['before the crash']);
    await board.panic('image test');
    expect(kernelCodeCache(), 'a cache taken after the boot and the dump').not.toBeNull();
    await board.reboot();
    expect(n.image()).toEqual([
      'kernel image: bundle, compiled cold',
      'kernel image: bundle, V8 code cache'
    ]);
    const names = (await board.ls()).map((f) => f.name);
    expect(names).toContain('dmesg-ramoops-0');
    expect(text(await board.cat('dmesg-ramoops-0'))).toContain('before the crash');
  });

  it('boots and works when V8 refuses the cache', async () => {
    const junk = new Uint8Array(4096).map((_, i) => (i * 37) & 255);
    keepCodeCache('after-boot', junk);
    keepCodeCache('after-dump', junk);
    const n = narrated();
    const board = testBoard('single', { say: n.say });
    await board.boot();
    expect(n.image()).toEqual(['kernel image: bundle, code cache rejected by V8, compiled cold']);
    await board.printk(['after a refused cache']);
    await board.panic('refused cache');
    await board.reboot();
    expect(text(await board.cat('dmesg-ramoops-0'))).toContain('after a refused cache');
  });

  it("names each component's host factory as its package exports it (the per-component images)", async () => {
    for (const [c, pkg] of Object.entries(PACKAGE_OF)) {
      const exported = (await import(pkg)) as Record<string, unknown>;
      expect(typeof exported[HOST_OF[c as Component]], `${pkg} ${HOST_OF[c as Component]}`).toBe(
        'function'
      );
    }
  });

  it("is each component's own bundle in the per-component placement", async () => {
    const n = narrated();
    const board = testBoard('per-component', { say: n.say });
    await board.boot();
    expect(n.image()).toEqual(['kernel image: bundle, compiled cold']);
  });
});
