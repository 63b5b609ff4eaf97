/**
 * The board's lifecycle: persistent RAM, the xstate machine, and the work
 * behind each of its states — boot (on spare workers when there are),
 * panic with its dump run to completion, halt (every kernel worker
 * terminated, RAM written back), shutdown, a supervisor's restart.
 * Kernel counterpart: the machine around the kernel (power, reset, panic()).
 */
import type { Timespec } from '@pstore/pstore-fs';
import { persistentRamGeometry, rsCodecSeed, type RamCorePrepare } from '@pstore/ram-core';
import { createActor, fromPromise, waitFor, type Actor } from 'xstate';
import { boardMachine, type BoardState } from './board.machine.ts';
import type { BootReport } from './boot.ts';
import { PRINTK_PATH, RESTARTABLE, type Component } from './components.ts';
import type { DeviceConfig } from './device-config.ts';
import type { PstoreDumpPart } from '@pstore/pstore-fs';
import { newLedger, type Ledger } from './faults/ledger.ts';
import { zoneLabelOf } from './faults/loss-cause.ts';
import { createPrng, type Prng } from './faults/prng.ts';
import { faultReport, ignoredZones, type FaultReport } from './faults/report.ts';
import { DeviceError, type PersistentRam } from './hardware/ram.ts';
import { panic, shutdown, type DumpOutcome } from './kernel-ops.ts';
import { KernelSession, spawnKernel, type GapReport } from './kernel-session.ts';
import { keepCodeCache, wantsCodeCache, type KernelImageLoad } from './placement/code-cache.ts';
import type { KernelWorkers, Placement } from './placement/kernel-workers.ts';

export interface BoardOptions {
  readonly config: DeviceConfig;
  readonly ram: PersistentRam;
  readonly placement?: Placement;
  readonly seed?: number;
  /** RAM keeps its content through a power-off (default: lost). */
  readonly retainOnPowerOff?: boolean;
  /** Narration of what happens, one line at a time. */
  readonly say?: (line: string) => void;
  /**
   * Keep the next boots' kernel workers spawned and loaded while this boot
   * runs, as a reset vector is ready on hardware: a reboot then pays no
   * module loading. A number keeps that many sets (default 2: crash cycles
   * are shorter than a worker takes to start, and a second spare absorbs a
   * slow start); true is 1, false 0.
   */
  readonly spare?: boolean | number;
  /**
   * Reboots reset the kernel workers rather than replacing them (default
   * true): the next kernel is a fresh copy of the image run in the same
   * worker (KernelWorkers.reset), as a reset keeps the CPUs. Only after a
   * panic or a shutdown; a kill, a crash or a power cut, a worker that
   * died, or one that cannot be reset cleanly, is replaced by a spare as
   * before. Both placements, when the build made bundles (without them
   * every reboot replaces the workers).
   */
  readonly warmReset?: boolean;
  /** Called after every boot with what it found. */
  readonly onBoot?: (report: BootResult) => void;
}

/** A boot and what it found of the previous one. */
export interface BootResult extends BootReport {
  readonly faults: FaultReport;
}

const EPOCH = 1_700_000_000;

/** How long the board waits for a kernel worker's code cache (it takes ~5 ms). */
const CODE_CACHE_WAIT_MS = 500;

/**
 * The next boot's kernel workers, spawned now: they load while this boot
 * runs, and build the Reed–Solomon codecs the attach will need
 * (ram-core.prepare), from the seed the board made once.
 */
function spawnSpare(placement: Placement, config: DeviceConfig): Promise<KernelWorkers> {
  return spawnKernel(placement, config.backend).then((w) => prepare(w, config));
}

/** Workers about to boot build their codecs from the board's seed (ram-core.prepare). */
function prepare(w: KernelWorkers, config: DeviceConfig): KernelWorkers {
  const codes = eccCodes(config);
  // A failure here is the attach's to report, on the boot that needs it.
  if (codes.length) void w.link('ram-core').request({ type: 'ram-core.prepare', codes });
  return w;
}

