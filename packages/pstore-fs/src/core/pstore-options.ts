/**
 * What a Pstore is built and mounted with: the kernel, its printk side, the
 * pstore module parameters, the clock and the plug-in frontends; and the
 * checks made on them before anything is set up.
 * Kernel counterpart: the globals fs/pstore/platform.c works with (printk,
 * kmsg_dump, the console list, module parameters) and the pstore mount
 * options (fs/pstore/inode.c parse_options()).
 */
import type { ConsoleRegistry } from '@pstore/console';
import type { KmsgDumpers, PrintkRing } from '@pstore/kmsg';
import { chooseCompression } from '../compress/params.ts';
import { compareVersion, versionString, type KernelVersion } from '../era-version.ts';
import { PstoreError } from '../errors.ts';
import type { FtraceArch } from '../ftrace/record.ts';
import { PSTORE_FRONTEND_ORDER } from './builtin-frontends.ts';
import type { PstoreClock } from './clock.ts';
import type { PstoreFrontend } from './frontend.ts';
import type { PstoreModuleParams, ResolvedPstoreParams } from './module-params.ts';

/** What a {@link Pstore} is built with: the kernel it belongs to and its printk side. */
export interface PstoreOptions {
  readonly kernel: KernelVersion;
  /** `pstore.*` module parameters. */
  readonly params?: PstoreModuleParams;
  /** The printk ring pstore logs into. */
  readonly ring: PrintkRing;
  /** kmsg_dump() of this kernel: the dmesg frontend registers here. */
  readonly dumpers: KmsgDumpers;
  /** The console drivers: the console frontend registers here. */
  readonly consoles: ConsoleRegistry;
  /** Wall clock and timers (default: the host's). */
  readonly clock?: PstoreClock;
  /** Frontends from other packages (pmsg), registered when the backend's flags ask. */
  readonly frontends?: readonly PstoreFrontend[];
  /** Machine shape of ftrace records (default: 64-bit little-endian). */
  readonly ftraceArch?: FtraceArch;
}

/** Options of mount(): the pstore filesystem's mount options. */
export interface PstoreMountOptions {
  /** `-o kmsg_bytes=N`: sets the dumper's kmsg_bytes. */
  readonly kmsgBytes?: number;
}

/**
 * Refuses options that cannot describe one kernel.
 * @throws PstoreError EINVAL for dumpers of another kernel version or a
 *   plug-in frontend whose flag is not one PSTORE_FLAGS bit;
 *   PstoreFormatError for a pstore.compress value the era cannot run.
 */
export function checkPstoreOptions(options: PstoreOptions, params: ResolvedPstoreParams): void {
  const { kernel } = options;
  chooseCompression(kernel, params.compress);
  const dumpKernel = options.dumpers.policy.kernel;
  // The reason numbering and strings follow major.minor (5.8 renumbered them).
  if (compareVersion(dumpKernel, kernel.major, kernel.minor, dumpKernel.sublevel)) {
    throw new PstoreError(
      'EINVAL',
      `the kmsg dumpers belong to kernel ${versionString(dumpKernel)}, pstore to ${versionString(kernel)}`
    );
  }
  for (const f of options.frontends ?? []) {
    if (!PSTORE_FRONTEND_ORDER.includes(f.flag)) {
      throw new PstoreError('EINVAL', `frontend flag ${f.flag} is not one PSTORE_FLAGS bit`);
    }
  }
}
