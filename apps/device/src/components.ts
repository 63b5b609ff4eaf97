/**
 * The components of the simulated kernel, the packages that implement them,
 * and the message links between them (who may talk to whom; "downstream"
 * links carry flush barriers, in the direction log traffic flows).
 * Kernel counterpart: the call graph of fs/pstore and kernel/printk.
 */

import type { DeviceBackend } from './device-config.ts';

/** The components of a kernel storing through ramoops (the board's default). */
export const COMPONENTS = ['ram-core', 'ramoops', 'kmsg', 'console', 'pstore-fs', 'pmsg'] as const;

/** Every component a kernel may have: ramoops' and pstore/blk's (pstore-blk). */
export type Component = (typeof COMPONENTS)[number] | 'pstore-blk';

/** The components of a kernel storing through pstore/blk: pstore-blk in place of ramoops and ram-core. */
const BLK_COMPONENTS: readonly Component[] = ['pstore-blk', 'kmsg', 'console', 'pstore-fs', 'pmsg'];

/** The package of each component (its worker is `<package>/dist/worker.js`). */
export const PACKAGE_OF: Readonly<Record<Component, string>> = {
  'ram-core': '@pstore/ram-core',
  ramoops: '@pstore/ramoops',
  kmsg: '@pstore/kmsg',
  console: '@pstore/console',
  'pstore-fs': '@pstore/pstore-fs',
  pmsg: '@pstore/pmsg-chardev',
  'pstore-blk': '@pstore/pstore-zone'
};

/**
 * The function of each component's package that makes its actor host: a
 * per-component worker's image is that package's host and nothing else
 * (scripts/bundle.mjs).
 */
export const HOST_OF: Readonly<Record<Component, string>> = {
  'ram-core': 'createRamCoreHost',
  ramoops: 'createRamoopsHost',
  kmsg: 'createKmsgHost',
  console: 'createConsoleHost',
  'pstore-fs': 'createPstoreFsHost',
  pmsg: 'createPmsgHost',
  'pstore-blk': 'createPstoreBlkHost'
};

/** A link: [from, to, carries flush barriers from → to]. */
export type LinkSpec = readonly [Component, Component, boolean];

export const LINKS: readonly LinkSpec[] = [
  // ramoops_probe() → persistent_ram_new()
  ['ramoops', 'ram-core', false],
  // printk → console drivers; console's own lines back to printk
  ['kmsg', 'console', true],
  // console driver output → pstore's console frontend
  ['console', 'pstore-fs', true],
  // kmsg_dump() → pstore_dump(); pstore's log lines → printk
  ['kmsg', 'pstore-fs', false],
  // psinfo → the backend
  ['pstore-fs', 'ramoops', true],
  // /dev/pmsg0 → psinfo->write_user()
  ['pmsg', 'pstore-fs', true]
];

/** The same links for a kernel on pstore/blk: psinfo → pstore-blk, which needs no ram-core. */
const BLK_LINKS: readonly LinkSpec[] = [
  ...LINKS.filter(([a]) => a !== 'ramoops' && a !== 'pstore-fs'),
  ['pstore-fs', 'pstore-blk', true]
];

/** The components and links of a kernel on `backend`. */
export function kernelOf(backend: DeviceBackend): {
  readonly components: readonly Component[];
  readonly links: readonly LinkSpec[];
} {
  return backend === 'blk'
    ? { components: BLK_COMPONENTS, links: BLK_LINKS }
    : { components: COMPONENTS, links: LINKS };
}

/**
 * Components a supervisor restarts when their worker dies while the kernel
 * lives (per-component placement: each in a worker of its own). Each
 * restart and what it loses is in supervisor.ts; in the single placement
 * any death takes the kernel down.
 */
export const RESTARTABLE: ReadonlySet<Component> = new Set<Component>(COMPONENTS);
// pstore-blk is not restartable: a restarted one would recover the disk again
// mid-boot (zone.c recovers once, at the first read), so its death takes the
// kernel down, as in the single placement.

/** Components a printk line passes on its way to the console zone. */
export const PRINTK_PATH: ReadonlySet<Component> = new Set<Component>([
  'kmsg',
  'console',
  'pstore-fs',
  'ramoops',
  'pstore-blk'
]);

/** Components a pmsg write(2) passes on its way to the pmsg zone. */
export const PMSG_PATH: ReadonlySet<Component> = new Set<Component>([
  'pmsg',
  'pstore-fs',
  'ramoops',
  'pstore-blk'
]);

/** Components whose worker stores into persistent RAM (and so can be cut mid-store). */
export const RAM_WRITERS: ReadonlySet<Component> = new Set<Component>([
  'ram-core',
  'ramoops',
  'pstore-blk'
]);

/** Accepts "pmsg-chardev" for "pmsg". */
export function parseComponent(name: string): Component | null {
  const n = name === 'pmsg-chardev' ? 'pmsg' : name;
  return [...COMPONENTS, 'pstore-blk'].includes(n) ? (n as Component) : null;
}
