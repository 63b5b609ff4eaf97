/**
 * The opt-in custom kernel (`setup --custom`): Debian's linux-source-6.1
 * (fetched with the private bookworm apt state, unpacked without installing),
 * configured as tinyconfig plus what the guest needs (64-bit, serial console,
 * initrd, proc/sysfs/devtmpfs, printk, sysrq, debugfs, SMP) and everything
 * pstore has: ramoops built in, the console, pmsg and ftrace frontends,
 * every crypto-API compressor (deflate, lzo, lz4, lz4hc, 842, zstd; deflate
 * stays CONFIG_PSTORE_COMPRESS_DEFAULT), pstore/blk with a virtio disk driver,
 * lkdtm for oopses on demand. About 10 minutes on
 * 2 cores; cached like the Debian kernels, the build tree removed afterwards.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { cpus } from 'node:os';
import { join } from 'node:path';
import {
  CUSTOM_KERNEL_ID,
  readInstalled,
  writeInstalled,
  type InstalledKernel
} from '../kernels.ts';
import { cacheDir, kernelDir } from '../paths.ts';
import { mustRun } from '../proc.ts';
import { PrivateApt } from './apt-private.ts';
import { refreshInitramfs } from './debian-kernel.ts';
import { aptInstallMissing, CUSTOM_BUILD_PACKAGES } from './host-tools.ts';
import { buildInitramfs } from './initramfs.ts';

/** Options switched on over tinyconfig; every one is checked in the final .config. */
const CUSTOM_OPTIONS: readonly string[] = [
  '64BIT',
  'SMP',
  'PRINTK',
  'PRINTK_TIME',
  'EARLY_PRINTK',
  'TTY',
  'SERIAL_8250',
  'SERIAL_8250_CONSOLE',
  'BLK_DEV_INITRD',
  'RD_GZIP',
  'BINFMT_ELF',
  'BINFMT_SCRIPT',
  'PROC_FS',
  'SYSFS',
  'DEVTMPFS',
  'SHMEM',
  'TMPFS',
  'FUTEX',
  'MULTIUSER',
  'MAGIC_SYSRQ',
  'DEBUG_KERNEL',
  'DEBUG_FS',
  'KALLSYMS',
  'ACPI',
  'MISC_FILESYSTEMS',
  'RUNTIME_TESTING_MENU',
  'FTRACE',
  'FUNCTION_TRACER',
  'DYNAMIC_FTRACE',
  'CRYPTO',
  'CRYPTO_DEFLATE',
  'ZLIB_DEFLATE',
  'ZLIB_INFLATE',
  'REED_SOLOMON',
  'PSTORE',
  'PSTORE_COMPRESS',
  'PSTORE_DEFLATE_COMPRESS',
  // Every crypto-API compressor 6.1 offers pstore; pstore.compress= picks one per boot.
  'PSTORE_LZO_COMPRESS',
  'PSTORE_LZ4_COMPRESS',
  'PSTORE_LZ4HC_COMPRESS',
  'PSTORE_842_COMPRESS',
  'PSTORE_ZSTD_COMPRESS',
  'CRYPTO_LZO',
  'CRYPTO_LZ4',
  'CRYPTO_LZ4HC',
  'CRYPTO_842',
  'CRYPTO_ZSTD',
  'PSTORE_CONSOLE',
  'PSTORE_PMSG',
  'PSTORE_FTRACE',
  'PSTORE_RAM',
  'LKDTM',
  // pstore/blk on a virtio disk, built in (it registers at late_initcall, after virtio_blk
  // probed /dev/vda): the rings of pstore/zone, which Debian's builds lack.
  'PCI',
  'BLOCK',
  'BLK_DEV',
  'VIRTIO_MENU',
  'VIRTIO',
  'VIRTIO_PCI',
  'VIRTIO_BLK',
  'PSTORE_ZONE',
  'PSTORE_BLK'
];

/** Options switched off (fewer surprises, faster build). */
const OFF: readonly string[] = ['RANDOMIZE_BASE', 'MODULES', 'DEBUG_INFO', 'WERROR'];

