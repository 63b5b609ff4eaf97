/**
 * Set-up of the core tests that need no real backend: one boot of a kernel
 * (printk ring, kmsg dumpers, consoles, a simulated clock and its Pstore). The
 * fake backend that keeps every record it is given is RecordingBackend, from
 * src/testing (@pstore/pstore-fs/testing, which the integration tests share).
 *
 * The tests that put the real ramoops backend behind the core live in
 * tools/integration-tests (with the full version of this file): ramoops
 * depends on pstore-fs, so pstore-fs cannot depend on it back.
 * Kernel counterpart: none (the boot order of init/main.c, reduced to what
 * fs/pstore/platform.c needs).
 */
import { ConsoleRegistry } from '@pstore/console';
import { KmsgDumpers, PrintkRing } from '@pstore/kmsg';
import { PSTORE_TYPE, Pstore, SimulatedPstoreClock, type KernelVersion } from '../src/index.ts';

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