/** The code ramoops' zones will use (every zone of a region shares it). */
function eccCodes(config: DeviceConfig): RamCorePrepare['codes'] {
  const zone = config.layout.zones[0];
  if (config.backend !== 'ramoops' || !zone || !config.config.ecc.eccSize) return [];
  try {
    const g = persistentRamGeometry(zone.size, config.config.ecc);
    // The seed (compiled module, tables) is made once per process, here.
    return g.eccSize
      ? [{ nroots: g.eccSize, poly: g.poly, seed: rsCodecSeed(g.eccSize, g.poly) }]
      : [];
  } catch {
    return []; // a geometry the attach will refuse, and report
  }
}

/** `spare` as a count: default 2, true → 1, false → 0. */
function spareCount(spare: boolean | number | undefined): number {
  if (spare === undefined) return 2;
  if (spare === true) return 1;
  if (spare === false) return 0;
  if (!Number.isInteger(spare) || spare < 0 || spare > 4) {
    throw new DeviceError(`spare: ${spare} kernel workers; give 0 to 4`);
  }
  return spare;
}

function imageText(i: KernelImageLoad): string {
  if (!i.bundled) return 'modules as built (no bundle)';
  if (i.warm) return 'bundle, run again in the same worker (warm reset)';
  if (!i.cached) return 'bundle, compiled cold';
  return i.rejected ? 'bundle, code cache rejected by V8, compiled cold' : 'bundle, V8 code cache';
}

/** The lifecycle half of the Board; the commands are in board.ts. */
export abstract class BoardLifecycle {
  readonly config: DeviceConfig;
  readonly ram: PersistentRam;
  readonly placement: Placement;
  /** Every random choice of the board; a campaign gives each cycle its own. */
  rng: Prng;
  readonly retainOnPowerOff: boolean;
  lastBoot: BootResult | null = null;
  lastDump: DumpOutcome | null = null;
  /** What this boot wrote; what the previous one did. */
  ledger: Ledger = newLedger(0);
  protected session: KernelSession | null = null;
  /** The next boots' kernel workers, oldest first. */
  private spares: Promise<KernelWorkers>[] = [];
  private readonly keepSpares: number;
  private readonly warmReset: boolean;
  /** The workers the last halt reset for the next kernel, if it could. */
  private warm: KernelWorkers | null = null;
  private readonly onBoot: (report: BootResult) => void;
  protected readonly actor: Actor<typeof boardMachine>;
  protected readonly say: (line: string) => void;
  protected armed: Component | null = null;
  protected oopsCount = 0;
  protected elapsedMs = 0;
  /** CLOCK_REALTIME at this boot's power-on, and elapsedMs then. */
  private bootWall: { readonly wall: Timespec; readonly elapsedMs: number } | null = null;
  /**
   * Bumped when a worker on the printk path dies: a printk call that began
   * before is not acknowledged by its own flush (its lines may have died
   * with the worker); the restart measures what became of them.
   */
  protected printkGen = 0;
  /** Indices of this boot's printk lines a restart measured lost: never acknowledged. */
  protected printkLost = new Set<number>();

  constructor(options: BoardOptions) {
    this.config = options.config;
    this.ram = options.ram;
    this.placement = options.placement ?? 'single';
    this.rng = createPrng(options.seed ?? 1);
    // A disk keeps its contents without power; RAM does not, unless told.
    this.retainOnPowerOff = options.retainOnPowerOff ?? options.config.backend === 'blk';
    this.say = options.say ?? (() => undefined);
    this.keepSpares = spareCount(options.spare);
    this.warmReset = options.warmReset ?? true;
    this.onBoot = options.onBoot ?? (() => undefined);
    this.actor = createActor(
      boardMachine.provide({
        actors: {
          boot: fromPromise(() => this.doBoot()),
          panic: fromPromise(({ input }) => this.doPanic(input.text)),
          halt: fromPromise(() => this.halt()),
          shutdown: fromPromise(({ input }) => this.doShutdown(input.poweroff)),
          restart: fromPromise(({ input }) => this.doRestart(input.component))
        }
      })
    );
    this.actor.start();
  }

