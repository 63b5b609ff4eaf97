/**
 * Stand-ins for what pstore registers in other actors: the console registry
 * (pstore's console is registered with the console actor and fed from its
 * `console.printed`), and plug-in frontends such as pmsg (the pmsg actor
 * creates /dev/pmsg0 on `frontend.register`).
 * Kernel counterpart: register_console()/unregister_console() and the
 * pstore_register_pmsg() hook as fs/pstore/platform.c calls them.
 */
import { checkConsole, ConsoleError, ConsoleRegistry, type Console } from '@pstore/console';
import type { PrintkRing } from '@pstore/kmsg';
import type { PstoreCore, PstoreFrontend } from '../core/frontend.ts';
import type { SideEffect } from './side-effects.ts';

/** A console registry whose drivers are registered with the console actor. */
export class RemoteConsoleRegistry extends ConsoleRegistry {
  readonly #out: SideEffect[];
  readonly #drivers: Console[] = [];

  constructor(ring: PrintkRing, out: SideEffect[]) {
    super(ring);
    this.#out = out;
  }

  /** The driver the console actor printed to, by its name and index. */
  driver(name: string, index: number): Console | undefined {
    return this.#drivers.find((c) => c.name === name && c.index === index);
  }

  /** Every driver registered here (to register again with a new console actor). */
  get drivers(): readonly Console[] {
    return [...this.#drivers];
  }

  override registerConsole(con: Console): void {
    checkConsole(con);
    if (this.#drivers.includes(con)) {
      throw new ConsoleError('EBUSY', `console '${con.name}${con.index}' already registered`);
    }
    this.#drivers.push(con);
    this.#out.push({ kind: 'consoleRegister', con });
  }

  override unregisterConsole(con: Console): void {
    const i = this.#drivers.indexOf(con);
    if (i < 0) {
      throw new ConsoleError('ENODEV', `console '${con.name}${con.index}' is not registered`);
    }
    this.#drivers.splice(i, 1);
    this.#out.push({ kind: 'consoleUnregister', con });
  }
}

/** A plug-in frontend (pmsg) that lives in another actor. */
export class RemoteFrontend implements PstoreFrontend {
  registered = false;

  constructor(
    readonly flag: number,
    private readonly out: SideEffect[]
  ) {}

  register(_core: PstoreCore): void {
    this.registered = true;
    this.out.push({ kind: 'frontendRegister', flag: this.flag });
  }

  unregister(): void {
    this.registered = false;
    this.out.push({ kind: 'frontendUnregister', flag: this.flag });
  }
}
