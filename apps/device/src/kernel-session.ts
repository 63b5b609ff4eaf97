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
import { pmsgCursor, pmsgGap, type PmsgGap } from './placement/gap-report.ts';
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

async function dataPort(k: KernelWorkers, c: Component, mark?: () => number): Promise<DataPort> {
  return DataPort.open(k.link(c), k.link(c).gone, mark);
}

/** The pmsg zone's write cursor, read as each pmsg batch is sent (0 without a pmsg zone). */
function pmsgMark(env: BootEnv): () => number {
  const zone = env.config.layout.zones.find((z) => z.type === 'pmsg');
  return zone ? () => pmsgCursor(env.ram.bytes, zone) : () => 0;
}

export class KernelSession {
  /** What each supervisor restart of pmsg found lost in its gap, in order. */
  readonly pmsgGaps: PmsgGap[] = [];

  private constructor(
    readonly workers: KernelWorkers,
    readonly report: BootReport,
    /** Raw links for printk batches and pmsg writes (no comlink on the way). */
    public kmsg: DataPort,
    public pmsg: DataPort,
    private readonly env: BootEnv
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
      await dataPort(workers, 'pmsg', pmsgMark(env)),
      env
    );
  }

  link(c: Component) {
    return this.workers.link(c);
  }

  /**
   * The supervisor's restart: the dead worker's zone locks are broken, a new
   * one takes its place. For pmsg, what its gap lost is narrated and kept in
   * pmsgGaps: the batches sent to the dead worker failed with EIO, yet a
   * batch it had passed on to pstore-fs before dying still reached RAM.
   */
  async restart(c: Component, ram: PersistentRam): Promise<void> {
    const words = new Int32Array(ram.locks);
    for (let i = 0; i < words.length; i++) breakZoneLock(words, i, this.workers.ownerOf(c));
    await this.workers.restart(c);
    await this.link(c).hello({});
    const dead = this.pmsg;
    if (c === 'pmsg') {
      expect(await this.link(c).request({ type: 'pmsg.boot', lock: null }), `restarting ${c}`);
      this.pmsg = await dataPort(this.workers, c, pmsgMark(this.env));
    }
    expect(
      await this.link('pstore-fs').request({ type: 'pstore-fs.reconnect' }),
      `re-registering ${c}`
    );
    if (c === 'pmsg') {
      dead.close();
      await this.notePmsgGap(dead.lost());
    }
  }

  /**
   * What of the batches lost with the dead pmsg worker reached RAM: a batch
   * it had passed on to pstore-fs before dying is stored all the same. A
   * flush down kmsg → console → pstore-fs → ramoops first: the last link is
   * the one pstore-fs relays pmsg writes on, so they are in RAM after it.
   */
  private async notePmsgGap(lost: Parameters<typeof pmsgGap>[0]): Promise<void> {
    const zone = this.env.config.layout.zones.find((z) => z.type === 'pmsg');
    if (!zone) return;
    expect(await this.kmsg.request({ type: 'kmsg.flush' }), 'flushing after a restart');
    const gap = pmsgGap(lost, pmsgCursor(this.env.ram.bytes, zone), zone.dataCapacity);
    this.pmsgGaps.push(gap);
    this.env.say(gap.words);
  }

  /** Every kernel worker terminated abruptly. */
  async halt(): Promise<void> {
    this.kmsg.close();
    this.pmsg.close();
    await this.workers.terminateAll();
  }
}
