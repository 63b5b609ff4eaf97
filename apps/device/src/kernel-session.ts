/**
 * One boot's kernel: its workers in the chosen placement, the board's raw
 * links for log traffic, and what the board does to it — boot it, restart a
 * component its supervisor restarts (supervisor.ts) and measure what the
 * gap lost, halt it (terminate every worker), shut it down. A spare set of workers for the next boot is spawned while
 * this one runs, as a reset vector is ready on hardware.
 * Kernel counterpart: start_kernel() … machine_restart().
 */
import { breakZoneLock } from '@pstore/ram-core';
import type { ActorMessage } from '@pstore/actor';
import {
  BOARD_PROTOCOLS,
  bootKernel,
  expect,
  type BootEnv,
  type BootReport,
  type PstoreRegistered
} from './boot.ts';
import { kernelOf, PMSG_PATH, PRINTK_PATH, type Component } from './components.ts';
import type { DeviceBackend } from './device-config.ts';
import type { PersistentRam } from './hardware/ram.ts';
import { printkGap, zoneMark, type PrintkGap, type PrintkSent } from './placement/console-gap.ts';
import { DataPort } from './placement/data-port.ts';
import { pmsgCursor, pmsgGap, type PmsgGap } from './placement/gap-report.ts';
import type { KernelWorkers, Placement } from './placement/kernel-workers.ts';
import { spawnPerComponent } from './placement/per-component.ts';
import { spawnSingle } from './placement/single.ts';
import { restartComponent, type BoardNow, type Supervised } from './supervisor.ts';

/** How long a worker may take to reset before the board terminates it instead. */
const RESET_WAIT_MS = 2000;

export function spawnKernel(placement: Placement, backend: DeviceBackend): Promise<KernelWorkers> {
  return placement === 'single'
    ? Promise.resolve(spawnSingle(backend))
    : spawnPerComponent(backend);
}

/** A ramoops zone of the region, whose ring the board reads to measure a restart's gap. */
function ramoopsZone(env: BootEnv, type: 'console' | 'pmsg') {
  // pstore/blk's zones are not ram-core rings: its gaps are not measured.
  if (env.config.backend !== 'ramoops') return undefined;
  return env.config.layout.zones.find((z) => z.type === type);
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
  const zone = ramoopsZone(env, 'pmsg');
  return zone ? () => pmsgCursor(env.ram.bytes, zone) : () => 0;
}

/** printk lines sent and not yet acknowledged; `at` is where the board's ledger holds them. */
export interface PrintkInFlight extends PrintkSent {
  readonly at: number;
}

/** What one restart's gap lost, measured. */
export interface GapReport {
  /** printk lines (a component on their way died), per call in flight. */
  readonly printk: { readonly gap: PrintkGap; readonly sent: readonly PrintkInFlight[] } | null;
  /** pmsg writes (a component on their way died). */
  readonly pmsg: PmsgGap | null;
}

export class KernelSession implements Supervised {
  /** What each supervisor restart found lost of pmsg writes, in order. */
  readonly pmsgGaps: PmsgGap[] = [];
  registered: PstoreRegistered;
  /** prb_next_seq() as kmsg last answered a printk batch. */
  kmsgSeq = 0;
  private readonly inFlight = new Set<PrintkInFlight>();

  private constructor(
    readonly workers: KernelWorkers,
    readonly report: BootReport,
    registered: PstoreRegistered,
    /** Raw links for printk batches and pmsg writes (no comlink on the way). */
    public kmsg: DataPort,
    public pmsg: DataPort,
    readonly env: BootEnv,
    /** Where crash reports of the actors go (a restarted one's too). */
    private readonly events: KernelEvents
  ) {
    this.registered = registered;
  }

  /** Boots the kernel on `workers` (spawned in advance or now). */
  static async boot(
    workers: KernelWorkers,
    env: BootEnv,
    events: KernelEvents
  ): Promise<KernelSession> {
    workers.onUnexpectedExit((dead, why) => events.died(dead, why.message));
    for (const c of kernelOf(env.config.backend).components) subscribeCrashes(workers, c, events);
    const { report, registered } = await bootKernel(workers, env);
    return new KernelSession(
      workers,
      report,
      registered,
      await dataPort(workers, 'kmsg'),
      await dataPort(workers, 'pmsg', pmsgMark(env)),
      env,
      events
    );
  }

  link(c: Component) {
    return this.workers.link(c);
  }

