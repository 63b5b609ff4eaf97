/**
 * Shared set-up of the pstore core tests: one boot of a kernel (printk ring,
 * kmsg dumpers, consoles, a simulated clock and its Pstore), the real ramoops
 * backend over a byte array, and the lines a kernel prints when it dies. The
 * backend that keeps every dump part is pstore-fs's RecordingBackend
 * (@pstore/pstore-fs/testing).
 *
 * It lives here rather than in pstore-fs because it boots ramoops, which
 * depends on pstore-fs: a devDependency back would make the Nx task graph
 * circular. Every package resolves @pstore/pstore-fs to the same source file
 * (the `development` condition), so the core and ramoops share one module
 * instance.
 * Kernel counterpart: the boot order of init/main.c (printk, consoles,
 * pstore, then the ramoops platform device) that tools/testing/selftests/pstore
 * runs on.
 */
import { ConsoleRegistry } from '@pstore/console';
import {
  KERN_EMERG,
  KERN_INFO,
  KERN_WARNING,
  KMSG_DUMP_PANIC,
  KmsgDumpers,
  PrintkRing
} from '@pstore/kmsg';
import { parseKernelVersion, type KernelVersion } from '@pstore/ram-core';
import { RamoopsContext, ramoopsEra, ramoopsFromCmdline } from '@pstore/ramoops';
import {
  PSTORE_TYPE,
  Pstore,
  PstoreFs,
  SimulatedPstoreClock,
  pstoreCompressor,
  type PstoreFrontend,
  type PstoreModuleParams
} from '@pstore/pstore-fs';

export const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
export const dec = (b: Uint8Array): string => new TextDecoder('latin1').decode(b);

/** The ramoops region every lifecycle test uses: dmesg, console, ftrace and pmsg zones, ECC 16. */
const RAMOOPS_CMDLINE =
  'ramoops.mem_size=0x40000 ramoops.record_size=0x4000 ramoops.console_size=0x8000 ' +
  'ramoops.ftrace_size=0x2000 ramoops.pmsg_size=0x4000 ramoops.ecc=16';

/** One running kernel with its pstore. */
export interface Boot {
  readonly version: KernelVersion;
  readonly ring: PrintkRing;
  /** printk's local_clock, ns since boot: `b.t.ns = …`. */
  readonly t: { ns: bigint };
  readonly clock: SimulatedPstoreClock;
  readonly dumpers: KmsgDumpers;
  readonly consoles: ConsoleRegistry;
  readonly pstore: Pstore;
}

export interface BootOptions {
  readonly params?: PstoreModuleParams;
  readonly alwaysKmsgDump?: boolean;
  readonly frontends?: readonly PstoreFrontend[];
  /** Wall clock at boot (default 1700000000.000000). */
  readonly wallSec?: number;
}

/** Boots a kernel: printk, kmsg_dump, consoles and pstore, nothing registered yet. */
export function boot(kernel: string, options: BootOptions = {}): Boot {
  const version = parseKernelVersion(kernel);
  const t = { ns: 1_000_000n };
  const ring = new PrintkRing({ clock: () => t.ns });
  const dumpers = new KmsgDumpers(ring, {
    kernel: version,
    alwaysKmsgDump: options.alwaysKmsgDump ?? false
  });
  // printk.c got its "printk: " pr_fmt in 5.x; 4.9 printed "console [pstore-1] enabled".
  const consoles = new ConsoleRegistry(ring, { prFmt: version.major >= 5 ? 'printk: ' : '' });
  const clock = new SimulatedPstoreClock({ sec: options.wallSec ?? 1_700_000_000, nsec: 0 });
  const pstore = new Pstore({
    kernel: version,
    params: options.params,
    ring,
    dumpers,
    consoles,
    clock,
    frontends: options.frontends
  });
  return { version, ring, t, clock, dumpers, consoles, pstore };
}

/** ramoops_probe() over `mem` with a command line, as a kernel of `kernel` does. */
export function probeRamoops(
  mem: Uint8Array,
  kernel: string,
  cmdline = RAMOOPS_CMDLINE
): RamoopsContext {
  const era = ramoopsEra(parseKernelVersion(kernel));
  return RamoopsContext.probe(mem, ramoopsFromCmdline(cmdline, era), { era });
}