/** Downloads linux-source-6.1 (private bookworm apt state) and unpacks the tree into `work`. */
async function fetchSource(work: string, log: (s: string) => void): Promise<void> {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const apt = new PrivateApt('bookworm');
  await apt.update();
  log(`${CUSTOM_KERNEL_ID}: downloading linux-source-6.1`);
  const deb = await apt.download('linux-source-6.1', join(work, 'deb'));
  await mustRun('dpkg-deb', ['-x', deb, join(work, 'pkg')]);
  const srcDir = join(work, 'pkg/usr/src');
  const tarball = readdirSync(srcDir).find((f) => /^linux-source-6\.1\.tar\.xz$/.test(f));
  if (!tarball) throw new Error(`no linux-source-6.1.tar.xz in ${srcDir}`);
  log(`${CUSTOM_KERNEL_ID}: unpacking ${tarball}`);
  await mustRun('tar', ['-xJf', join(srcDir, tarball), '-C', work]);
  rmSync(join(work, 'pkg'), { recursive: true, force: true });
  rmSync(join(work, 'deb'), { recursive: true, force: true });
  if (!existsSync(join(work, 'linux-source-6.1', 'Makefile'))) {
    throw new Error(`${work}/linux-source-6.1 holds no kernel tree`);
  }
}

/** What the build is configured with: a cached kernel built otherwise is rebuilt. */
const CONFIG_HASH = createHash('sha256')
  .update(JSON.stringify([CUSTOM_OPTIONS, OFF]))
  .digest('hex')
  .slice(0, 16);

export async function setupCustomKernel(log: (s: string) => void): Promise<InstalledKernel> {
  const have = readInstalled(CUSTOM_KERNEL_ID);
  if (have && have.configHash === CONFIG_HASH) {
    log(`${CUSTOM_KERNEL_ID}: ${have.label} already in the cache`);
    return refreshInitramfs(have, log);
  }
  if (have) log(`${CUSTOM_KERNEL_ID}: the cached build has other options: building it again`);
  await aptInstallMissing(CUSTOM_BUILD_PACKAGES, log);
  const dir = kernelDir(CUSTOM_KERNEL_ID);
  const work = join(cacheDir(), 'custom-build');
  const tree = join(work, 'linux-source-6.1');
  if (!existsSync(join(tree, 'Makefile'))) await fetchSource(work, log);

  const make = (args: string[], inherit = false): Promise<unknown> =>
    mustRun('make', ['-C', tree, ...args], { inherit });
  await make(['tinyconfig']);
  const cfg = join(tree, 'scripts/config');
  await mustRun(cfg, [
    '--file',
    join(tree, '.config'),
    ...CUSTOM_OPTIONS.flatMap((o) => ['-e', o]),
    ...OFF.flatMap((o) => ['-d', o])
  ]);
  await make(['olddefconfig']);
  const config = readFileSync(join(tree, '.config'), 'utf8');
  const missing = CUSTOM_OPTIONS.filter((o) => !new RegExp(`^CONFIG_${o}=y$`, 'm').test(config));
  if (missing.length) {
    throw new Error(
      `the custom config lacks ${missing.map((o) => `CONFIG_${o}`).join(', ')} (dependencies not met)`
    );
  }
  const jobs = String(Math.max(1, cpus().length));
  log(`${CUSTOM_KERNEL_ID}: building bzImage with -j${jobs} (about 10 minutes on 2 cores)`);
  const t0 = Date.now();
  await make([`-j${jobs}`, 'bzImage'], true);
  log(`${CUSTOM_KERNEL_ID}: built in ${Math.round((Date.now() - t0) / 1000)} s`);
  const version = (await mustRun('make', ['-s', '-C', tree, 'kernelversion'])).stdout.trim();
  const release = (await mustRun('make', ['-s', '-C', tree, 'kernelrelease'])).stdout.trim();

  mkdirSync(dir, { recursive: true });
  copyFileSync(join(tree, 'arch/x86/boot/bzImage'), join(dir, 'vmlinuz'));
  copyFileSync(join(tree, 'System.map'), join(dir, 'System.map'));
  copyFileSync(join(tree, '.config'), join(dir, 'config'));
  const initramfs = join(dir, 'initramfs.cpio.gz');
  const { hash } = buildInitramfs(initramfs, [], null);
  const k: InstalledKernel = {
    id: CUSTOM_KERNEL_ID,
    label: `${release} built from Debian linux-source-6.1 (tinyconfig + pstore console/pmsg/ftrace, every compressor, pstore/blk, lkdtm)`,
    version,
    release,
    vmlinuz: join(dir, 'vmlinuz'),
    initramfs,
    systemMap: join(dir, 'System.map'),
    modules: [],
    modulePaths: [],
    features: { console: true, pmsg: true, ftrace: true, lkdtm: true, blk: true },
    initramfsHash: hash,
    configHash: CONFIG_HASH
  };
  writeInstalled(k);
  rmSync(work, { recursive: true, force: true });
  log(`${CUSTOM_KERNEL_ID}: ${k.label} ready`);
  return k;
}
