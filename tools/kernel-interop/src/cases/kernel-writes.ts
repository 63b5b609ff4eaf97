/**
 * Direction 1, the kernel writes: a fresh VM (its first report must be
 * empty) logs marker lines, writes pmsg where the kernel has it, oopses or
 * powers off as the case says, and panics; the host dumps the ramoops
 * region through QMP `pmemsave` (or copies the pstore/blk disk), resets the
 * VM (RAM and disk survive), and the second boot reports what the kernel
 * shows in /sys/fs/pstore.
 */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InstalledKernel } from '../kernels.ts';
import type { KernelFile } from '../vm/guest.ts';
import { provokeOops } from './oops.ts';
import { diskPath, withVm } from './session.ts';
import { isBlk } from './params.ts';
import type { KernelWritesCase } from './types.ts';

export interface KernelRun {
  /** The region the kernel wrote (byte 0 = mem_address). */
  readonly image: string;
  /** What the kernel showed reading it. */
  readonly files: KernelFile[];
  /** The pstore/ramoops lines of that boot's kernel log. */
  readonly klog: string[];
  readonly notes: string[];
}

export async function runKernelWrites(
  c: KernelWritesCase,
  k: InstalledKernel,
  dir: string
): Promise<KernelRun> {
  const needsOops = c.actions.some((a) => a.kind === 'oops');
  const notes: string[] = [];
  const image = join(dir, 'region.bin');
  const report = await withVm(
    k,
    c,
    dir,
    { gdb: needsOops && !k.features.lkdtm, notes },
    async (g, vm, boot) => {
      const first = await g.report();
      if (first.files.length) {
        throw new Error(`a fresh VM already shows ${first.files.map((f) => f.name).join(', ')}`);
      }
      let stopped = false;
      for (const a of c.actions) {
        if (stopped) throw new Error(`action ${a.kind} after the VM stopped`);
        switch (a.kind) {
          case 'kmsg':
            await g.command(`kmsg ${a.text}`);
            break;
          case 'pmsg':
            if (boot.features.includes('pmsg')) await g.command(`pmsg ${a.text}`);
            else if (!notes.includes('no /dev/pmsg0')) notes.push('no /dev/pmsg0');
            break;
          case 'oops':
            await provokeOops(g, vm, k.features.lkdtm);
            break;
          case 'sh':
            await g.command(`sh ${a.command}`);
            break;
          case 'panic':
            await g.panic();
            stopped = true;
            break;
          case 'poweroff':
            await g.poweroff();
            stopped = true;
            break;
        }
      }
      if (!stopped) throw new Error('the case never panics or powers off');
      await vm.monitor.execute('stop');
      // pstore/blk: the disk as the kernel left it (QEMU wrote through to the file).
      if (isBlk(c.params)) copyFileSync(diskPath(dir), image);
      else await vm.monitor.pmemsave(c.params.memAddress, c.params.memSize, image);
      await vm.monitor.execute('system_reset');
      await vm.monitor.execute('cont');
      await g.boot();
      return g.report();
    }
  );
  return { image, files: report.files, klog: report.klog, notes };
}
