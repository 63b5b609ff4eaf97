/**
 * pstore/blk on Debian's 6.1 and 6.12 (pstore_blk.ko, pstore_zone.ko and
 * virtio_blk.ko loaded by /init): the kernel writes its zones to a virtio
 * disk (/dev/vda, the whole device), the host keeps the disk image, and the
 * next boot shows what it read back. A plain block device has no
 * panic_write, so pstore/blk registers only with best_effort=y and stores
 * what it can write through the normal block I/O path: an oops, not a panic.
 * In the other direction the kernel boots with a disk `pstore encode
 * --backend blk` made (and one with damaged headers it must ignore).
 * Kernel counterpart: fs/pstore/blk.c, fs/pstore/zone.c.
 */
import type { BlkParams } from './blk-params.ts';
import { encodedImage, patchedImage } from './image-sources.ts';
import { dumpText, markers, noiseText } from './texts.ts';
import type { Case } from './types.ts';

const MiB = 0x100000;

/**
 * The oops dump is written with interrupts off, where blk.c's write returns
 * -EBUSY: zone.c marks the zone dirty and its cleaner writes it 500 ms later
 * (O_DSYNC). Wait for that before the panic, which could not store it.
 */
const FLUSH = { kind: 'sh', command: 'sleep 2' } as const;

export function blkCases(kid: string): Case[] {
  const id = (n: string): string => `${kid}/${n}`;
  const kmsgOnly: BlkParams = {
    backend: 'blk',
    diskSize: MiB,
    kmsgKiB: 64,
    maxReason: 2,
    bestEffort: true
  };
  const plain: BlkParams = { ...kmsgOnly, compress: 'none' };
  return [
    {
      kind: 'kernel-writes',
      id: id('kw-blk-oops'),
      kernel: kid,
      title:
        'pstore/blk: an oops written to the disk (64 KiB kmsg zones), then a panic it cannot store',
      params: kmsgOnly,
      actions: [...markers('kw-blk-oops'), { kind: 'oops' }, FLUSH, { kind: 'panic' }],
      expect: {
        startsWith: { 'dmesg-pstore_blk-0': 'Oops#1 Part1\n' },
        compressed: { 'dmesg-pstore_blk-0': true },
        auto: true
      }
    },
    {
      kind: 'kernel-writes',
      id: id('kw-blk-two-oops-plain'),
      kernel: kid,
      title:
        'pstore/blk, pstore.compress=none: two oopses in one boot (zones 0 and 1, counters 1 and 2, "Oops: Total N times")',
      params: { ...kmsgOnly, compress: 'none' },
      actions: [
        ...markers('kw-blk-two-oops-plain'),
        { kind: 'oops' },
        FLUSH,
        ...markers('kw-blk-two-oops-plain-after', 2),
        { kind: 'oops' },
        FLUSH,
        { kind: 'panic' }
      ],
      expect: {
        startsWith: {
          'dmesg-pstore_blk-0': 'Oops: Total 1 times\nOops#1 Part1\n',
          'dmesg-pstore_blk-1': 'Oops: Total 2 times\nOops#2 Part1\n'
        },
        compressed: { 'dmesg-pstore_blk-0': false, 'dmesg-pstore_blk-1': false },
        auto: true
      }
    },
    {
      kind: 'kernel-writes',
      id: id('kw-blk-small-zones'),
      kernel: kid,
      title:
        'pstore/blk on a 256 KiB disk with 16 KiB dump zones: an oops cut to what one zone holds',
      params: { ...kmsgOnly, diskSize: 256 * 1024, kmsgKiB: 16 },
      actions: [...markers('kw-blk-small-zones'), { kind: 'oops' }, FLUSH, { kind: 'panic' }],
      expect: { files: ['dmesg-pstore_blk-0'], auto: true }
    },
    {
      kind: 'kernel-writes',
      id: id('kw-blk-kib-rounding'),
      kernel: kid,
      title:
        'pstore_blk.kmsg_size=6: blk.c rounds the KiB number to 4096, so the dump zones are 4096 bytes (16 on a 64 KiB disk)',
      params: { ...kmsgOnly, diskSize: 64 * 1024, kmsgKiB: 6, compress: 'none' },
      actions: [...markers('kw-blk-kib-rounding'), { kind: 'oops' }, FLUSH, { kind: 'panic' }],
      expect: {
        files: ['dmesg-pstore_blk-0'],
        startsWith: { 'dmesg-pstore_blk-0': 'Oops: Total 1 times\nOops#1 Part1\n' },
        klog: ['must align to 4096']
      }
    },
    // Direction 2: images from `pstore encode --backend blk`, the disk the kernel boots with.
    {
      kind: 'kernel-reads',
      id: id('kr-blk-deflate'),
      kernel: kid,
      title:
        'pstore encode --backend blk: an oops that compresses, a panic of noise that cannot and is stored plain (6.1: newest text, 6.6+: the first bufsize bytes), the default compression',
      params: kmsgOnly,
      image: encodedImage({
        params: kmsgOnly,
        dmesg: [
          { text: dumpText('Oops', 1, 90_000, 91), reason: 'oops', time: 1_700_000_901 },
          { text: noiseText('Panic', 2, 120_000, 92), reason: 'panic', time: 1_700_000_902 }
        ]
      }),
      expect: {
        files: ['dmesg-pstore_blk-0', 'dmesg-pstore_blk-1'],
        compressed: { 'dmesg-pstore_blk-0': true, 'dmesg-pstore_blk-1': false },
        startsWith: { 'dmesg-pstore_blk-1': 'Panic: Total 1 times\nPanic#2 Part1\n' }
      }
    },
    {
      kind: 'kernel-reads',
      id: id('kr-blk-plain-damaged'),
      kernel: kid,
      title:
        'pstore.compress=none: three dumps; zone 1 with a bad dump-header magic and zone 2 with a datalen beyond the zone: only zone 0 is shown',
      params: plain,
      image: patchedImage(
        encodedImage({
          params: plain,
          dmesg: [1, 2, 3].map((n) => ({
            text: dumpText('Oops', n, 20_000, 93 + n),
            reason: 'oops' as const,
            time: 1_700_000_910 + n
          }))
        }),
        'zone 1 magic zeroed, zone 2 datalen 0x7fffffff',
        (b) => {
          const v = new DataView(b.buffer, b.byteOffset);
          v.setUint32(0x10000 + 12, 0, true);
          v.setInt32(0x20000 + 4, 0x7fffffff, true);
        }
      ),
      expect: {
        files: ['dmesg-pstore_blk-0'],
        startsWith: { 'dmesg-pstore_blk-0': 'Oops: Total 1 times\nOops#1 Part1\n' }
      }
    }
  ];
}
