/**
 * What the supervisor does to bring one component back in a new worker
 * (per-component placement), once the dead worker's zone locks are broken
 * and the new one is linked to its peers (whose hosts answered for the dead
 * one: what was sent to it failed with EIO). Each restart redoes what the
 * dead worker had set up with its peers and says, in numbers, what state it
 * held in its own memory was lost with it; kernel-session.ts then measures
 * the printk lines and pmsg writes the gap lost.
 * - ram-core: after the boot's attach its worker holds nothing (ramoops
 *   writes the zones it shares): nothing to redo, nothing lost.
 * - pmsg: /dev/pmsg0 again (pstore registers its frontend again).
 * - kmsg: a new printk ring (the old one's records are gone; those already
 *   in the console zone stay), pstore's dumper registered again.
 *   local_clock() is the machine's, so it goes on from the last timestamp
 *   the console zone shows.
 * - console: a new console layer (its copy of the ring is gone, so nothing
 *   is replayed twice); pstore's console registered again.
 * - pstore-fs: what the dead pstore registered elsewhere is unregistered on
 *   its behalf, then a new pstore registers the same backend: its files are
 *   read back from the backend, and its console (CON_PRINTBUFFER) gets the
 *   console's copy of the ring replayed, as register_console() does.
 * - ramoops: the zones opened again as a running kernel's writer (start and
 *   size as they are; nothing read as a previous boot's), the dump counter
 *   carried on from the dumps stored this boot so that no dump in RAM is
 *   overwritten; the previous boot's records it had saved are gone.
 * Kernel counterpart: none (the kernel never restarts a part of itself).
 */
import type { Timespec } from '@pstore/pstore-fs';
import {
  CLOCK,
  RING,
  expect,
  pstoreParams,
  pstoreRegistered,
  type BootEnv,
  type BootReport,
  type PstoreRegistered
} from './boot.ts';
import type { Component } from './components.ts';
import { lastConsoleTimeNs, zoneMark, zoneTextSince } from './placement/console-gap.ts';
import type { KernelWorkers } from './placement/kernel-workers.ts';

/** The session's state a restart reads and updates. */
export interface Supervised {
  readonly workers: KernelWorkers;
  readonly env: BootEnv;
  readonly report: BootReport;
  /** What pstore has registered in other actors now. */
  registered: PstoreRegistered;
  /** prb_next_seq() as kmsg last answered it. */
  readonly kmsgSeq: number;
}

/** What only the board knows at the time of a restart. */
export interface BoardNow {
  /** CLOCK_REALTIME now. */
  readonly wall: Timespec;
  /** Dumps whose Part1 the backend stored this boot (ramoops answered 0). */
  readonly dumpsStored: number;
}

// pstore/blk's console zone is no ram-core ring: its gap is not measured there.
const consoleZone = (env: BootEnv) =>
  env.config.backend === 'ramoops'
    ? env.config.layout.zones.find((z) => z.type === 'console')
    : undefined;

const seconds = (ns: number) =>
  `${Math.floor(ns / 1e9)}.${String(Math.floor(ns / 1e3) % 1e6).padStart(6, '0')}`;

