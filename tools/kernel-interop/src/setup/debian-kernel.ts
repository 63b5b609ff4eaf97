/**
 * Fetches one Debian cloud kernel with the private apt configuration of its
 * suite (`apt-get download` of the package the linux-image-cloud-amd64
 * meta-package points at, `dpkg-deb -x`, no installation), takes vmlinuz,
 * System.map, config and the ramoops modules out of it, and builds its
 * initramfs. Idempotent: an installed kernel is only checked (and its
 * initramfs rebuilt when the init script changed).
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  readInstalled,
  writeInstalled,
  type DebianKernelSpec,
  type InstalledKernel,
  type KernelFeatures
} from '../kernels.ts';
import { kernelDir } from '../paths.ts';
import { mustRun } from '../proc.ts';
import { PrivateApt } from './apt-private.ts';
import { buildInitramfs } from './initramfs.ts';
import { collectModules, indexModules } from './modules.ts';

const META = 'linux-image-cloud-amd64';

/** Rebuilds the initramfs of an installed kernel if its inputs changed. */
export function refreshInitramfs(k: InstalledKernel, log: (s: string) => void): InstalledKernel {
  const { hash, built } = buildInitramfs(k.initramfs, k.modulePaths, k.initramfsHash);
  if (!built) return k;
  log(`${k.id}: initramfs rebuilt (${k.initramfs})`);
  const next = { ...k, initramfsHash: hash };
  writeInstalled(next);
  return next;
}

/** The modules a pstore/blk case loads, dependencies aside (pstore_zone comes with pstore_blk). */
const BLK_MODULES = ['virtio_pci', 'virtio_blk', 'pstore_blk'];

/** A kernel installed before the pstore/blk cases whose config says it has them as modules. */
function lacksBlkModules(k: InstalledKernel): boolean {
  if (k.modules.includes('pstore_blk.ko')) return false;
  try {
    return /^CONFIG_PSTORE_BLK=m$/m.test(readFileSync(join(kernelDir(k.id), 'config'), 'utf8'));
  } catch {
    return false;
  }
}

/** Kernel features from its config (and whether it ships lkdtm). */
function featuresFromConfig(config: string, hasLkdtmModule: boolean): KernelFeatures {
  const on = (opt: string): boolean => new RegExp(`^CONFIG_${opt}=y$`, 'm').test(config);
  return {
    console: on('PSTORE_CONSOLE'),
    pmsg: on('PSTORE_PMSG'),
    ftrace: on('PSTORE_FTRACE'),
    lkdtm: on('LKDTM') || hasLkdtmModule
  };
}

function findOne(dir: string, prefix: string): string {
  const f = readdirSync(dir).find((n) => n.startsWith(prefix));
  if (!f) throw new Error(`no ${prefix}* in ${dir}`);
  return join(dir, f);
}

export async function setupDebianKernel(
  spec: DebianKernelSpec,
  log: (s: string) => void
): Promise<InstalledKernel> {
  const have = readInstalled(spec.id);
  if (have && !lacksBlkModules(have)) {
    log(`${spec.id}: ${have.label} already in the cache`);
    return refreshInitramfs(have, log);
  }
  if (have) log(`${spec.id}: the cached kernel lacks the pstore/blk modules: fetching it again`);
  const dir = kernelDir(spec.id);
  const apt = new PrivateApt(spec.suite);
  log(`${spec.id}: reading the ${spec.suite} package lists (private apt state in ${apt.dir})`);
  await apt.update();
  const pkg = (await apt.depends(META)).find((d) => /^linux-image-.*-cloud-amd64$/.test(d));
  if (!pkg) throw new Error(`${META} in ${spec.suite} depends on no linux-image-*-cloud-amd64`);
  log(`${spec.id}: downloading ${pkg}`);
  rmSync(join(dir, 'deb'), { recursive: true, force: true });
  const deb = await apt.download(pkg, join(dir, 'deb'));
  const root = join(dir, 'root');
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  await mustRun('dpkg-deb', ['-x', deb, root]);
  const debVersion = (await mustRun('dpkg-deb', ['-f', deb, 'Version'])).stdout.trim();
  const upstream = /^(\d+\.\d+\.\d+)/.exec(debVersion)?.[1];
  if (!upstream) throw new Error(`cannot read the kernel version from ${debVersion}`);

  const modRoot = [join(root, 'lib/modules'), join(root, 'usr/lib/modules')].find(existsSync);
  if (!modRoot) throw new Error(`${pkg} has no lib/modules`);
  const release = readdirSync(modRoot)[0]!;
  const index = indexModules(join(modRoot, release));
  // ramoops (and lkdtm where shipped); for pstore/blk its modules and a virtio disk driver
  // (virtio_pci is built in from 6.12 on, a module before).
  const wanted = ['ramoops', 'lkdtm', ...BLK_MODULES].filter((m) => index.has(m));
  if (!wanted.includes('ramoops')) throw new Error(`${pkg} ships no ramoops module`);
  const modulePaths = await collectModules(index, wanted, join(dir, 'modules'));
  const boot = join(root, 'boot');
  const keep = (prefix: string, as: string): string => {
    copyFileSync(findOne(boot, prefix), join(dir, as));
    return join(dir, as);
  };
  const vmlinuz = keep('vmlinuz-', 'vmlinuz');
  const systemMap = keep('System.map-', 'System.map');
  const config = readFileSync(keep('config-', 'config'), 'utf8');
  const features = {
    ...featuresFromConfig(config, index.has('lkdtm')),
    blk: index.has('pstore_blk') && index.has('virtio_blk')
  };
  const initramfs = join(dir, 'initramfs.cpio.gz');
  const { hash } = buildInitramfs(initramfs, modulePaths, null);
  const k: InstalledKernel = {
    id: spec.id,
    label: `${spec.debian} ${release} (${debVersion})`,
    version: upstream,
    release,
    vmlinuz,
    initramfs,
    systemMap,
    modules: modulePaths.map((p) => p.slice(p.lastIndexOf('/') + 1)),
    modulePaths,
    features,
    initramfsHash: hash
  };
  writeInstalled(k);
  rmSync(join(dir, 'deb'), { recursive: true, force: true });
  rmSync(root, { recursive: true, force: true });
  log(`${spec.id}: ${k.label} ready (modules: ${k.modules.join(', ')})`);
  return k;
}
