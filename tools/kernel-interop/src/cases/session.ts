/**
 * One VM for one case: started with the case's kernel, command line and
 * CPUs (and optionally a preloaded image or a gdb stub; for pstore/blk a
 * virtio disk, zeroed or holding the image), booted to the guest prompt,
 * always stopped afterwards.
 */
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InstalledKernel } from '../kernels.ts';
import { Guest, type BootInfo } from '../vm/guest.ts';
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
}

export async function withVm<T>(
  k: InstalledKernel,
  c: Case,
  dir: string,
  opts: SessionOptions,
  body: (g: Guest, vm: Vm, boot: BootInfo) => Promise<T>
): Promise<T> {
  const p = c.params;
  let disk: string | undefined;
  if (isBlk(p)) {
    disk = diskPath(dir);
    if (opts.preload) copyFileSync(opts.preload, disk);
    else writeFileSync(disk, Buffer.alloc(p.diskSize));
  }
  const vm = await Vm.start({
    vmlinuz: k.vmlinuz,
    initramfs: k.initramfs,
    append: kernelCmdline(c.params, c.cmdline),
    dir,
    cpus: c.cpus ?? 1,
    preload: opts.preload && !isBlk(p) ? { file: opts.preload, addr: p.memAddress } : undefined,
    disk,
    gdb: opts.gdb
  });
  try {
    const g = new Guest(vm);
    const boot = await g.boot();
    if (boot.release !== k.release) {
      throw new Error(`guest runs ${boot.release}, expected ${k.release}`);
    }
    return await body(g, vm, boot);
  } finally {
    await vm.stop();
  }
}
