/**
 * Set-up of the core tests that need no real backend: one boot of a kernel
 * (printk ring, kmsg dumpers, consoles, a simulated clock and its Pstore) and
 * a fake backend that keeps every record it is given.
 *
 * The tests that put the real ramoops backend behind the core live in
 * tools/integration-tests (with the full version of this file): ramoops
 * depends on pstore-fs, so pstore-fs cannot depend on it back.
 * Kernel counterpart: none (the boot order of init/main.c, reduced to what
 * fs/pstore/platform.c needs).
 */
import { ConsoleRegistry } from '@pstore/console';
import { KmsgDumpers, PrintkRing } from '@pstore/kmsg';
import {
  PSTORE_FLAGS,
  PSTORE_TYPE,
  Pstore,
  SimulatedPstoreClock,
  type KernelVersion,
  type PstoreInfo,
  type PstoreRecord
} from '../src/index.ts';

export const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
export const dec = (b: Uint8Array): string => new TextDecoder('latin1').decode(b);

/**
 * "x.y" or "x.y.z" as a version. Checking that such a kernel existed is
 * ram-core's job (parseKernelVersion), which pstore-fs does not depend on;
 * the tests here only name real ones.
 */
function kernelVersion(text: string): KernelVersion {
  const [major = NaN, minor = NaN, sublevel] = text.split('.').map(Number);
  if (Number.isNaN(major) || Number.isNaN(minor)) throw new Error(`not a version: ${text}`);
  return { major, minor, sublevel: sublevel ?? 0, exact: sublevel !== undefined };
}

/** Boots a kernel: printk, kmsg_dump, consoles and pstore, nothing registered yet. */
export function boot(kernel: string) {
  const version = kernelVersion(kernel);
  const ring = new PrintkRing({ clock: () => 1_000_000n });
  const dumpers = new KmsgDumpers(ring, { kernel: version });
  const consoles = new ConsoleRegistry(ring);
  const clock = new SimulatedPstoreClock({ sec: 1_700_000_000, nsec: 0 });
  const pstore = new Pstore({ kernel: version, ring, dumpers, consoles, clock });
  return { version, ring, clock, dumpers, consoles, pstore };
}

/** Writes to pmsg the way /dev/pmsg0 does: one PMSG record through write_user. */
export function pmsgWrite(pstore: Pstore, text: string): number {
  const buf = enc(text);
  const record = pstore.recordInit(PSTORE_TYPE.PMSG);
  record.size = buf.length;
  return pstore.writeUser(record, buf);
}

/** A backend that keeps every record it is given (all dump parts, unlike ramoops). */
export class RecordingBackend implements PstoreInfo {
  readonly written: PstoreRecord[] = [];

  constructor(
    readonly name = 'recorder',
    readonly bufsize = 4096,
    readonly maxReason = 2,
    readonly flags = PSTORE_FLAGS.DMESG | PSTORE_FLAGS.CONSOLE | PSTORE_FLAGS.FTRACE
  ) {}

  open(): number {
    return 0;
  }
  read(): PstoreRecord | null {
    return null;
  }
  close(): number {
    return 0;
  }
  write(record: PstoreRecord): number {
    this.written.push({ ...record, buf: record.buf.slice(0, record.size) });
    return 0;
  }
}
