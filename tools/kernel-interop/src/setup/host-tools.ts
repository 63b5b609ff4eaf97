/**
 * The host programs the harness needs, and their Debian packages. Missing
 * ones are installed with apt-get (one `apt-get update`, then one install);
 * present ones are left alone. Never touches the system's apt sources.
 */
import { run, mustRun, haveCommand } from '../proc.ts';

interface HostTool {
  /** What must be on PATH (or, for busybox, a static binary). */
  readonly check: () => Promise<boolean>;
  readonly pkg: string;
  readonly why: string;
}

async function dpkgInstalled(pkg: string): Promise<boolean> {
  const r = await run('dpkg-query', ['-W', '-f=${Status}', pkg]);
  return r.code === 0 && r.stdout.includes('install ok installed');
}

const BASE_TOOLS: readonly HostTool[] = [
  {
    check: () => haveCommand('qemu-system-x86_64'),
    pkg: 'qemu-system-x86',
    why: 'runs the kernels'
  },
  {
    check: () => dpkgInstalled('busybox-static'),
    pkg: 'busybox-static',
    why: 'the guest userland'
  },
  { check: () => haveCommand('zstd'), pkg: 'zstd', why: 'decompresses .ko.zst modules' },
  { check: () => haveCommand('xz'), pkg: 'xz-utils', why: 'decompresses .ko.xz modules' },
  { check: () => haveCommand('dpkg-deb'), pkg: 'dpkg', why: 'unpacks kernel packages' }
];

/** Extra packages for building the custom kernel (`setup --custom`). */
export const CUSTOM_BUILD_PACKAGES: readonly string[] = [
  'build-essential',
  'bc',
  'bison',
  'flex',
  'libelf-dev',
  'libssl-dev',
  'xz-utils'
];

/** Installs `pkgs` that dpkg does not list as installed; returns what was installed. */
export async function aptInstallMissing(
  pkgs: readonly string[],
  log: (s: string) => void
): Promise<string[]> {
  const missing: string[] = [];
  for (const p of pkgs) if (!(await dpkgInstalled(p))) missing.push(p);
  if (!missing.length) return [];
  if (process.getuid?.() !== 0) {
    throw new Error(
      `missing Debian packages: ${missing.join(' ')} — install them (apt-get install ${missing.join(' ')}) or run setup as root`
    );
  }
  log(`installing from Debian's archive: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await mustRun('apt-get', ['update', '-qq'], { env });
  await mustRun('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], {
    env
  });
  return missing;
}

/** Makes sure every base tool is there, installing the missing ones. */
export async function ensureHostTools(log: (s: string) => void): Promise<void> {
  const missing: HostTool[] = [];
  for (const t of BASE_TOOLS) if (!(await t.check())) missing.push(t);
  if (!missing.length) {
    log('host tools: all present');
    return;
  }
  await aptInstallMissing(
    missing.map((t) => t.pkg),
    log
  );
  for (const t of missing) {
    if (!(await t.check())) {
      throw new Error(`${t.pkg} (${t.why}) is still missing after apt-get install`);
    }
  }
}

/** The static busybox binary the initramfs uses. */
export const BUSYBOX = '/bin/busybox';

/** Fails with the reason when a tool the run needs is missing (run never installs). */
export async function requireHostTools(): Promise<void> {
  const missing: string[] = [];
  for (const t of BASE_TOOLS) if (!(await t.check())) missing.push(`${t.pkg} (${t.why})`);
  if (missing.length) {
    throw new Error(
      `missing host tools: ${missing.join(', ')} — run \`kernel-interop setup\` first`
    );
  }
}
