/**
 * `kernel-interop setup`: host tools, the three Debian kernels and their
 * initramfs images, and with --custom the custom 6.1 kernel. Everything
 * lands in the cache; a second run finds it there and does nothing.
 */
import { DEBIAN_KERNELS, type InstalledKernel } from '../kernels.ts';
import { cacheDir } from '../paths.ts';
import { setupCustomKernel } from './custom-kernel.ts';
import { setupDebianKernel } from './debian-kernel.ts';
import { ensureHostTools } from './host-tools.ts';

export interface SetupOptions {
  readonly custom: boolean;
  readonly log: (s: string) => void;
}

export async function runSetup(opts: SetupOptions): Promise<InstalledKernel[]> {
  const { log } = opts;
  log(`cache: ${cacheDir()} (PSTORE_INTEROP_CACHE overrides)`);
  await ensureHostTools(log);
  const out: InstalledKernel[] = [];
  for (const spec of DEBIAN_KERNELS) out.push(await setupDebianKernel(spec, log));
  if (opts.custom) out.push(await setupCustomKernel(log));
  return out;
}
