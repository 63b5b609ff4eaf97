/**
 * The pstore module of one running kernel: the single registered backend,
 * the frontends its flags ask for (kmsg dumper, console, ftrace, plug-ins
 * such as pmsg), dmesg compression, the update timer, and the mounted
 * filesystem view. Synchronous, like the kernel's callbacks.
 * Kernel counterpart: fs/pstore/platform.c pstore_register(),
 * pstore_unregister(), pstore_record_init(), pstore_get_records() and the
 * pstore_fill_super()/parse_options() hooks of fs/pstore/inode.c.
 */
import { KERN_INFO, type KmsgDumpers, type PrintkRing } from '@pstore/kmsg';
import type { ConsoleRegistry } from '@pstore/console';
import type { PstoreInfo } from '../backend/pstore-info.ts';
import { pstoreRecordInit, type PstoreRecord, type PstoreTypeId } from '../backend/record.ts';
import type { KernelVersion } from '../era-version.ts';
import { PstoreError } from '../errors.ts';
import { FTRACE_ARCH_LE64, ftraceLayout } from '../ftrace/record.ts';
import type { PstoreFs, ScanResult } from '../fs/pstore-fs.ts';
import { systemPstoreClock, type PstoreClock } from './clock.ts';
import { setupPstoreCompression, type PstoreCompression } from './compression-setup.ts';
import { registerPstoreFrontends, type BuiltinFrontendHost } from './builtin-frontends.ts';
import { pstoreDump, type PstoreBootCounters, type PstoreDumpResult } from './dump.ts';
import type { PstoreDumpState } from './dump.ts';
import type { PstoreCore, PstoreFrontend } from './frontend.ts';
import { PstoreFtrace } from './ftrace-frontend.ts';
import { checkKmsgBytes, resolvePstoreParams, type ResolvedPstoreParams } from './module-params.ts';
import {
  checkPstoreOptions,
  type PstoreMountOptions,
  type PstoreOptions
} from './pstore-options.ts';
import { pstoreCoreEra, type PstoreCoreEra } from './pstore-era.ts';
import { pstoreRegisterChecks } from './register-checks.ts';
import { PstoreUpdateTimer } from './update-timer.ts';
import { pstoreWriteUser } from './write-user.ts';

interface Registration {
  readonly psi: PstoreInfo;
  readonly compression: PstoreCompression;
  readonly dump: PstoreDumpState;
  readonly undo: (() => void)[];
}

/**
 * The pstore module of one boot.
 *
 * @example
 * ```ts
 * const ring = new PrintkRing();
 * const dumpers = new KmsgDumpers(ring, { kernel });
 * const pstore = new Pstore({ kernel, ring, dumpers, consoles: new ConsoleRegistry(ring) });
 * pstore.register(backend);            // "pstore: Registered ramoops as persistent store backend"
 * dumpers.kmsgDump(KMSG_DUMP_PANIC);   // Panic#1 Part1 … written to the backend
 * pstore.mount(new PstoreFs());        // files of the records the backend holds
 * ```
 */
export class Pstore implements PstoreCore {
  readonly kernel: KernelVersion;
  readonly era: PstoreCoreEra;
  readonly params: ResolvedPstoreParams;
  readonly ring: PrintkRing;
  readonly dumpers: KmsgDumpers;
  readonly consoles: ConsoleRegistry;
  readonly clock: PstoreClock;
  /** The function tracer frontend (fs/pstore/ftrace.c). */
  readonly ftrace: PstoreFtrace;
  readonly #frontends: readonly PstoreFrontend[];
  readonly #timer: PstoreUpdateTimer;
  readonly #bufLock = { held: false };
  #backend: string | null;
  #reg: Registration | null = null;
  #fs: PstoreFs | null = null;
  #kmsgBytes: number;
  readonly #boot: PstoreBootCounters = { oopscount: 0, writeErrorReported: false };
  #lastDump: PstoreDumpResult | null = null;

