/**
 * Direction 2, the kernel reads: an image from an ImageSource (pstore
 * encode, a file, later apps/device) is preloaded at mem_address into a
 * fresh VM, which reports what it shows in /sys/fs/pstore.
 */
import type { InstalledKernel } from '../kernels.ts';
import type { KernelRun } from './kernel-writes.ts';
import { withVm } from './session.ts';
import type { Case, KernelReadsCase } from './types.ts';

/** Boots `image` preloaded and returns what the kernel shows. */
export async function readImage(
  c: Case,
  k: InstalledKernel,
  dir: string,
  image: string
): Promise<KernelRun> {
  const notes: string[] = [];
  const report = await withVm(k, c, dir, { preload: image, notes }, (g) => g.report());
  return { image, files: report.files, klog: report.klog, notes };
}

export async function runKernelReads(
  c: KernelReadsCase,
  k: InstalledKernel,
  dir: string
): Promise<KernelRun> {
  const image = await c.image.produce(dir, k.version);
  return readImage(c, k, dir, image);
}
