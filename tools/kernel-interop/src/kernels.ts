/**
 * The kernels the suite runs: Debian's cloud kernels of three eras, and the
 * opt-in custom 6.1 build with the console, pmsg and ftrace frontends.
 * `setup` writes one kernel.json per kernel into the cache; the run reads
 * them back (and fails with the reason when one is missing).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { kernelDir } from './paths.ts';

/** A Debian kernel the CI matrix uses. */
export interface DebianKernelSpec {
  /** Short id: the branch. */
  readonly id: string;
  /** Debian suite that ships it. */
  readonly suite: string;
  readonly debian: string;
}

export const DEBIAN_KERNELS: readonly DebianKernelSpec[] = [
  { id: '5.10', suite: 'bullseye', debian: 'Debian 11' },
  { id: '6.1', suite: 'bookworm', debian: 'Debian 12' },
  { id: '6.12', suite: 'trixie', debian: 'Debian 13' }
];

/** The id of the custom kernel (`--custom`). */
export const CUSTOM_KERNEL_ID = 'custom-6.1';

/** What pstore frontends a kernel has (Debian's write dmesg only). */
export interface KernelFeatures {
  readonly console: boolean;
  readonly pmsg: boolean;
  readonly ftrace: boolean;
  /** lkdtm is built in or shipped as a module (an oops on demand). */
  readonly lkdtm: boolean;
  /** pstore_blk.ko, pstore_zone.ko and virtio_blk.ko are in the initramfs (5.8+ kernels that ship them). */
  readonly blk?: boolean;
}

/** kernel.json: one installed kernel. */
export interface InstalledKernel {
  readonly id: string;
  /** "Debian 12 6.1.0-56-cloud-amd64 (6.1.192-2)" */
  readonly label: string;
  /** Exact upstream version for `pstore … --kernel`: "6.1.192". */
  readonly version: string;
  /** `uname -r` */
  readonly release: string;
  readonly vmlinuz: string;
  readonly initramfs: string;
  readonly systemMap: string;
  /** Modules to insmod, in load order (file names inside the initramfs). */
  readonly modules: readonly string[];
  /** Host paths of those modules, uncompressed. */
  readonly modulePaths: readonly string[];
  readonly features: KernelFeatures;
  /** Hash of what went into the initramfs (rebuilt when it changes). */
  readonly initramfsHash: string;
  /** A built kernel: hash of the options it was configured with (rebuilt when they change). */
  readonly configHash?: string;
}

function manifestPath(id: string): string {
  return join(kernelDir(id), 'kernel.json');
}

export function readInstalled(id: string): InstalledKernel | null {
  const p = manifestPath(id);
  if (!existsSync(p)) return null;
  const k = JSON.parse(readFileSync(p, 'utf8')) as InstalledKernel;
  for (const f of [k.vmlinuz, k.systemMap, ...k.modulePaths]) if (!existsSync(f)) return null;
  return k;
}

export function writeInstalled(k: InstalledKernel): void {
  writeFileSync(manifestPath(k.id), JSON.stringify(k, null, 2) + '\n');
}

/** The installed kernel `id`, or an error that says how to get it. */
export function requireInstalled(id: string): InstalledKernel {
  const k = readInstalled(id);
  if (!k) {
    const how = id === CUSTOM_KERNEL_ID ? 'setup --custom' : 'setup';
    throw new Error(
      `kernel ${id} is not installed in the cache (${manifestPath(id)}): run \`kernel-interop ${how}\``
    );
  }
  if (!existsSync(k.initramfs)) {
    throw new Error(
      `initramfs of kernel ${id} is missing (${k.initramfs}): run \`kernel-interop setup\``
    );
  }
  return k;
}
