/**
 * Registering frontends for the backend's flags: the ones the core provides
 * itself — the kmsg dumper (DMESG), the console (CONSOLE), the function
 * tracer (FTRACE) — each followed by the plug-ins of the same flag (pmsg
 * lives in another package, see frontend.ts).
 * Kernel counterpart: fs/pstore/platform.c pstore_register_kmsg(),
 * pstore_register_console() and their unregister twins; fs/pstore/ftrace.c
 * pstore_register_ftrace().
 */
import type { ConsoleRegistry } from '@pstore/console';
import type { KmsgDumpIter, KmsgDumper, KmsgDumpers } from '@pstore/kmsg';
import { PSTORE_FLAGS, type PstoreInfo } from '../backend/pstore-info.ts';
import type { PstoreRecord, PstoreTypeId } from '../backend/record.ts';
import { createPstoreConsole } from './console-frontend.ts';
import type { PstoreBufLock } from './dump.ts';
import type { PstoreCore, PstoreFrontend } from './frontend.ts';
import type { PstoreFtrace } from './ftrace-frontend.ts';
import type { PstoreCoreEra } from './pstore-era.ts';

/** The order pstore_register() registers frontends in (unregistration reverses it). */
export const PSTORE_FRONTEND_ORDER: readonly number[] = [
  PSTORE_FLAGS.DMESG,
  PSTORE_FLAGS.CONSOLE,
  PSTORE_FLAGS.FTRACE,
  PSTORE_FLAGS.PMSG
];

/** What registering the built-in frontends needs from the core. */
export interface BuiltinFrontendHost {
  readonly era: PstoreCoreEra;
  readonly psi: PstoreInfo;
  readonly dumpers: KmsgDumpers;
  readonly consoles: ConsoleRegistry;
  readonly ftrace: PstoreFtrace;
  /** pstore.record_ftrace. */
  readonly recordFtrace: boolean;
  readonly bufLock: PstoreBufLock;
  recordInit(type: PstoreTypeId): PstoreRecord;
  /** pstore_dump() for this backend. */
  dump(reason: number, iter: KmsgDumpIter): void;
}

/**
 * Registers the core's frontend for one PSTORE_FLAGS bit.
 * @returns its unregistration, or null when the core has none for `flag`.
 * @throws what kmsg_dump_register() / register_console() throw.
 */
function registerBuiltinFrontend(host: BuiltinFrontendHost, flag: number): (() => void) | null {
  const { dumpers, consoles, ftrace, psi } = host;
  switch (flag) {
    case PSTORE_FLAGS.DMESG: {
      // Before 5.8 the dumper had no max_reason: kmsg_dump() applied the
      // always_kmsg_dump rule and ramoops filtered the rest itself.
      const dumper: KmsgDumper = {
        maxReason: host.era.dumperMaxReason ? psi.maxReason : 0,
        dump: (reason, iter) => host.dump(reason, iter)
      };
      dumpers.kmsgDumpRegister(dumper);
      return () => dumpers.kmsgDumpUnregister(dumper);
    }
    case PSTORE_FLAGS.CONSOLE: {
      const con = createPstoreConsole(host);
      consoles.registerConsole(con);
      return () => consoles.unregisterConsole(con);
    }
    case PSTORE_FLAGS.FTRACE:
      ftrace.register(psi, host.recordFtrace);
      return () => ftrace.unregister();
    default:
      return null;
  }
}

/**
 * Registers, flag by flag in {@link PSTORE_FRONTEND_ORDER}, the core's
 * frontend and then the plug-ins of that flag, for every flag `host.psi` has.
 * All or nothing: on a failure the frontends already registered are
 * unregistered again before the error is rethrown.
 * @returns the unregistrations, in registration order (run them reversed).
 */
export function registerPstoreFrontends(
  host: BuiltinFrontendHost,
  plugins: readonly PstoreFrontend[],
  core: PstoreCore
): (() => void)[] {
  const undo: (() => void)[] = [];
  try {
    for (const flag of PSTORE_FRONTEND_ORDER) {
      if (!(host.psi.flags & flag)) continue;
      const own = registerBuiltinFrontend(host, flag);
      if (own) undo.push(own);
      for (const f of plugins.filter((x) => x.flag === flag)) {
        f.register(core);
        undo.push(() => f.unregister());
      }
    }
  } catch (e) {
    for (const u of undo.reverse()) u();
    throw e;
  }
  return undo;
}
