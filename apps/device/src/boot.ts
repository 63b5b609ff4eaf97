/**
 * The boot sequence of the simulated kernel, in the kernel's order: every
 * component says hello (protocol versions checked), printk and the console
 * layer come up, ram-core attaches the zones and ramoops probes, pstore
 * registers the backend (the previous boot's records become files), the
 * frontends register, and the boot log reaches the console zone.
 * Kernel counterpart: start_kernel() → ramoops_probe() → pstore_register().
 */
import { CONSOLE_PROTOCOL_VERSION } from '@pstore/console';
import { DUMPER_PROTOCOL_VERSION, KMSG_PROTOCOL_VERSION, type KmsgRingConfig } from '@pstore/kmsg';
import { PMSG_PROTOCOL_VERSION } from '@pstore/pmsg-chardev';
import {
  BACKEND_PROTOCOL_VERSION,
  FRONTEND_PROTOCOL_VERSION,
  PSTORE_FS_PROTOCOL_VERSION,
  type BackendInfo,
  type PstoreFileInfo,
  type Timespec
} from '@pstore/pstore-fs';
import { RAM_CORE_PROTOCOL_VERSION, formatKernelVersion } from '@pstore/ram-core';
import { PSTORE_BLK_PROTOCOL_VERSION, type BlkZoneReport } from '@pstore/pstore-zone';
import { RAMOOPS_PROTOCOL_VERSION, type RamoopsZoneReport } from '@pstore/ramoops';
import { kernelOf, type Component } from './components.ts';
import type { DeviceConfig } from './device-config.ts';
import type { PersistentRam } from './hardware/ram.ts';
import type { Reply } from './placement/component-link.ts';
import type { KernelWorkers } from './placement/kernel-workers.ts';

/** The protocol versions this board speaks, by message prefix. */
export const BOARD_PROTOCOLS: Readonly<Record<string, number>> = {
  'ram-core': RAM_CORE_PROTOCOL_VERSION,
  ramoops: RAMOOPS_PROTOCOL_VERSION,
  'pstore-blk': PSTORE_BLK_PROTOCOL_VERSION,
  kmsg: KMSG_PROTOCOL_VERSION,
  console: CONSOLE_PROTOCOL_VERSION,
  'pstore-fs': PSTORE_FS_PROTOCOL_VERSION,
  pmsg: PMSG_PROTOCOL_VERSION,
  backend: BACKEND_PROTOCOL_VERSION,
  frontend: FRONTEND_PROTOCOL_VERSION,
  dumper: DUMPER_PROTOCOL_VERSION
};

/** printk's configuration on the board; kmsg and the console's window of its ring share it. */
export const RING: KmsgRingConfig = { logBufLen: 1 << 17 };

/** local_clock() of the simulated machine at power-on: 0, then 100 µs per read. */
export const CLOCK = { startNs: 0, stepNs: 100_000 } as const;

/** What a boot found and set up. */
export interface BootReport {
  readonly boot: number;
  readonly backend: BackendInfo;
  /** What the backend found in each zone (pstore/blk's reports have ramoops' shape). */
  readonly zones: readonly (RamoopsZoneReport | BlkZoneReport)[];
  readonly files: readonly PstoreFileInfo[];
  readonly frontends: readonly string[];
  readonly notes: readonly string[];
  /** The dump zone this boot's first dump goes to: 0 for ramoops, after the newest for pstore/blk. */
  readonly dumpCursor: number;
}

export interface BootEnv {
  readonly boot: number;
  readonly config: DeviceConfig;
  readonly ram: PersistentRam;
  /** CLOCK_REALTIME at power-on. */
  readonly wall: Timespec;
  /** Narration of each step. */
  readonly say: (line: string) => void;
}

/**
 * What pstore registered in other actors (kmsg's ids of its dumpers, its
 * console drivers): a supervisor unregisters them there when pstore-fs's
 * worker dies, as the dead worker no longer can.
 */
export interface PstoreRegistered {
  readonly dumpers: readonly number[];
  readonly consoles: readonly { readonly name: string; readonly index: number }[];
}

/** The registrations a `pstore-fs.registered` reply lists. */
export function pstoreRegistered(reply: Reply): PstoreRegistered {
  return {
    dumpers: (reply['dumpers'] as number[] | undefined) ?? [],
    consoles: (reply['consoles'] as PstoreRegistered['consoles'] | undefined) ?? []
  };
}

class BootError extends Error {
  override readonly name = 'BootError';
}

/** Throws the failure a reply carries, as the step's error. */
export function expect(reply: Reply, step: string): Reply {
  if (reply.type.endsWith('.failed')) {
    const e = reply['error'] as { code: string; message: string } | undefined;
    throw new BootError(`${step}: ${e ? `${e.code}: ${e.message}` : reply.type}`);
  }
  return reply;
}

