/**
 * The opt-in matrix of the custom 6.1 kernel (`run --custom`): the writers
 * Debian's kernels lack. The kernel fills the console zone while it runs,
 * writes /dev/pmsg0, records a short filtered ftrace burst, oopses through
 * lkdtm; pstore-ts decodes all of it (ftrace rendered with the kernel's
 * System.map). In the other direction an encoded image with every record
 * type, ftrace records pointing at real functions of that kernel, is read
 * back; and ECC faults hit the console and pmsg zones.
 */
import { readFileSync } from 'node:fs';
import { readInstalled } from '../kernels.ts';
import type { BlkParams } from './blk-params.ts';
import { compressCases } from './compress-matrix.ts';
import { encodedImage, patchedImage, type ImageSource } from './image-sources.ts';
import { LAB, type RamoopsParams } from './params.ts';
import { consoleText, dumpText, markers, pmsgText } from './texts.ts';
import type { Case, GuestAction } from './types.ts';

/** Four functions the ftrace burst is filtered to (tracing everything hangs TCG guests). */
const TRACED = ['ksys_write', 'vfs_write', 'ksys_read', 'vfs_read'];

const FTRACE_BURST: GuestAction[] = [
  { kind: 'sh', command: `echo ${TRACED.join(' ')} > /sys/kernel/debug/tracing/set_ftrace_filter` },
  {
    kind: 'sh',
    command:
      'echo 1 > /sys/kernel/debug/pstore/record_ftrace; cat /proc/version > /dev/null; echo 0 > /sys/kernel/debug/pstore/record_ftrace'
  }
];

function crash(name: string, oops: boolean): GuestAction[] {
  return [
    ...markers(name),
    { kind: 'pmsg', text: `interop pmsg from ${name}` },
    { kind: 'pmsg', text: `second pmsg line from ${name}` },
    ...FTRACE_BURST,
    ...(oops ? [{ kind: 'oops' as const }, ...markers(`${name}-after-oops`, 2)] : []),
    { kind: 'panic' }
  ];
}

/** ftrace input lines (CPU IP PARENT_IP) using real addresses of the installed custom kernel. */
function ftraceInput(kid: string): string {
  const k = readInstalled(kid);
  const addr = new Map<string, string>();
  if (k) {
    for (const line of readFileSync(k.systemMap, 'utf8').split('\n')) {
      const [a, , name] = line.split(' ');
      if (a && name && TRACED.includes(name)) addr.set(name, a);
    }
  }
  const at = (n: string, off: number): string =>
    (BigInt(`0x${addr.get(n) ?? 'ffffffff81000000'}`) + BigInt(off)).toString(16);
  const lines: string[] = [];
  for (let i = 0; i < 12; i++) {
    lines.push(`0 ${at(TRACED[i % 4]!, 4)} ${at(TRACED[(i + 1) % 4]!, 0x20 + i)}`);
  }
  return lines.join('\n') + '\n';
}

export function customCases(kid: string): Case[] {
  const id = (n: string): string => `${kid}/${n}`;
  const lab0: RamoopsParams = { ...LAB, compress: 'deflate' };
  const lab16: RamoopsParams = { ...LAB, ecc: 16, compress: 'deflate' };
  const all = ['dmesg-ramoops-0', 'console-ramoops-0', 'pmsg-ramoops-0', 'ftrace-ramoops-0'];
  return [
    {
      kind: 'kernel-writes',
      id: id('kw-all-ecc0'),
      kernel: kid,
      title: 'dmesg, console, pmsg and ftrace written by the kernel, ECC off',
      params: lab0,
      actions: crash('kw-all-ecc0', false),
      expect: { files: all }
    },
    {
      kind: 'kernel-writes',
      id: id('kw-all-ecc16'),
      kernel: kid,
      title: 'dmesg, console, pmsg and ftrace, ECC 16 (ftrace text misaligned by the notice)',
      params: lab16,
      actions: crash('kw-all-ecc16', false),
      expect: { files: all }
    },
    {
      kind: 'kernel-writes',
      id: id('kw-lkdtm-oops-panic-smp2'),
      kernel: kid,
      title:
        'an lkdtm oops then a panic, 2 CPUs (two per-CPU ftrace zones merged), console ring wrapped (0x1000), ECC 16',
      params: { ...lab16, consoleSize: 0x1000 },
      cpus: 2,
      actions: crash('kw-lkdtm-oops-panic-smp2', true),
      expect: {
        startsWith: { 'dmesg-ramoops-0': 'Oops#1 Part1\n', 'dmesg-ramoops-1': 'Panic#2 Part1\n' },
        wrapped: ['console']
      }
    },
    {
      kind: 'kernel-reads',
      id: id('kr-all-ecc16'),
      kernel: kid,
      title: 'every record type encoded by pstore-ts, ftrace at real functions, ECC 16',
      params: lab16,
      image: encodedImage({
        params: lab16,
        dmesg: [{ text: dumpText('Panic', 1, 6000, 71), reason: 'panic', time: 1_700_000_700 }],
        console: consoleText(9000, 72),
        pmsg: pmsgText(1200, 73),
        ftrace: ftraceInput(kid)
      }),
      expect: { files: all }
    },
    {
      kind: 'ecc-faults',
      id: id('ef-console-pmsg'),
      kernel: kid,
      title:
        'ECC 16: bad bytes in the console data (within and beyond capacity) and the pmsg header',
      params: lab16,
      from: id('kw-all-ecc16'),
      faults: [
        { zone: 'console', area: 'data', block: 0, offset: 9, count: 5 },
        { zone: 'console', area: 'data', block: 1, count: 9 },
        { zone: 'pmsg', area: 'header', offset: 8, count: 2 }
      ],
      expect: { eccErrors: true }
    },
    ...compressCases(kid),
    ...blkRingCases(kid)
  ];
}