  /** printk lines about to be sent: the console zone's mark now, kept until acknowledged. */
  sendingPrintk(texts: readonly string[], at: number): PrintkInFlight {
    const zone = ramoopsZone(this.env, 'console');
    const mark = zone ? zoneMark(this.env.ram.bytes, zone) : { start: 0, size: 0 };
    const sent = { texts, mark, at };
    this.inFlight.add(sent);
    return sent;
  }

  /** Their flush returned with no restart meanwhile: they are in RAM. */
  printkAcked(sent: PrintkInFlight): void {
    this.inFlight.delete(sent);
  }

  /**
   * The supervisor's restart: the dead worker's zone locks are broken, a new
   * one takes its place, linked to its peers, and is set up again
   * (supervisor.ts). Then, once a flush went through, what the gap lost is
   * measured in RAM: the printk lines not acknowledged when a component on
   * their way died, and the pmsg writes that failed with EIO (a batch a
   * dead worker had passed on still reached RAM).
   */
  async restart(c: Component, ram: PersistentRam, now: BoardNow): Promise<GapReport> {
    const words = new Int32Array(ram.locks);
    for (let i = 0; i < words.length; i++) breakZoneLock(words, i, this.workers.ownerOf(c));
    this.pmsg.takeFailed(); // failures before the gap are not the gap's
    const deadPmsg = this.pmsg;
    await this.workers.restart(c);
    await this.link(c).hello(BOARD_PROTOCOLS);
    subscribeCrashes(this.workers, c, this.events);
    await restartComponent(c, this, now);
    if (c === 'kmsg') {
      this.kmsg.close();
      this.kmsg = await dataPort(this.workers, c);
    }
    if (c === 'pmsg') this.pmsg = await dataPort(this.workers, c, pmsgMark(this.env));
    expect(await this.kmsg.request({ type: 'kmsg.flush' }), 'flushing after a restart');
    const printk = PRINTK_PATH.has(c) ? this.notePrintkGap(c) : null;
    let pmsg: PmsgGap | null = null;
    if (PMSG_PATH.has(c)) {
      if (c === 'pmsg') deadPmsg.close();
      else expect(await this.pmsg.request({ type: 'pmsg.flush' }), 'flushing pmsg');
      pmsg = this.notePmsgGap(c, c === 'pmsg' ? deadPmsg.lost() : this.pmsg.takeFailed());
    }
    return { printk, pmsg };
  }

  private notePrintkGap(c: Component): GapReport['printk'] {
    const sent = [...this.inFlight];
    this.inFlight.clear();
    const zone = ramoopsZone(this.env, 'console');
    if (!zone) {
      this.env.say(
        this.env.config.backend === 'blk'
          ? `${c}: the printk lines its gap lost are not measured on pstore/blk (the board reads ramoops rings only)`
          : `${c}: no console zone: the printk lines its gap lost cannot be measured`
      );
      return null;
    }
    const gap = printkGap(this.env.ram.bytes, zone, sent, c);
    this.env.say(gap.words);
    return { gap, sent };
  }

  /**
   * What of the pmsg batches lost with `c`'s worker reached RAM: one it had
   * passed on before dying is stored all the same. The flushes before made
   * sure of it: the last link of kmsg → console → pstore-fs → ramoops is the
   * one pstore-fs relays pmsg writes on.
   */
  private notePmsgGap(c: Component, lost: Parameters<typeof pmsgGap>[0]): PmsgGap | null {
    const zone = ramoopsZone(this.env, 'pmsg');
    if (!zone) return null;
    const gap = pmsgGap(lost, pmsgCursor(this.env.ram.bytes, zone), zone.dataCapacity, c);
    this.pmsgGaps.push(gap);
    this.env.say(gap.words);
    return gap;
  }

  /**
   * The kernel stops. Warm: its workers are reset to run the next kernel
   * (KernelWorkers.reset), which this returns; else, or when they cannot
   * be, every kernel worker is terminated abruptly, and this returns null.
   */
  async halt(warm = false): Promise<KernelWorkers | null> {
    this.kmsg.close();
    this.pmsg.close();
    if (warm) return this.workers.reset(RESET_WAIT_MS);
    await this.workers.terminateAll();
    return null;
  }
}

/** A component's crashes (an actor that died while its worker lives) go to the board. */
function subscribeCrashes(workers: KernelWorkers, c: Component, events: KernelEvents): void {
  void workers.link(c).subscribe([`${c}.crashed`], (e: ActorMessage) => {
    const err = (e as { error?: { message?: string } }).error;
    events.crashed(c, err?.message ?? 'crashed');
  });
}