  /**
   * @throws PstoreError EINVAL for bad parameters, a plug-in frontend whose
   *   flag is not one PSTORE_FLAGS bit, or dumpers of another kernel version;
   *   PstoreFormatError for a pstore.compress value the era cannot run.
   */
  constructor(options: PstoreOptions) {
    this.kernel = options.kernel;
    this.era = pstoreCoreEra(options.kernel);
    this.params = resolvePstoreParams(options.kernel, this.era, options.params);
    checkPstoreOptions(options, this.params);
    this.ring = options.ring;
    this.dumpers = options.dumpers;
    this.consoles = options.consoles;
    this.clock = options.clock ?? systemPstoreClock;
    this.#frontends = [...(options.frontends ?? [])];
    this.#backend = this.params.backend;
    this.#kmsgBytes = this.params.kmsgBytes;
    const arch = options.ftraceArch ?? FTRACE_ARCH_LE64;
    this.ftrace = new PstoreFtrace(ftraceLayout(this.kernel, arch), this.era.ftraceStamp);
    this.#timer = new PstoreUpdateTimer(this.clock, this.params.updateMs, () => {
      if (this.#reg && this.#fs?.mounted) this.#fs.rescan();
    });
  }

  /** `/sys/module/pstore/parameters/backend`: the registered backend's name, else the parameter. */
  get backend(): string | null {
    return this.#backend;
  }

  /** The registered backend (psinfo), or null. */
  get psinfo(): PstoreInfo | null {
    return this.#reg?.psi ?? null;
  }

  /** The mounted filesystem view, or null. */
  get fs(): PstoreFs | null {
    return this.#fs;
  }

  /** Dumps taken this boot (the #N of "Panic#N Part1"). */
  get oopscount(): number {
    return this.#boot.oopscount;
  }

  /** What the last kmsg dump did, part by part. */
  get lastDump(): PstoreDumpResult | null {
    return this.#lastDump;
  }

  /** pstore_new_entry: an oops was stored and the timer has not rescanned yet. */
  get newEntry(): boolean {
    return this.#timer.newEntry;
  }

  /** kmsg_bytes: how much log one dump saves. */
  get kmsgBytes(): number {
    return this.#kmsgBytes;
  }

  /** pstore_set_kmsg_bytes() (what the kmsg_bytes mount option does). */
  setKmsgBytes(bytes: number): void {
    checkKmsgBytes(bytes);
    this.#kmsgBytes = bytes;
    this.#fs?.remount({ kmsgBytes: bytes });
  }

  /**
   * pstore_register(): checks the backend, sets up compression, reads its
   * records into the mounted filesystem, registers the frontends its flags
   * ask for (kmsg dumper, console, ftrace, pmsg), arms the update timer and
   * logs "Registered <name> as persistent store backend". All or nothing: a
   * frontend that fails undoes the steps before it.
   * @throws PstoreError per pstoreRegisterChecks(); PstoreFormatError for an
   *   unusable compressor.
   */
  register(psi: PstoreInfo): void {
    const log = this.log.bind(this);
    pstoreRegisterChecks(this.era, this.#backend, this.#reg?.psi ?? null, psi, log);
    this.#bufLock.held = false;
    const compression = setupPstoreCompression(this, psi, this.params.compress);
    const reg: Registration = {
      psi,
      compression,
      dump: this.#dumpState(psi, compression),
      undo: []
    };
    this.#reg = reg;
    try {
      if (this.#fs) this.#fill(reg, this.#fs);
      const host: BuiltinFrontendHost = {
        era: this.era,
        psi,
        dumpers: this.dumpers,
        consoles: this.consoles,
        ftrace: this.ftrace,
        recordFtrace: this.params.recordFtrace,
        bufLock: this.#bufLock,
        recordInit: (type) => this.recordInit(type),
        dump: (reason, iter) => {
          this.#lastDump = pstoreDump(reg.dump, reason, iter);
        }
      };
      reg.undo.push(...registerPstoreFrontends(host, this.#frontends, this));
    } catch (e) {
      this.#teardown(reg);
      throw e;
    }
    this.#timer.kick();
    this.#backend = psi.name;
    this.log(KERN_INFO, `Registered ${psi.name} as persistent store backend`);
  }

  /**
   * pstore_unregister(): frontends in reverse order (pmsg, ftrace, console,
   * kmsg), the timer, the backend's files, compression; `backend` is cleared.
   * Unregistering nothing is allowed.
   */
  unregister(): void {
    const reg = this.#reg;
    if (!reg) return;
    this.#teardown(reg);
    this.#backend = null;
    if (this.era.unregisterLog) {
      this.log(KERN_INFO, `Unregistered ${reg.psi.name} as persistent store backend`);
    }
  }

  /**
   * Mounts the pstore filesystem (pstore_fill_super()): with a backend
   * registered its records become files now, else when one registers.
   * @returns what was read, or null when no backend is registered yet.
   * @throws PstoreError EBUSY when pstore is already mounted.
   */
  mount(fs: PstoreFs, options: PstoreMountOptions = {}): ScanResult | null {
    if (this.#fs || fs.mounted) {
      const what = this.#fs ? 'pstore is' : 'this PstoreFs is mounted over another backend, so';
      throw new PstoreError('EBUSY', `${what} already mounted`);
    }
    if (options.kmsgBytes !== undefined) checkKmsgBytes(options.kmsgBytes);
    this.#fs = fs;
    if (options.kmsgBytes !== undefined) this.#kmsgBytes = options.kmsgBytes;
    return this.#reg ? this.#fill(this.#reg, fs) : null;
  }

  /** `mount -o remount,kmsg_bytes=N`. */
  remount(options: PstoreMountOptions): void {
    if (options.kmsgBytes !== undefined) this.setKmsgBytes(options.kmsgBytes);
  }

  /** Unmounts: the files are dropped; a later mount reads the backend again. */
  unmount(): void {
    if (this.#fs?.mounted) this.#fs.unmount();
    this.#fs = null;
  }

  recordInit(type: PstoreTypeId): PstoreRecord {
    return pstoreRecordInit(type, this.clock.now());
  }

  write(record: PstoreRecord): number {
    return this.#requireBackend('write').write(record);
  }

  writeUser(record: PstoreRecord, buf: Uint8Array): number {
    const psi = this.#requireBackend('write_user');
    return pstoreWriteUser(this.era, psi, this.#bufLock, record, buf);
  }

  log(level: string, message: string): void {
    this.ring.printk(`${level}pstore: ${message}\n`);
  }

  /**
   * A traced function call (pstore_ftrace_call()): recorded while a backend
   * with PSTORE_FLAGS_FTRACE is registered and recording is on, never while
   * oops_in_progress is set.
   * @returns the backend's answer, or null when nothing was recorded.
   */
  ftraceCall(ip: bigint, parentIp: bigint, cpu = 0): number | null {
    return this.ftrace.call(ip, parentIp, cpu, this.consoles.oopsInProgress > 0);
  }

  /** The debugfs pstore/record_ftrace knob. @throws PstoreError ENOENT without the knob. */
  setRecordFtrace(on: boolean): void {
    this.ftrace.setRecordFtrace(on);
  }

  #teardown(reg: Registration): void {
    for (const undo of reg.undo.splice(0).reverse()) undo();
    this.#timer.stop();
    // 5.8+ removes the backend's files (pstore_put_backend_records()); 4.9
    // left them pointing at a backend that may be gone. Both drop them here.
    if (this.#fs?.mounted) this.#fs.unmount();
    this.#reg = null;
  }

  #fill(reg: Registration, fs: PstoreFs): ScanResult {
    return fs.mount(reg.psi, reg.compression.read, { kmsgBytes: this.#kmsgBytes });
  }

  #dumpState(psi: PstoreInfo, compression: PstoreCompression): PstoreDumpState {
    return {
      kernel: this.kernel,
      era: this.era,
      psi,
      compressor: compression.dump,
      bigOopsBuf: compression.bigOopsBuf,
      kmsgBytes: () => this.#kmsgBytes,
      boot: this.#boot,
      bufLock: this.#bufLock,
      now: () => this.clock.now(),
      log: (level, message) => this.log(level, message),
      onOopsStored: () => {
        if (this.era.timerKickOnDump) {
          this.#timer.newEntry = true;
          this.#timer.kick();
        } else if (this.#fs?.mounted) {
          this.#timer.newEntry = true;
        }
      }
    };
  }

  #requireBackend(what: string): PstoreInfo {
    const psi = this.#reg?.psi;
    if (!psi) throw new PstoreError('EINVAL', `psinfo->${what}: no pstore backend is registered`);
    return psi;
  }
}
