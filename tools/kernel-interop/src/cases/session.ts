/**
 * One VM for one case: started with the case's kernel, command line and
 * CPUs (and optionally a preloaded image or a gdb stub), booted to the
 * guest prompt, always stopped afterwards.
 */
import type { InstalledKernel } from '../kernels.ts';
import { Guest, type BootInfo } from '../vm/guest.ts';
import { Vm } from '../vm/qemu.ts';
import { kernelCmdline } from './params.ts';
import type { Case } from './types.ts';

export interface SessionOptions {
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
  const vm = await Vm.start({
    vmlinuz: k.vmlinuz,
    initramfs: k.initramfs,
    append: kernelCmdline(c.params, c.cmdline),
    dir,
    cpus: c.cpus ?? 1,
    preload: opts.preload ? { file: opts.preload, addr: c.params.memAddress } : undefined,
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
