/**
 * /dev/pmsg0 registered by the real pstore core over the real ramoops backend: the node is
 * there while a PMSG-capable backend is registered, writes land in the pmsg zone, and the
 * next boot shows them as pmsg-ramoops-0.
 *
 * It lives here rather than in pmsg-chardev because it boots a kernel: pmsg-chardev does not
 * depend on kmsg, console, ramoops or ram-core (the core receives them from whoever boots it).
 * Kernel counterpart: fs/pstore/pmsg.c (pstore_register_pmsg) with fs/pstore/ram.c behind it.
 */
import { describe, expect, it } from 'vitest';
import {
  PSTORE_FLAGS,
  Pstore,
  PstoreFs,
  SimulatedPstoreClock,
  type PstoreInfo,
  type PstoreRecord
} from '@pstore/pstore-fs';
import { ConsoleRegistry } from '@pstore/console';
import { KmsgDumpers, PrintkRing } from '@pstore/kmsg';
import { createPmsgFrontend, O_WRONLY, type PmsgDevice } from '@pstore/pmsg-chardev';
import { parseKernelVersion } from '@pstore/ram-core';
import { RamoopsContext, ramoopsEra, ramoopsFromCmdline } from '@pstore/ramoops';

const KERNEL = { major: 6, minor: 12, sublevel: 0 };
const CMDLINE = 'ramoops.mem_size=0x20000 ramoops.record_size=0x4000 ramoops.pmsg_size=0x4000';
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

/** One boot: printk, kmsg_dump, consoles, pstore with the pmsg frontend and a /dev map. */
function bootKernel() {
  const ring = new PrintkRing({ clock: () => 1_000_000n });
  const dev = new Map<string, PmsgDevice>();
  const pmsg = createPmsgFrontend({ dev });
  const pstore = new Pstore({
    kernel: KERNEL,
    ring,
    dumpers: new KmsgDumpers(ring, { kernel: KERNEL }),
    consoles: new ConsoleRegistry(ring),
    clock: new SimulatedPstoreClock({ sec: 1_700_000_000, nsec: 0 }),
    frontends: [pmsg]
  });
  return { pstore, dev, pmsg };
}

function probe(mem: Uint8Array): RamoopsContext {
  const era = ramoopsEra(parseKernelVersion('6.12.0'));
  return RamoopsContext.probe(mem, ramoopsFromCmdline(CMDLINE, era), { era });
}

describe('the pmsg frontend with the pstore core', () => {
  it('creates /dev/pmsg0 for a backend with PMSG, and what is written shows up after a reboot', () => {
    const mem = new Uint8Array(0x20000);
    const k1 = bootKernel();
    expect(k1.dev.has('pmsg0')).toBe(false);
    k1.pstore.register(probe(mem));
    const node = k1.dev.get('pmsg0')!;
    expect([node.className, node.mode, k1.pmsg.device]).toEqual(['pmsg', 0o220, node]);
    const fd = node.open(O_WRONLY);
    expect(fd.write(enc('Testing pstore: uuid=42\n'))).toBe(24);
    expect(fd.write(enc('dying gasp\n'))).toBe(11);

    const k2 = bootKernel();
    k2.pstore.register(probe(mem));
    const pfs = new PstoreFs();
    k2.pstore.mount(pfs);
    expect(new TextDecoder().decode(pfs.read('pmsg-ramoops-0'))).toBe(
      'Testing pstore: uuid=42\ndying gasp\n'
    );
  });

  it('removes the node when the backend unregisters; files still open get ENODEV', () => {
    const k = bootKernel();
    k.pstore.register(probe(new Uint8Array(0x20000)));
    const node = k.dev.get('pmsg0')!;
    const fd = node.open(O_WRONLY);
    k.pstore.unregister();
    expect(k.dev.has('pmsg0')).toBe(false);
    expect(k.pmsg.device).toBeNull();
    expect(() => node.open(O_WRONLY)).toThrow(/no such device node/);
    expect(fd.write(enc('late'))).toBe(-19);
  });

  it('creates no node for a backend without PSTORE_FLAGS_PMSG', () => {
    const k = bootKernel();
    const consoleOnly: PstoreInfo = {
      name: 'console-only',
      flags: PSTORE_FLAGS.CONSOLE,
      bufsize: 1024,
      maxReason: 2,
      open: () => 0,
      read: (): PstoreRecord | null => null,
      close: () => 0,
      write: () => 0
    };
    k.pstore.register(consoleOnly);
    expect(k.dev.has('pmsg0')).toBe(false);
  });

  it("reaches a backend without write_user through the core's compat path (one write per pmsg write)", () => {
    const k = bootKernel();
    const written: PstoreRecord[] = [];
    const noWriteUser: PstoreInfo = {
      name: 'blk-like',
      flags: PSTORE_FLAGS.PMSG,
      bufsize: 1024,
      maxReason: 2,
      open: () => 0,
      read: (): PstoreRecord | null => null,
      close: () => 0,
      write: (record) => {
        written.push({ ...record, buf: record.buf.slice(0, record.size) });
        return 0;
      }
    };
    k.pstore.register(noWriteUser);
    const fd = k.dev.get('pmsg0')!.open(O_WRONLY);
    expect(fd.write(enc('x'.repeat(3000)))).toBe(3000);
    expect(written.map((r) => [r.type, r.size, r.buf.length])).toEqual([[7, 3000, 3000]]);
  });

  it('refuses a second registration of the same frontend (EEXIST)', () => {
    const k = bootKernel();
    k.pstore.register(probe(new Uint8Array(0x20000)));
    expect(() => k.pmsg.register(k.pstore)).toThrow(/device class file already in use/);
  });
});
