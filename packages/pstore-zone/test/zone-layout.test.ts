/**
 * The pstore_blk.* words and the zone layout against FORMAT.md's worked
 * examples (§1.6) and blk.c's quirks (§1.2): KiB sizes, the alignment of the
 * KiB number, the 128 MiB cap of 5.11, the refusals of register_pstore_zone().
 * Kernel counterpart: fs/pstore/blk.c verify_size(), fs/pstore/zone.c
 * register_pstore_zone(), psz_alloc_zones().
 */
import { describe, expect, it } from 'vitest';
import { blkConfigFromCmdline, pstoreZoneInfo, pszLayout, type PszZone } from '../src/index.ts';

const V6_1 = { major: 6, minor: 1, sublevel: 192 };
const MiB = 0x100000;
const ALL = { pmsg: true, console: true, ftrace: true };

const at = (zones: readonly PszZone[]) => zones.map((z) => [z.type, z.index, z.offset, z.size]);

describe('pstore_blk.* words', () => {
  it('takes KiB, and without a word the Kconfig defaults of the frontends the build has', () => {
    expect(blkConfigFromCmdline('pstore_blk.kmsg_size=64')).toMatchObject({
      kmsgSize: 0x10000,
      pmsgSize: 0,
      consoleSize: 0,
      ftraceSize: 0,
      maxReason: 2,
      bestEffort: false
    });
    expect(blkConfigFromCmdline('', ALL)).toMatchObject({
      kmsgSize: 0x10000,
      pmsgSize: 0x10000,
      consoleSize: 0x10000,
      ftraceSize: 0x10000
    });
    expect(blkConfigFromCmdline('pstore_blk.kmsg_size=0 pstore_blk.best_effort=y')).toMatchObject({
      kmsgSize: 0,
      bestEffort: true
    });
  });

  it('aligns the KiB number, not the bytes, to 4096, and says so', () => {
    const c = blkConfigFromCmdline('pstore_blk.kmsg_size=6');
    expect(c.kmsgSize).toBe(4096);
    expect(c.warnings[0]).toMatch(
      /kmsg_size must align to 4096: pstore_blk\.kmsg_size=6 \(KiB\) becomes 4096 bytes/
    );
    expect(blkConfigFromCmdline('pstore_blk.kmsg_size=4097').kmsgSize).toBe(8192);
    expect(blkConfigFromCmdline('pstore_blk.kmsg_size=8').kmsgSize).toBe(8192);
  });

  it('refuses words pstore_blk does not have, and sizes of frontends the build lacks', () => {
    expect(() => blkConfigFromCmdline('pstore_blk.kmsg=64')).toThrow(
      /pstore_blk\.kmsg is not a parameter of pstore_blk/
    );
    expect(() => blkConfigFromCmdline('pstore_blk.console_size=64')).toThrow(
      /built without the console frontend/
    );
    expect(() => blkConfigFromCmdline('pstore_blk.kmsg_size=lots')).toThrow(/not an integer/);
    expect(() => blkConfigFromCmdline('pstore_blk.best_effort=maybe')).toThrow(/not a boolean/);
  });
});

describe('the layout (FORMAT.md §1.6)', () => {
  const all64 = blkConfigFromCmdline(
    'pstore_blk.kmsg_size=64 pstore_blk.pmsg_size=64 pstore_blk.console_size=64 pstore_blk.ftrace_size=64',
    ALL
  );

  it('1a: pmsg, console, four ftrace zones, then 13 dump zones, the device used exactly', () => {
    const l = pszLayout(pstoreZoneInfo(all64, MiB, V6_1, 4));
    expect(at(l.zones).slice(0, 6)).toEqual([
      ['pmsg', 0, 0x00000, 0x10000],
      ['console', 0, 0x10000, 0x10000],
      ['ftrace', 0, 0x20000, 0x4000],
      ['ftrace', 1, 0x24000, 0x4000],
      ['ftrace', 2, 0x28000, 0x4000],
      ['ftrace', 3, 0x2c000, 0x4000]
    ]);
    const dumps = l.zones.filter((z) => z.type === 'dmesg');
    expect(dumps).toHaveLength(13);
    expect(dumps[0]!.offset).toBe(0x30000);
    expect(dumps[12]!.offset).toBe(0xf0000);
    expect(l.bufsize).toBe(65536 - 12 - 40);
    expect(l.unused).toBe(0);
  });

  it('1b: dump zones only, from offset 0', () => {
    const l = pszLayout(pstoreZoneInfo(blkConfigFromCmdline('pstore_blk.kmsg_size=64'), MiB, V6_1));
    expect(l.zones).toHaveLength(16);
    expect(l.zones.every((z, i) => z.type === 'dmesg' && z.offset === i * 0x10000)).toBe(true);
  });

  it('1c: six CPUs split ftrace unevenly and the dump zones start unaligned, at 0x2fffc', () => {
    const l = pszLayout(pstoreZoneInfo(all64, MiB, V6_1, 6));
    const ftrace = l.zones.filter((z) => z.type === 'ftrace');
    expect(ftrace.map((z) => z.offset)).toEqual([131072, 141994, 152916, 163838, 174760, 185682]);
    const dumps = l.zones.filter((z) => z.type === 'dmesg');
    expect(dumps).toHaveLength(13);
    expect(dumps[0]!.offset).toBe(0x2fffc);
    expect(l.unused).toBe(4);
  });

  it('refuses what register_pstore_zone() refuses, with the numbers', () => {
    const k = blkConfigFromCmdline('pstore_blk.kmsg_size=64');
    expect(() => pstoreZoneInfo(k, 2048, V6_1)).toThrow(
      /2048 bytes: pstore\/zone needs at least 4096/
    );
    expect(() => pstoreZoneInfo(k, MiB + 512, V6_1)).toThrow(/not a multiple of 4096/);
    expect(() => pstoreZoneInfo(blkConfigFromCmdline('pstore_blk.kmsg_size=0'), MiB, V6_1)).toThrow(
      /every pstore_blk size is 0/
    );
    expect(() => pstoreZoneInfo(k, MiB, { major: 5, minor: 4, sublevel: 0 })).toThrow(
      /5\.4 has no pstore\/blk \(it appeared in 5\.8\)/
    );
    expect(() => pszLayout(pstoreZoneInfo(k, 0x8000, V6_1))).toThrow(
      /zone dmesg total_size too small: 32768 bytes are left for dmesg zones of 65536/
    );
    const big = blkConfigFromCmdline('pstore_blk.kmsg_size=64 pstore_blk.pmsg_size=2048', ALL);
    expect(() => pszLayout(pstoreZoneInfo(big, MiB, V6_1))).toThrow(
      /no room for pmsg zone 0: it would end at 0x200000, the device holds 0x100000 bytes/
    );
  });

  it('uses only the first 128 MiB of a larger device from 5.11 on, and all of it before', () => {
    const k = blkConfigFromCmdline('pstore_blk.kmsg_size=64');
    const gib = 1024 * MiB;
    const now = pstoreZoneInfo(k, gib, V6_1);
    expect(now.totalSize).toBe(128 * MiB);
    expect(now.warnings[0]).toMatch(/capping size to 128MiB/);
    expect(pszLayout(now).zones).toHaveLength(2048);
    const old = pstoreZoneInfo(k, gib, { major: 5, minor: 10, sublevel: 0 });
    expect(old.totalSize).toBe(gib);
    expect(pszLayout(old).zones).toHaveLength(16384);
  });
});
