/**
 * A user's program over eight installed packages, type-checked against their published
 * declarations and run in Node by the pack test: a 5.10 kernel with ramoops (lz4 compression,
 * ECC 16) logs, an Android process writes to /dev/pmsg0, the kernel panics; after the "reboot"
 * the RAM is decoded (decode.ts), its pmsg shown as logcat lines, and the region's configuration
 * inferred from its bytes alone. It prints one JSON line for the test to check.
 * Kernel counterpart: tools/testing/selftests/pstore (write, crash, read back after a reboot).
 */
import { encodeAndroidPmsgFrame } from '@pstore/android-logger';
import { ConsoleRegistry } from '@pstore/console';
import { KERN_ERR, KERN_INFO, KMSG_DUMP_PANIC, KmsgDumpers, PrintkRing } from '@pstore/kmsg';
import { createPmsgFrontend, O_WRONLY, renderPmsg, type PmsgDevice } from '@pstore/pmsg-chardev';
import { probeImage } from '@pstore/probe';
import { Pstore, SimulatedPstoreClock } from '@pstore/pstore-fs';
import { parseKernelVersion } from '@pstore/ram-core';
import { RamoopsContext, ramoopsEra, ramoopsFromCmdline } from '@pstore/ramoops';
import { decodeRamoops } from './decode.js';

const KERNEL = '5.10';
// lz4 is one of the crypto API's compressors (@pstore/crypto-compress), which 4.17–6.5 offer.
const CMDLINE =
  'ramoops.mem_size=0x40000 ramoops.record_size=0x4000 ramoops.console_size=0x8000 ' +
  'ramoops.pmsg_size=0x4000 ramoops.ecc=16 pstore.compress=lz4';

const version = parseKernelVersion(KERNEL);
const era = ramoopsEra(version);
const ram = new Uint8Array(0x40000); // what survives the reboot

// The first boot: printk, kmsg_dump, consoles, pstore with ramoops and /dev/pmsg0.
let nowNs = 1_000_000n;
const ring = new PrintkRing({ clock: () => nowNs });
const dumpers = new KmsgDumpers(ring, { kernel: version });
const consoles = new ConsoleRegistry(ring);
const dev = new Map<string, PmsgDevice>(); // stands for /dev
const pstore = new Pstore({
  kernel: version,
  params: { compress: 'lz4' },
  ring,
  dumpers,
  consoles,
  clock: new SimulatedPstoreClock({ sec: 1_700_000_000, nsec: 0 }),
  frontends: [createPmsgFrontend({ dev })]
});
pstore.register(RamoopsContext.probe(ram, ramoopsFromCmdline(CMDLINE, era), { era }));

ring.printk(`${KERN_INFO}pack-test: the installed packages boot\n`);
const frame = encodeAndroidPmsgFrame({
  logId: 'main',
  pid: 1234,
  tid: 1240,
  sec: 1_700_000_000,
  nsec: 678_000_000,
  priority: 6,
  tag: 'watchdog',
  message: 'dying gasp'
});
const pmsg0 = dev.get('pmsg0');
if (!pmsg0) throw new Error('pstore registered ramoops without creating /dev/pmsg0');
const written = pmsg0.open(O_WRONLY).write(frame);
nowNs = 2_500_000_000n;
ring.printk(`${KERN_ERR}Kernel panic - not syncing: pack-test\n`);
dumpers.kmsgDump(KMSG_DUMP_PANIC);

// The next boot reads the RAM.
const files = decodeRamoops({ image: ram, cmdline: CMDLINE, kernel: KERNEL });
const file = (name: string): { content: Uint8Array; notice: string } => {
  const found = files.find((f) => f.name === name);
  if (!found) throw new Error(`no ${name} among ${files.map((f) => f.name).join(', ')}`);
  const end = found.bytes.length - found.eccNoticeSize;
  const decoder = new TextDecoder();
  return {
    content: found.bytes.subarray(0, end),
    notice: decoder.decode(found.bytes.subarray(end))
  };
};
const text = (name: string): string => new TextDecoder().decode(file(name).content);
const pmsg = file('pmsg-ramoops-0');
const best = probeImage(ram).candidates[0];

console.log(
  JSON.stringify({
    written,
    dumpCompressed: pstore.lastDump?.parts[0]?.compressed ?? false,
    files: files.map((f) => f.name),
    dmesg: text('dmesg-ramoops-0')
      .split('\n')
      .filter((line, i) => i === 0 || line.includes('pack-test')),
    consolePanics: text('console-ramoops-0').includes('Kernel panic - not syncing: pack-test'),
    logcat: new TextDecoder().decode(renderPmsg(pmsg.content, 'auto').bytes),
    eccNotice: pmsg.notice,
    probed: best ? { params: best.params, kernel: best.kernel } : null
  })
);