/** Boots, probes ramoops over `mem`, registers it and mounts the filesystem. */
export function bootWithRamoops(
  mem: Uint8Array,
  kernel: string,
  options: BootOptions & { readonly cmdline?: string } = {}
): Boot & { readonly cxt: RamoopsContext; readonly fs: PstoreFs } {
  const b = boot(kernel, options);
  b.ring.printk(`${KERN_INFO}Linux version ${kernel} (pstore-ts test)\n`);
  const cxt = probeRamoops(mem, kernel, options.cmdline);
  b.pstore.register(cxt);
  const fs = new PstoreFs({ now: () => new Date(0) });
  b.pstore.mount(fs);
  return { ...b, cxt, fs };
}

/**
 * The project's offline decoder on a copy of the region: ramoops probe plus
 * the file view, with the compressor of the kernel that will read it.
 */
export function decodeImage(mem: Uint8Array, kernel: string, cmdline = RAMOOPS_CMDLINE) {
  const version = parseKernelVersion(kernel);
  const cxt = probeRamoops(mem.slice(), kernel, cmdline);
  const fs = new PstoreFs({ now: () => new Date(0) });
  fs.mount(cxt, pstoreCompressor(version, { bufsize: cxt.bufsize }));
  return fs;
}

/** Every file of a view as name → latin1 content. */
export function filesOf(fs: PstoreFs): Map<string, string> {
  return new Map(fs.list().map((f) => [f.name, dec(fs.read(f.name))]));
}

/** A dying kernel's lines, ending with the oops end marker the selftests grep for. */
export const OOPS_LINES = [
  `${KERN_EMERG}BUG: kernel NULL pointer dereference, address: 0000000000000000`,
  `${KERN_EMERG}#PF: supervisor write access in kernel mode`,
  `${KERN_WARNING}Oops: 0002 [#1] PREEMPT SMP NOPTI`,
  `${KERN_WARNING}CPU: 0 PID: 311 Comm: sh Not tainted 6.1.0 #1`,
  `${KERN_WARNING}RIP: 0010:sysrq_handle_crash+0x16/0x20`,
  `${KERN_WARNING}Call Trace:`,
  `${KERN_WARNING} <TASK>`,
  `${KERN_WARNING} __handle_sysrq.cold+0x43/0x11b`,
  `${KERN_WARNING} write_sysrq_trigger+0x24/0x40`,
  `${KERN_WARNING} </TASK>`,
  `${KERN_WARNING}---[ end trace 8e6c1a3b2f9d4e71 ]---`
];

/**
 * panic() after an oops: the oops lines, "Kernel panic - not syncing",
 * kmsg_dump(KMSG_DUMP_PANIC), the end marker, the console flush.
 */
export function panic(b: Boot, why = 'Fatal exception'): void {
  b.consoles.bustSpinlocks(true);
  for (const line of OOPS_LINES) {
    b.t.ns += 1_000n;
    b.ring.printk(`${line}\n`);
  }
  b.t.ns += 1_000n;
  b.ring.printk(`${KERN_EMERG}Kernel panic - not syncing: ${why}\n`);
  b.dumpers.kmsgDump(KMSG_DUMP_PANIC);
  b.ring.printk(`${KERN_EMERG}---[ end Kernel panic - not syncing: ${why} ]---\n`);
  b.consoles.consoleFlushOnPanic();
}

/** Writes to pmsg the way /dev/pmsg0 does: one PMSG record through write_user. */
export function pmsgWrite(pstore: Pstore, text: string): number {
  const buf = enc(text);
  const record = pstore.recordInit(PSTORE_TYPE.PMSG);
  record.size = buf.length;
  return pstore.writeUser(record, buf);
}

/** `n` distinct log lines of about `width` bytes each. */
export function logLines(b: Boot, n: number, width = 60): void {
  for (let i = 0; i < n; i++) {
    b.t.ns += 10_000n;
    const body = `line ${String(i).padStart(5, '0')} `.padEnd(
      width,
      String.fromCharCode(97 + (i % 26))
    );
    b.ring.printk(`${KERN_INFO}${body}\n`);
  }
}