  /** off, booting, running, panicking, crashing, crashed, rebooting, poweringOff. */
  get state(): BoardState {
    const v = this.actor.getSnapshot().value;
    return (typeof v === 'string' ? v : Object.keys(v)[0]) as BoardState;
  }

  /** Whether the board is in `state` now (a method, so no narrowing survives an await). */
  is(state: BoardState): boolean {
    return this.state === state;
  }

  /** Why the kernel is down (crash cause), or null. */
  get why(): string | null {
    return this.actor.getSnapshot().context.why;
  }

  get boots(): number {
    return this.actor.getSnapshot().context.boots;
  }

  /** Boots from off or crashed; waits until the kernel runs (or failed to). */
  async boot(): Promise<BootResult> {
    if (this.state === 'running') return this.lastBoot!;
    this.actor.send({ type: 'BOOT' });
    await this.settle();
    if (!this.is('running')) throw new DeviceError(`boot failed: ${this.why ?? this.state}`);
    return this.lastBoot!;
  }

  /** panic(): the dump runs to completion, then every kernel worker is terminated. */
  async panic(text: string): Promise<DumpOutcome | null> {
    await this.running();
    this.lastDump = null;
    this.actor.send({ type: 'PANIC', text });
    await this.settle();
    return this.lastDump;
  }

  /** A warm reboot: RAM is kept. From running, the shutdown dump runs first. */
  async reboot(): Promise<BootResult> {
    this.actor.send({ type: 'REBOOT' });
    await this.settle();
    if (!this.is('running')) throw new DeviceError(`reboot failed: ${this.why ?? this.state}`);
    return this.lastBoot!;
  }

  /** Power off: RAM is lost unless the board retains it. */
  async poweroff(): Promise<void> {
    if (this.state === 'off') return;
    this.actor.send({ type: 'POWEROFF' });
    await this.settle();
  }

  /** Writes RAM back and stops every worker (process exit). */
  async close(): Promise<void> {
    await this.session?.halt();
    this.session = null;
    await this.warm?.terminateAll();
    this.warm = null;
    const spares = this.spares;
    this.spares = [];
    for (const s of spares) await (await s).terminateAll();
    this.ram.save();
    this.actor.stop();
  }

  // ── Lifecycle work, run by the machine ─────────────────────────────────

  private async doBoot(): Promise<void> {
    const prev = this.ledger.boot > 0 ? this.ledger : null;
    this.ledger = newLedger(this.boots);
    this.armed = null;
    this.oopsCount = 0;
    this.printkLost = new Set();
    this.ram.resetLocks();
    const warm = this.warm;
    this.warm = null;
    const workers =
      warm ?? (await (this.spares.shift() ?? spawnKernel(this.placement, this.config.backend)));
    while (this.spares.length < this.keepSpares) {
      this.spares.push(spawnSpare(this.placement, this.config));
    }
    this.say(`boot ${this.boots}: ${this.placement} placement, kernel ${this.config.kernelText}`);
    this.say(`kernel image: ${imageText(await workers.image)}`);
    const sec = EPOCH + this.boots * 100 + Math.floor(this.elapsedMs / 1000);
    const wall: Timespec = { sec, nsec: 0 };
    this.bootWall = { wall, elapsedMs: this.elapsedMs };
    const env = { boot: this.boots, config: this.config, ram: this.ram, wall, say: this.say };
    const session = await KernelSession.boot(workers, env, {
      crashed: (c, why) => this.actor.send({ type: 'CRASH', why: `${c}: ${why}` }),
      died: (dead, why) => this.died(dead, why)
    });
    this.session = session;
    const report = session.report;
    this.ledger.firstDumpZone = report.dumpCursor;
    this.ledger.ignoredZones = ignoredZones(report.zones);
    const contents = new Map<string, Uint8Array>();
    for (const f of report.files) {
      const r = await session.link('pstore-fs').request({ type: 'pstore-fs.read', name: f.name });
      if (r.type === 'pstore-fs.file') contents.set(f.name, r['data'] as Uint8Array);
    }
    this.lastBoot = {
      ...report,
      faults: faultReport(
        prev,
        report,
        (n) => contents.get(n) ?? null,
        this.config.backend === 'ramoops' ? this.config.config.ecc.eccSize : 0
      )
    };
    this.carryStuckHeader(prev, report);
    this.onBoot(this.lastBoot);
    if (wantsCodeCache('after-boot')) {
      // Not awaited: the kernel runs on while its worker serialises its bytecode.
      void session.workers
        .codeCache(CODE_CACHE_WAIT_MS)
        .then((c) => keepCodeCache('after-boot', c));
    }
  }