export async function restartComponent(c: Component, s: Supervised, now: BoardNow): Promise<void> {
  const { env, workers } = s;
  const link = (x: Component) => workers.link(x);
  const { config, say } = env;
  const kernel = config.kernel;
  switch (c) {
    case 'ram-core':
      say(
        "ram-core: its worker held nothing after the boot's attach (ramoops writes the zones " +
          'it shares); nothing was lost'
      );
      return;
    case 'pmsg':
      expect(await link('pmsg').request({ type: 'pmsg.boot', lock: null }), 'restarting pmsg');
      expect(
        await link('pstore-fs').request({ type: 'pstore-fs.reconnect', peer: 'pmsg' }),
        're-registering pmsg'
      );
      return;
    case 'kmsg': {
      const zone = consoleZone(env);
      const last = zone ? lastConsoleTimeNs(env.ram.bytes, zone) : null;
      const startNs = (last ?? 0) + CLOCK.stepNs;
      expect(
        await link('kmsg').request({
          type: 'kmsg.boot',
          kernel,
          ring: RING,
          clock: { startNs, stepNs: CLOCK.stepNs },
          alwaysKmsgDump: false
        }),
        'restarting kmsg'
      );
      const r = expect(
        await link('pstore-fs').request({ type: 'pstore-fs.reconnect', peer: 'kmsg' }),
        "re-registering pstore's dumper"
      );
      s.registered = pstoreRegistered(r);
      say(
        `kmsg: its printk ring was lost with its worker (${s.kmsgSeq} record(s) logged this boot ` +
          'as of its last answer); those already in the console zone are kept, a later dump ' +
          `holds only what is logged from now on; the new ring starts at seq 0, local_clock() ` +
          `goes on from ${seconds(startNs)}; pstore's dumper registered again ` +
          `(${s.registered.dumpers.length})`
      );
      return;
    }
    case 'console': {
      expect(
        await link('console').request({ type: 'console.boot', ring: RING, options: {} }),
        'restarting console'
      );
      const r = expect(
        await link('pstore-fs').request({ type: 'pstore-fs.reconnect', peer: 'console' }),
        "re-registering pstore's console"
      );
      s.registered = pstoreRegistered(r);
      const names = s.registered.consoles.map((k) => `${k.name}${k.index}`).join(', ') || 'none';
      say(
        'console: its copy of the printk ring and its drivers were lost with its worker (nothing ' +
          `is replayed twice); pstore's console registered again: ${names}`
      );
      return;
    }
    case 'pstore-fs':
      return restartPstore(s, now);
    case 'ramoops': {
      const r = expect(
        await link('ramoops').request({
          type: 'ramoops.reattach',
          ram: env.ram.sab,
          locks: env.ram.locks,
          owner: workers.ownerOf('ramoops'),
          config: config.config,
          kernel,
          nrCpus: config.nrCpus,
          endian: 'little',
          longBytes: 8,
          dumpWriteCnt: now.dumpsStored
        }),
        'reattaching ramoops'
      );
      const zones = (r['zones'] as unknown[]).length;
      const saved = s.report.zones.reduce((n, z) => n + z.oldSize, 0);
      const dumpZones = config.layout.zones.filter((z) => z.type === 'dmesg').length;
      const next = dumpZones ? now.dumpsStored % dumpZones : 0;
      say(
        `ramoops: a new worker took over the ${zones} zone(s) as a running kernel's writer ` +
          '(start and size as they were, nothing read as a previous boot’s); the ' +
          `${saved} byte(s) of the previous boot's records it had saved were lost with its worker ` +
          `(pstore-fs keeps its ${s.report.files.length} file(s) of them)` +
          (dumpZones
            ? `; its dump counter too: set from the ${now.dumpsStored} dump(s) stored this boot, ` +
              `the next dump goes to dmesg zone ${next}`
            : '')
      );
      return;
    }
    case 'pstore-blk':
      // Not in RESTARTABLE: the board takes the kernel down instead (components.ts).
      throw new Error('pstore-blk is not restarted: its death takes the kernel down');
  }
}

/**
 * pstore-fs: the dead pstore's dumper and console are unregistered on its
 * behalf (kmsg and the console layer would call a driver that is gone), a
 * new pstore boots and registers the backend again.
 */
async function restartPstore(s: Supervised, now: BoardNow): Promise<void> {
  const { env, workers } = s;
  const link = (x: Component) => workers.link(x);
  for (const id of s.registered.dumpers) {
    expect(
      await link('kmsg').request({ type: 'kmsg.dumpUnregister', id }),
      "unregistering the dead pstore's dumper"
    );
  }
  for (const con of s.registered.consoles) {
    expect(
      await link('console').request({ type: 'console.unregister', ...con }),
      "unregistering the dead pstore's console"
    );
  }
  expect(
    await link('pstore-fs').request({
      type: 'pstore-fs.boot',
      kernel: env.config.kernel,
      params: pstoreParams(env.config),
      alwaysKmsgDump: false,
      wall: now.wall
    }),
    'restarting pstore-fs'
  );
  const zone = consoleZone(env);
  const before = zone ? zoneMark(env.ram.bytes, zone) : null;
  const reg = expect(
    await link('pstore-fs').request({ type: 'pstore-fs.register', backend: s.report.backend }),
    'pstore register'
  );
  s.registered = pstoreRegistered(reg);
  expect(await link('kmsg').request({ type: 'kmsg.flush' }), 'flushing the replay');
  const replayed =
    zone && before ? zoneTextSince(env.ram.bytes, zone, before).text.split('\n').length - 1 : 0;
  const files = expect(await link('pstore-fs').request({ type: 'pstore-fs.list' }), 'ls');
  const n = (files['files'] as unknown[]).length;
  const frontends = (reg['frontends'] as string[]).join(', ') || 'none';
  env.say(
    `pstore-fs: its files and registrations were lost with its worker; ${s.report.backend.name} ` +
      `registered again: ${n} file(s) read back from the backend (${s.report.files.length} at boot), ` +
      `frontends ${frontends}; its console (CON_PRINTBUFFER) was replayed the console's copy of ` +
      `the printk ring: ${replayed} line(s) written to the console zone, most of them a second time`
  );
}
