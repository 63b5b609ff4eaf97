/**
 * One boot's kernel: its workers in the chosen placement, the board's raw
 * links for log traffic, and what the board does to it — boot it, restart a
 * component its supervisor restarts, halt it (terminate every worker),
 * shut it down. A spare set of workers for the next boot is spawned while
 * this one runs, as a reset vector is ready on hardware.
 * Kernel counterpart: start_kernel() … machine_restart().
 */
import { breakZoneLock } from '@pstore/ram-core';
import type { ActorMessage } from '@pstore/kmsg';
import { bootKernel, expect, type BootEnv, type BootReport } from './boot.ts';
import { COMPONENTS, type Component } from './components.ts';
import type { PersistentRam } from './hardware/ram.ts';
import { DataPort } from './placement/data-port.ts';
import type { KernelWorkers, Placement } from './placement/kernel-workers.ts';
import { spawnPerComponent } from './placement/per-component.ts';
import { spawnSingle } from './placement/single.ts';

export function spawnKernel(placement: Placement): Promise<KernelWorkers> {
  return placement === 'single' ? Promise.resolve(spawnSingle()) : spawnPerComponent();
}

/** What the board hears from a running kernel. */
export interface KernelEvents {
  /** A component's actor died (a write budget ran out, a bug). */
  crashed(c: Component, why: string): void;
  /** Workers died that the board did not terminate. */
  died(dead: Component[], why: string): void;
}

async function dataPort(k: KernelWorkers, c: Component): Promise<DataPort> {
  return DataPort.open(k.link(c), k.link(c).gone);
}

export class KernelSession {
  private constructor(
    readonly workers: KernelWorkers,
    readonly report: BootReport,
    /** Raw links for printk batches and pmsg writes (no comlink on the way). */
    public kmsg: DataPort,
    public pmsg: DataPort
  ) {}

  /** Boots the kernel on `workers` (spawned in advance or now). */
  static async boot(
    workers: KernelWorkers,
    env: BootEnv,
    events: KernelEvents
  ): Promise<KernelSession> {
    workers.onUnexpectedExit((dead, why) => events.died(dead, why.message));
    for (const c of COMPONENTS) {
      void workers.link(c).subscribe([`${c}.crashed`], (e: ActorMessage) => {
        const err = (e as { error?: { message?: string } }).error;
        events.crashed(c, err?.message ?? 'crashed');
      });
    }
    const report = await bootKernel(workers, env);
    return new KernelSession(
      workers,
      report,
      await dataPort(workers, 'kmsg'),
      await dataPort(workers, 'pmsg')
    );
  }

  link(c: Component) {
    return this.workers.link(c);
  }

  /** The supervisor's restart: the dead worker's zone locks are broken, a new one takes its place. */
  async restart(c: Component, ram: PersistentRam): Promise<void> {
    const words = new Int32Array(ram.locks);
    for (let i = 0; i < words.length; i++) breakZoneLock(words, i, this.workers.ownerOf(c));
    await this.workers.restart(c);
    await this.link(c).hello({});
    if (c === 'pmsg') {
      expect(await this.link(c).request({ type: 'pmsg.boot', lock: null }), `restarting ${c}`);
      this.pmsg = await dataPort(this.workers, c);
    }
    expect(
      await this.link('pstore-fs').request({ type: 'pstore-fs.reconnect' }),
      `re-registering ${c}`
    );
  }

  /** Every kernel worker terminated abruptly. */
  async halt(): Promise<void> {
    this.kmsg.close();
    this.pmsg.close();
    await this.workers.terminateAll();
  }
}