  /**
   * pstore/blk never rewrites a ring header whose start lies beyond its
   * datalen (its recovery fails, and writes wait for a recovery): the fault
   * that put it there is still on the disk for the next boot, so this boot's
   * ledger carries it on.
   */
  private carryStuckHeader(prev: Ledger | null, report: BootReport): void {
    const stuck = report.zones.find((z) => 'state' in z && z.state === 'start-beyond-datalen');
    if (!stuck || !prev) return;
    const label = zoneLabelOf(stuck, report.zones);
    const still = ' (still on the disk: pstore/zone never rewrites a header its recovery refused)';
    for (const f of prev.faults) {
      const header = f.kind === 'header' || (f.kind === 'flip' && f.header);
      if (header && f.zone === label && !this.ledger.faults.includes(f)) {
        this.ledger.faults.push({
          ...f,
          words: f.words.endsWith(still) ? f.words : f.words + still
        });
      }
    }
  }

  private async doPanic(text: string): Promise<void> {
    this.ledger.end = 'panic';
    const d = await panic(this.session!.workers, this.config, text, ++this.oopsCount);
    this.noteDump('Panic', d);
    this.lastDump = d;
    if (wantsCodeCache('after-dump')) {
      // The dump path's bytecode exists only in a kernel that dumped: take it
      // before the crash terminates this one (once per process).
      keepCodeCache('after-dump', await this.session!.workers.codeCache(CODE_CACHE_WAIT_MS));
    }
  }

  private async halt(): Promise<void> {
    const session = this.session;
    this.session = null;
    this.ledger.end ??= 'crash';
    // Only a kernel that ended itself (its panic dump done) is reset: a kill,
    // a crash or a power cut stops the workers dead, wherever they are.
    if (session) this.warm = await this.stopKernel(session, this.ledger.end === 'panic');
    this.ram.save();
    const kept = this.config.backend === 'blk' ? 'the disk kept' : 'RAM kept';
    const how = this.warm ? 'reset' : 'terminated';
    this.say(`crashed: ${this.why ?? 'halted'}; every kernel worker ${how}, ${kept}`);
  }

  private async doShutdown(poweroff: boolean): Promise<void> {
    const session = this.session;
    this.session = null;
    if (session) {
      this.ledger.end = poweroff ? 'poweroff' : 'reboot';
      this.lastDump = await shutdown(session.workers, this.config, poweroff);
      this.warm = await this.stopKernel(session, true);
    }
    if (poweroff && !this.retainOnPowerOff) {
      this.ram.lose();
      this.ledger.ramLost = true;
    }
    this.ram.save();
    this.say(
      poweroff ? `powered off (RAM ${this.retainOnPowerOff ? 'retained' : 'lost'})` : 'rebooting'
    );
  }