/**
 * pstore/blk's rings on a real kernel: the custom build has pstore_blk built in with the
 * console, pmsg and ftrace frontends (Debian's builds have none), so the console, pmsg and
 * per-CPU ftrace zones of pstore/zone are judged here, a console ring that wraps included.
 * pstore_blk.*_size words of built frontends default to 64 KiB; the cases give them all.
 */
function blkRingCases(kid: string): Case[] {
  const id = (n: string): string => `${kid}/${n}`;
  const rings: BlkParams = {
    backend: 'blk',
    diskSize: 0x100000,
    kmsgKiB: 64,
    pmsgKiB: 16,
    consoleKiB: 8,
    ftraceKiB: 16,
    maxReason: 2,
    bestEffort: true
  };
  const files = [
    'dmesg-pstore_blk-0',
    'console-pstore_blk-0',
    'pmsg-pstore_blk-0',
    'ftrace-pstore_blk-0'
  ];
  return [
    {
      kind: 'kernel-writes',
      id: id('kw-blk-rings'),
      kernel: kid,
      title:
        'pstore/blk built in: console (8 KiB, wrapped), pmsg, a 2-CPU ftrace burst and an lkdtm oops on a virtio disk',
      params: rings,
      cpus: 2,
      actions: [
        ...markers('kw-blk-rings', 40),
        { kind: 'pmsg', text: 'interop pmsg on pstore/blk' },
        { kind: 'pmsg', text: 'second pmsg line on pstore/blk' },
        ...FTRACE_BURST,
        { kind: 'oops' },
        // zone.c's cleaner writes what was refused with interrupts off, 500 ms later.
        { kind: 'sh', command: 'sleep 2' },
        { kind: 'panic' }
      ],
      expect: {
        files,
        wrapped: ['console'],
        startsWith: { 'dmesg-pstore_blk-0': 'Oops#1 Part1\n' }
      }
    },
    {
      kind: 'kernel-reads',
      id: id('kr-blk-rings'),
      kernel: kid,
      title:
        'pstore encode --backend blk: a dump, a console that wrapped, pmsg and ftrace at real functions',
      params: rings,
      image: ringsImage(rings, kid),
      expect: { files }
    },
    {
      kind: 'kernel-reads',
      id: id('kr-blk-ring-start-beyond-datalen'),
      kernel: kid,
      title:
        'the same disk with the console header saying start 20, datalen 10: the kernel’s recovery fails and it shows no file at all',
      params: rings,
      image: patchedImage(ringsImage(rings, kid), 'console start 20 > datalen 10', (b) => {
        const v = new DataView(b.buffer, b.byteOffset);
        const console = 16 * 1024; // after the 16 KiB pmsg zone
        v.setInt32(console + 4, 10, true);
        v.setInt32(console + 8, 20, true);
      })
    }
  ];
}

/** A disk with every record type, as `pstore encode --backend blk` writes it. */
function ringsImage(rings: BlkParams, kid: string): ImageSource {
  return encodedImage({
    params: rings,
    dmesg: [{ text: dumpText('Oops', 1, 9000, 75), reason: 'oops', time: 1_700_000_750 }],
    console: consoleText(20_000, 76),
    pmsg: pmsgText(1200, 77),
    ftrace: ftraceInput(kid)
  });
}
