/**
 * The warm reset (KernelWorkers.reset, kernel-worker-loader.cts): after a
 * panic or a shutdown each kernel worker (the single placement's one, or
 * each component's) runs a fresh copy of its image instead of being
 * replaced. A reboot must not be able
 * to tell: the same script leaves the same RAM, shows the same files and
 * narrates the same boots whether the workers are reset or replaced, and
 * nothing of a stopped kernel stays reachable or running.
 */
import { describe, expect, it } from 'vitest';
import type { Board } from '../src/board.ts';
import { blkDeviceConfig } from '../src/device-config.ts';
import { PersistentRam } from '../src/hardware/ram.ts';
import type { Placement } from '../src/placement/kernel-workers.ts';
import { componentBundle, kernelBundle } from '../src/placement/spawn.ts';
import { PLACEMENTS, testBoard, text, type TestBoardOptions } from './helpers.ts';

const WARM = 'kernel image: bundle, run again in the same worker (warm reset)';

/** What a boot shows: every file with its bytes. */
async function shown(board: Board): Promise<string[]> {
  const files = await board.ls();
  return Promise.all(
    files.map(async (f) => `${f.name} ${f.size}: ${text(await board.cat(f.name))}`)
  );
}

/** boot → printk, pmsg, oops → panic → reboot → … → reboot (shutdown) → … → panic → reboot. */
async function lifecycle(placement: Placement, o: TestBoardOptions) {
  const lines: string[] = [];
  const board = testBoard(placement, { ...o, say: (l) => lines.push(l) });
  const seen: string[][] = [];
  await board.boot();
  await board.printk(['first boot: a line', 'first boot: another']);
  await board.pmsg(['pmsg of the first boot\n']);
  await board.oops('an oops of the first boot');
  await board.panic('the first panic');
  await board.reboot();
  seen.push(await shown(board));
  await board.printk(['second boot: a line']);
  await board.pmsg(['pmsg of the second boot\n']);
  await board.reboot(); // from running: the shutdown path, then a reset
  seen.push(await shown(board));
  for (let i = 0; i < 3; i++) {
    await board.printk([`boot ${i + 3}: a line`]);
    await board.panic(`panic ${i + 2}`);
    await board.reboot();
    seen.push(await shown(board));
  }
  // Whether the workers were reset or replaced is the one line allowed to differ.
  const narration = lines
    .filter((l) => !l.startsWith('kernel image:'))
    .map((l) => l.replace('every kernel worker reset', 'every kernel worker terminated'));
  return {
    ram: board.ram.copy(),
    seen,
    narration,
    images: lines.filter((l) => l.startsWith('kernel image:'))
  };
}

const bundled = kernelBundle() !== null && componentBundle('kmsg') !== null;

describe.skipIf(!bundled).each(PLACEMENTS)('a warm reset in the %s placement', (placement) => {
  it('leaves the RAM, the files and the narration of replaced workers, boot after boot', async () => {
    const warm = await lifecycle(placement, { warmReset: true });
    const cold = await lifecycle(placement, { warmReset: false });
    // Every reboot after the first boot reset the worker it had.
    expect(warm.images.slice(1)).toEqual(Array(5).fill(WARM));
    expect(cold.images).not.toContain(WARM);
    expect(warm.seen).toEqual(cold.seen);
    expect(warm.narration).toEqual(cold.narration);
    expect(Buffer.compare(warm.ram, cold.ram)).toBe(0);
    // The records are there at all (a comparison of two empty runs proves nothing).
    expect(warm.seen[0]!.join('\n')).toContain('the first panic');
    expect(warm.seen[1]!.join('\n')).toContain('pmsg of the second boot');
  });

  it('does the same on pstore/blk (the disk of a board on pstore_blk)', async () => {
    const run = (warmReset: boolean) => {
      const config = blkDeviceConfig('', '6.12', 1 << 20);
      const ram = new PersistentRam(config.blk!.diskSize, config.zones.length, null, 'disk');
      return lifecycle(placement, { warmReset, config, ram });
    };
    const warm = await run(true);
    const cold = await run(false);
    expect(warm.images.slice(1)).toEqual(Array(5).fill(WARM));
    expect(warm.seen).toEqual(cold.seen);
    expect(warm.narration).toEqual(cold.narration);
    expect(Buffer.compare(warm.ram, cold.ram)).toBe(0);
    expect(warm.seen[0]!.join('\n')).toContain('an oops of the first boot');
  });

  it('is not used after a kill or a power cut: the workers stop dead and the next boot has new ones', async () => {
    const lines: string[] = [];
    const board = testBoard(placement, { say: (l) => lines.push(l) });
    await board.boot();
    // The single placement's kill takes the kernel down; per component, a
    // supervisor restarts kmsg in a new worker, which later resets as any other.
    await board.kill('kmsg');
    if (placement === 'single') await board.boot();
    else {
      await board.panic('after a restart');
      await board.reboot();
    }
    await board.cutPower(true);
    await board.boot();
    await board.panic('orderly at last');
    await board.reboot();
    const COLD = 'kernel image: bundle, compiled cold';
    const images = lines
      .filter((l) => l.startsWith('kernel image:'))
      .map((l) => (l === WARM ? l : COLD));
    const crashed = lines.filter((l) => l.startsWith('crashed:'));
    const killed = 'crashed: kmsg worker killed; every kernel worker terminated, RAM kept';
    const cut = 'crashed: power cut; every kernel worker terminated, RAM kept';
    const last = `crashed: Kernel panic - not syncing: orderly at last; every kernel worker reset, RAM kept`;
    if (placement === 'single') {
      expect(images).toEqual([COLD, COLD, COLD, WARM]);
      expect(crashed).toEqual([killed, cut, last]);
    } else {
      expect(lines).toContain('kmsg: restarted by its supervisor');
      expect(images).toEqual([COLD, WARM, COLD, WARM]);
      expect(crashed).toEqual([
        'crashed: Kernel panic - not syncing: after a restart; every kernel worker reset, RAM kept',
        cut,
        last
      ]);
    }
    expect(text(await board.cat('dmesg-ramoops-0'))).toContain('orderly at last');
  });

  it('leaves nothing behind: the board holds no more handles after 30 resets than after 1', async () => {
    const board = testBoard(placement);
    await board.boot();
    await board.panic('first');
    await board.reboot();
    const handles = process.getActiveResourcesInfo().length;
    for (let i = 0; i < 30; i++) {
      await board.panic(`cycle ${i}`);
      await board.reboot();
    }
    // A port or a timer left per reset would add 30; closes still in flight, one or two.
    expect(process.getActiveResourcesInfo().length).toBeLessThanOrEqual(handles + 2);
    expect(text(await board.cat('dmesg-ramoops-0'))).toContain('cycle 29');
  });
});