  /** The kernel stops: its workers reset for the next one (prepared) when `orderly`, or terminated. */
  private async stopKernel(
    session: KernelSession,
    orderly: boolean
  ): Promise<KernelWorkers | null> {
    const next = await session.halt(this.warmReset && orderly);
    return next && prepare(next, this.config);
  }

  private async doRestart(c: Component): Promise<void> {
    const session = this.session!;
    if (PRINTK_PATH.has(c)) this.printkGen++;
    const b = this.bootWall!;
    const wall = { sec: b.wall.sec + Math.floor((this.elapsedMs - b.elapsedMs) / 1000), nsec: 0 };
    const dumpsStored = this.ledger.dumps.filter((d) => d.stored).length;
    const gap = await session.restart(c, this.ram, { wall, dumpsStored });
    // A batch a dead worker had passed on reached RAM although its callers
    // got EIO: the ledger holds what RAM holds, so it is written.
    if (gap.pmsg?.landedBytes.length) this.ledger.pmsg.push(gap.pmsg.landedBytes);
    if (gap.printk) this.notePrintkLost(gap.printk);
    this.say(`${c}: restarted by its supervisor`);
  }

  /** printk lines the restart found lost: written, and never to be acknowledged. */
  private notePrintkLost(p: NonNullable<GapReport['printk']>): void {
    p.sent.forEach((s, k) => {
      for (const j of p.gap.lost[k] ?? []) {
        const i = s.at + j;
        if (this.ledger.printk[i] !== s.texts[j]) continue;
        this.printkLost.add(i);
        this.ledger.printkUnacked.add(i);
      }
    });
  }

  private died(dead: Component[], why: string): void {
    const [only] = dead;
    if (dead.length === 1 && only && RESTARTABLE.has(only) && this.placement === 'per-component') {
      this.actor.send({ type: 'COMPONENT_DIED', component: only, why });
    } else {
      this.actor.send({ type: 'CRASH', why: `${dead.join(', ')}: ${why}` });
    }
  }

  protected noteDump(reason: string, d: DumpOutcome): void {
    const result = d.results[0] as { parts?: readonly PstoreDumpPart[] } | null;
    let part1 = (result?.parts ?? []).find((p) => p.part === 1 && p.ret === 0);
    // pstore/blk on a device without panic_write keeps a panic dump in
    // memory only (psz_zone_write() cannot reach the disk once panicking):
    // the write returned 0, and nothing was stored.
    const blk = this.config.blk;
    if (blk && !blk.panicWrite && reason === 'Panic') part1 = undefined;
    const content = part1?.content ?? null;
    if (d.results.length) this.ledger.dumps.push({ reason, stored: !!part1, content });
  }

  /**
   * After a command: if a write budget is armed, did its worker stop dead?
   * Either way, a crash under way (reported by a worker meanwhile) completes
   * before the command returns.
   */
  protected async checkArmed(): Promise<void> {
    if (this.armed && this.session) {
      const s = await this.session.link(this.armed).status();
      if (!s.alive) {
        this.actor.send({ type: 'CRASH', why: `${this.armed}: ${s.error?.message ?? 'stopped'}` });
      }
    }
    await this.settle();
  }

  /**
   * The running kernel, once no component on `path` is being restarted:
   * log traffic waits for the gap to close, the others go on.
   */
  protected async readyFor(path: ReadonlySet<Component>): Promise<KernelSession> {
    await this.running();
    await waitFor(
      this.actor,
      (s) => !(s.matches({ running: 'restarting' }) && path.has(s.context.restarting!))
    );
    return this.running();
  }

  protected async running(): Promise<KernelSession> {
    if (this.state !== 'running') await this.boot();
    return this.session!;
  }

  /** Waits until the machine rests in a state that needs no more work. */
  protected async settle(): Promise<void> {
    await waitFor(
      this.actor,
      (s) => ['off', 'crashed'].includes(s.value as string) || s.matches({ running: 'serving' })
    );
  }
}
