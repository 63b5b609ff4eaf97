/**
 * One VM for one case: started with the case's kernel, command line and
 * CPUs (and optionally a preloaded image or a gdb stub; for pstore/blk a
 * virtio disk, zeroed or holding the image), booted to the guest prompt,
 * always stopped afterwards. A guest whose kernel panics before /init boots
 * once more (recorded in the notes).
 */
import { copyFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InstalledKernel } from '../kernels.ts';
import { EarlyGuestPanic, Guest, type BootInfo } from '../vm/guest.ts';
import { Vm } from '../vm/qemu.ts';
import { isBlk, kernelCmdline } from './params.ts';
import type { Case } from './types.ts';

/** The virtio disk of a pstore/blk case (the device pstore_blk.blkdev names). */
export function diskPath(dir: string): string {
  return join(dir, 'disk.img');
}

export interface SessionOptions {
  /** ramoops: a RAM image loaded at mem_address; pstore/blk: the disk's first contents. */
  readonly preload?: string;
  readonly gdb?: boolean;
  /** Where a retried boot is recorded (see EarlyGuestPanic). */
  readonly notes?: string[];
}

export async function withVm<T>(
  k: InstalledKernel,
  c: Case,
  dir: string,
  opts: SessionOptions,
  body: (g: Guest, vm: Vm, boot: BootInfo) => Promise<T>
): Promise<T> {
  const p = c.params;
  const start = async (): Promise<Vm> => {
    let disk: string | undefined;
    if (isBlk(p)) {
      disk = diskPath(dir);
      if (opts.preload) copyFileSync(opts.preload, disk);
      else writeFileSync(disk, Buffer.alloc(p.diskSize));
    }
    return Vm.start({
      vmlinuz: k.vmlinuz,
      initramfs: k.initramfs,
      append: kernelCmdline(c.params, c.cmdline),
      dir,
      cpus: c.cpus ?? 1,
      preload: opts.preload && !isBlk(p) ? { file: opts.preload, addr: p.memAddress } : undefined,
      disk,
      gdb: opts.gdb
    });
  };
  let vm = await start();
  try {
    let g = new Guest(vm);
    let boot: BootInfo;
    try {
      boot = await g.boot();
    } catch (e) {
      // Once only: a kernel that dies before /init twice is a real failure.
      if (!(e instanceof EarlyGuestPanic)) throw e;
      opts.notes?.push(`booted twice: ${e.message.split(';')[0]}`);
      await vm.stop();
      renameSync(vm.serialLog, join(dir, 'serial.first-boot.log'));
      vm = await start();
      g = new Guest(vm);
      boot = await g.boot();
    }
    if (boot.release !== k.release) {
      throw new Error(`guest runs ${boot.release}, expected ${k.release}`);
    }
    return await body(g, vm, boot);
  } finally {
    await vm.stop();
  }
}
