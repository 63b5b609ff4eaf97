/**
 * The fault campaign on pstore/blk: every cycle boots, every loss is put
 * down to a fault injected (or still on the disk), and pstore/zone's own
 * behaviour shows in the account — a ring header with start beyond datalen
 * fails the whole recovery (every record of the boot lost, `recovery-failed`,
 * the fault carried on while the header stays on the disk), an ignored
 * header is counted once, a lost disk write is `lost-write`. The faults a
 * disk cannot have are refused by name.
 * Kernel counterpart: fs/pstore/zone.c psz_recovery().
 */
import { describe, expect, it } from 'vitest';
import { BACKEND_FAULTS, runCampaign } from '../src/faults/campaign.ts';
import { blkDeviceConfig } from '../src/device-config.ts';
import { corruptHeader } from '../src/faults/ram-faults.ts';
import { PersistentRam } from '../src/hardware/ram.ts';
import { deviceProcess } from './device-process.ts';
import { testBoard } from './helpers.ts';

function blkBoard(placement: 'single' | 'per-component' = 'single') {
  const config = blkDeviceConfig('', '6.12', 1 << 20);
  return testBoard(placement, { config, ram: new PersistentRam(1 << 20, 1, null, 'disk') });
}

describe('a fault campaign on pstore/blk', () => {
  it('explains every loss over 80 cycles of every disk fault, and replays from its seed', async () => {
    const faults = BACKEND_FAULTS.blk;
    const s = await runCampaign(blkBoard(), { runs: 80, faults, seed: 3 });
    expect(s.bootFailures).toBe(0);
    expect(s.unexplained, JSON.stringify(s.replays, null, 1)).toBe(0);
    // pstore/zone's own outcomes show up under their names.
    expect(Object.keys(s.lost)).toEqual(
      expect.arrayContaining(['recovery-failed', 'lost-write', 'header-reset'])
    );
    const again = await runCampaign(blkBoard(), { runs: 10, first: 41, faults, seed: 3 });
    expect(again.log.map((c) => c.injected)).toEqual(s.log.slice(40, 50).map((c) => c.injected));
  }, 120_000);

  it('a start beyond datalen fails every recovery until the header is rewritten, and is carried on', async () => {
    const b = blkBoard();
    await b.printk(['before the damage']);
    await b.panic('down');
    const console = b.config.zones.findIndex((z) => z.type === 'console');
    b.ledger.faults.push(corruptHeader(b.ram, b.config, console, 'start-huge', b.rng));
    const first = await b.boot();
    expect(first.files).toEqual([]);
    expect(first.faults.losses.map((l) => l.kind)).toEqual(['recovery-failed']);
    await b.printk(['never reaches the disk']);
    await b.panic('again');
    const second = await b.boot();
    expect(second.files).toEqual([]);
    // No fault was injected in boot 2: the damage still on the disk explains its loss.
    expect(second.faults.injected).toEqual([
      expect.stringMatching(/during boot 2: console: start overwritten .* \(still on the disk/)
    ]);
    expect(second.faults.losses).toMatchObject([
      { kind: 'recovery-failed', zone: 'console', record: 'printk', records: 1 }
    ]);
  });
});

describe('device campaign --backend blk', () => {
  it('runs, and refuses the faults a disk cannot have and the one RAM cannot', () => {
    const r = deviceProcess([
      'campaign',
      '--backend',
      'blk',
      '--runs',
      '3',
      '--faults',
      'lost-write'
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^faults injected: lost-write 3$/m);
    for (const [args, message] of [
      [['--backend', 'blk', '--faults', 'sig-parity'], /sig-parity has no meaning on a disk/],
      [['--backend', 'blk', '--faults', 'power-lost'], /power-lost has no meaning on a disk/],
      [['--faults', 'lost-write'], /lost-write needs --backend blk/],
      [['--backend', 'blk', '--kernel', '5.4'], /--kernel: kernel 5\.4 has no pstore\/blk/]
    ] as const) {
      const bad = deviceProcess(['campaign', '--runs', '1', ...args]);
      expect(bad.code, bad.stdout).toBe(2);
      expect(bad.stderr).toMatch(message);
    }
  });
});