export async function bootKernel(
  k: KernelWorkers,
  env: BootEnv
): Promise<{ report: BootReport; registered: PstoreRegistered }> {
  const { config, say } = env;
  const kernel = config.kernel;
  for (const c of kernelOf(config.backend).components) await k.link(c).hello(BOARD_PROTOCOLS);
  const link = (c: Component) => k.link(c);
  const steps = await Promise.all([
    link('kmsg').request({
      type: 'kmsg.boot',
      kernel,
      ring: RING,
      clock: CLOCK,
      alwaysKmsgDump: false
    }),
    link('console').request({ type: 'console.boot', ring: RING, options: {} }),
    link('pstore-fs').request({
      type: 'pstore-fs.boot',
      kernel,
      params: pstoreParams(config),
      alwaysKmsgDump: false,
      wall: env.wall
    }),
    link('pmsg').request({ type: 'pmsg.boot', lock: null })
  ]);
  for (const r of steps) expect(r, 'starting the components');
  expect(
    await link('kmsg').request({
      type: 'kmsg.printk',
      lines: [
        `\u00015Linux version ${formatKernelVersion(kernel)} (device@pstore-ts) #${env.boot}\n`,
        `\u00016Command line: ${config.params}\n`
      ]
    }),
    'printk'
  );

  const { info: backend, zones, notes, dumpCursor } = await probeBackend(k, env);
  const registered = expect(
    await link('pstore-fs').request({ type: 'pstore-fs.register', backend }),
    'pstore register'
  );
  const listing = expect(await link('pstore-fs').request({ type: 'pstore-fs.list' }), 'ls');
  const files = listing['files'] as PstoreFileInfo[];
  say(
    `pstore: registered ${backend.name}; pstore-fs shows ${files.length} file(s) of the previous boot`
  );
  const frontends = registered['frontends'] as string[];
  say(`frontends: ${frontends.join(', ') || 'none'}`);
  expect(await link('kmsg').request({ type: 'kmsg.flush' }), 'flushing the boot log');
  const report: BootReport = {
    boot: env.boot,
    backend,
    zones,
    files,
    frontends,
    notes,
    dumpCursor
  };
  return { report, registered: pstoreRegistered(registered) };
}

/** What the backend's probe or registration reports. */
interface BackendProbe {
  readonly dumpCursor: number;
  readonly info: BackendInfo;
  readonly zones: BootReport['zones'];
  readonly notes: readonly string[];
}

/**
 * ramoops_probe() (ram-core attaches the zones of the region), or
 * register_pstore_blk() over the disk: the backend pstore then registers.
 */
async function probeBackend(k: KernelWorkers, env: BootEnv): Promise<BackendProbe> {
  const { config, ram, say } = env;
  if (config.blk) {
    say(
      `pstore_blk: registering ${config.blk.layout.zones.length} zones of the 0x${ram.size.toString(16)}-byte disk`
    );
    const r = expect(
      await k.link('pstore-blk').request({
        type: 'pstore-blk.register',
        disk: ram.sab,
        config: config.blk.config,
        kernel: config.kernel,
        nrCpus: config.nrCpus,
        panicWrite: config.blk.panicWrite
      }),
      'pstore_blk register'
    );
    const zones = r['zones'] as BlkZoneReport[];
    say(
      `pstore_blk: registered, ${zones.filter((z) => z.oldSize > 0).length} zone(s) hold records of the previous boot`
    );
    return {
      info: r['info'] as BackendInfo,
      zones,
      notes: (r['notes'] as string[]) ?? [],
      dumpCursor: r['dumpCursor'] as number
    };
  }
  say(
    `ram-core: attaching ${config.layout.zones.length} zones of the 0x${ram.size.toString(16)}-byte region`
  );
  const probed = expect(
    await k.link('ramoops').request({
      type: 'ramoops.probe',
      ram: ram.sab,
      locks: ram.locks,
      owner: k.ownerOf('ramoops'),
      config: config.config,
      kernel: config.kernel,
      nrCpus: config.nrCpus,
      endian: 'little',
      longBytes: 8
    }),
    'ramoops probe'
  );
  const zones = probed['zones'] as RamoopsZoneReport[];
  say(
    `ramoops: probed, ${zones.filter((z) => z.oldSize > 0).length} zone(s) hold records of the previous boot`
  );
  return {
    info: probed['info'] as BackendInfo,
    zones,
    notes: (probed['notes'] as string[] | undefined) ?? [],
    // ramoops' dump_write_cnt starts at 0 every boot.
    dumpCursor: 0
  };
}

/** pstore's module parameters as `pstore-fs.boot` takes them. */
export function pstoreParams(config: DeviceConfig) {
  const p = config.config.pstore;
  return {
    ...(p.compress !== undefined ? { compress: p.compress } : {}),
    ...(p.backend !== undefined ? { backend: p.backend } : {}),
    ...(p.kmsgBytes !== undefined ? { kmsgBytes: p.kmsgBytes } : {}),
    ...(p.updateMs !== undefined ? { updateMs: p.updateMs } : {})
  };
}
