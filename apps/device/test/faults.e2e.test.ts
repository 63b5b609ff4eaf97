/**
 * Faults in RAM between a crash and the next boot — flipped bits within and
 * beyond ECC capacity, headers corrupted the ways users report (with stale
 * parity, which ECC repairs, and with parity made consistent, which the
 * kernel must reject), power cuts — and the report each boot gives:
 * recovered, corrected by ECC, the header paths, lost and why. Each fault is
 * noted in the ledger as the script runner and the campaign note it; a loss
 * no noted fault explains would be `unexplained`.
 */
import { describe, expect, it } from 'vitest';
import type { Board } from '../src/board.ts';
import { zoneByName } from '../src/device-config.ts';
import { corruptHeader, flipAt, flipZone, type HeaderFault } from '../src/faults/ram-faults.ts';
import type { Loss } from '../src/faults/loss.ts';
import { testBoard, text } from './helpers.ts';

const NO_ECC =
  'ramoops.mem_size=0x100000 ramoops.record_size=0x4000 ramoops.console_size=0x20000 ramoops.pmsg_size=0x10000 ramoops.ecc=0';
const PMSG = 'Testing pstore: a record of a few dozen bytes\n';

async function crashWithPmsg(board: Board): Promise<void> {
  await board.printk(['something to keep']);
  await board.pmsg([PMSG]);
  await board.panic('fault test');
}

function pmsgZone(board: Board) {
  return board.config.layout.zones[zoneByName(board.config, 'pmsg')!]!;
}

function corrupt(board: Board, zone: string, fault: HeaderFault): void {
  const z = zoneByName(board.config, zone)!;
  board.ledger.faults.push(corruptHeader(board.ram, board.config, z, fault, board.rng));
}

const pmsgLoss = (kind: Loss['kind'], bytes: number, why: string): Loss => ({
  kind,
  zone: 'pmsg',
  boot: 1,
  record: 'pmsg',
  records: 1,
  bytes,
  blocks: 0,
  detail: `pmsg: ${bytes} of ${PMSG.length} byte(s) written in boot 1 lost: ${why}`
});

describe('bit flips', () => {
  it('within ECC capacity are corrected, reported, and the record is intact', async () => {
    const board = testBoard('single');
    await crashWithPmsg(board);
    const pmsg = zoneByName(board.config, 'pmsg')!;
    board.ledger.faults.push(flipZone(board.ram, board.config, pmsg, 5, board.rng));
    const r = await board.reboot();
    expect(r.faults.corrected).toEqual(['pmsg: 5 byte(s) corrected']);
    expect(text(await board.cat('pmsg-ramoops-0'))).toBe(
      `${PMSG}\nECC: 5 Corrected bytes, 0 unrecoverable blocks\n`
    );
    expect(r.faults.recovered).toContain(
      `pmsg: ${PMSG.length} of ${PMSG.length} bytes written in boot 1`
    );
    expect(r.faults.compared.pmsg?.corrected).toEqual({ records: 1, bytes: PMSG.length });
    expect(r.faults.losses).toEqual([]);
  });

  it('beyond ECC capacity leave the block as read and say so', async () => {
    const board = testBoard('single');
    await crashWithPmsg(board);
    const at = flipAt(board.ram, board.config, pmsgZone(board).offset + 12, 12);
    expect(at.faults).toMatchObject([{ kind: 'flip', zone: 'pmsg', header: false }]);
    board.ledger.faults.push(...at.faults);
    const r = await board.reboot();
    expect(r.faults.losses).toEqual([
      pmsgLoss(
        'ecc-uncorrectable',
        12,
        'ECC could not correct 1 block(s); their bytes are shown as read'
      )
    ]);
    expect(r.faults.lost).toContain(r.faults.losses[0]!.detail);
  });

  it('the same flips not noted in the ledger are an unexplained loss', async () => {
    const board = testBoard('single');
    await crashWithPmsg(board);
    flipAt(board.ram, board.config, pmsgZone(board).offset + 12, 12);
    const r = await board.reboot();
    expect(r.faults.losses.map((l) => l.kind)).toEqual(['unexplained']);
    expect(r.faults.losses[0]!.detail).toMatch(/, but no fault was injected$/);
  });
});

describe('headers corrupted as reported in the field', () => {
  it('a flipped signature bit (stale parity) is corrected by the header ECC: nothing lost', async () => {
    const board = testBoard('single');
    await crashWithPmsg(board);
    corrupt(board, 'pmsg', 'sig');
    const r = await board.reboot();
    expect(r.faults.corrected).toEqual(['pmsg: 1 byte(s) corrected']);
    expect(r.faults.headers).toEqual([{ zone: 'pmsg', path: 'corrected' }]);
    expect(r.files.map((f) => f.name)).toContain('pmsg-ramoops-0');
    expect(r.faults.losses).toEqual([]);
  });

  it.each([
    [
      'sig-parity',
      'bad-signature',
      /signature 0x[0-9a-f]+ is not 0x43474244 \(a corrupted header\)/
    ],
    ['size-huge-parity', 'size>capacity', /size 1073741824 \(0x40000000\) > capacity \d+/],
    ['start-huge-parity', 'start>size', /start \d+ > size 46/]
  ] as const)(
    'with ECC 16, %s (parity consistent with the bad header) is rejected by the kernel: %s',
    async (fault, path, why) => {
      const board = testBoard('single');
      await crashWithPmsg(board);
      corrupt(board, 'pmsg', fault);
      const r = await board.reboot();
      expect(r.files.map((f) => f.name)).not.toContain('pmsg-ramoops-0');
      expect(r.faults.headers).toEqual([{ zone: 'pmsg', path }]);
      expect(r.faults.losses).toMatchObject([
        { kind: 'header-reset', zone: 'pmsg', record: 'pmsg', bytes: PMSG.length }
      ]);
      expect(r.faults.losses[0]!.detail).toMatch(why);
    }
  );

  it('without ECC, a flipped signature bit resets the zone and is reported with the values', async () => {
    const board = testBoard('single', { params: NO_ECC });
    await crashWithPmsg(board);
    corrupt(board, 'pmsg', 'sig');
    const r = await board.reboot();
    expect(r.files.map((f) => f.name)).not.toContain('pmsg-ramoops-0');
    expect(r.faults.losses).toMatchObject([
      { kind: 'header-reset', zone: 'pmsg', boot: 1, bytes: PMSG.length, record: 'pmsg' }
    ]);
    expect(r.faults.losses[0]!.detail).toMatch(
      /^pmsg: 46 of 46 byte\(s\) written in boot 1 lost: signature 0x[0-9a-f]+ is not 0x43474244 \(a corrupted header\): the zone was reset$/
    );
  });

  it('size lost to 0 hides an intact record, and the report says why', async () => {
    const board = testBoard('per-component');
    await crashWithPmsg(board);
    corrupt(board, 'pmsg', 'size0');
    const r = await board.reboot();
    expect(r.files.map((f) => f.name)).not.toContain('pmsg-ramoops-0');
    expect(r.faults.losses).toEqual([
      pmsgLoss('header-empty', PMSG.length, 'the header says the zone is empty (start and size 0)')
    ]);
  });

  it('a huge size without ECC is refused as beyond the capacity', async () => {
    const board = testBoard('single', { params: NO_ECC });
    await crashWithPmsg(board);
    corrupt(board, 'console', 'size-huge');
    const r = await board.reboot();
    expect(r.files.map((f) => f.name)).not.toContain('console-ramoops-0');
    expect(r.faults.headers).toEqual([{ zone: 'console', path: 'size>capacity' }]);
    expect(r.faults.losses).toMatchObject([
      { kind: 'header-reset', zone: 'console', boot: 1, records: 1, record: 'printk' }
    ]);
    expect(r.faults.losses[0]!.detail).toMatch(
      /^console: 1 of 1 printk line\(s\) of boot 1 lost: size 1073741824 \(0x40000000\) > capacity \d+: the zone was reset$/
    );
    // The fault is reported apart from the loss it caused.
    expect(r.faults.injected).toEqual([
      'during boot 1: console: size overwritten with 0x40000000 (1 GiB)'
    ]);
    expect(r.faults.lost.join('\n')).not.toMatch(/size overwritten/);
  });
});

describe('power cuts', () => {
  it('with RAM lost, nothing survives and the report says so', async () => {
    const board = testBoard('single');
    await board.pmsg([PMSG]);
    await board.cutPower(false);
    const r = await board.boot();
    expect(r.files).toEqual([]);
    expect(r.faults.injected).toEqual(['during boot 1: power cut, RAM lost']);
    expect(r.faults.losses).toEqual([
      pmsgLoss(
        'power-lost',
        PMSG.length,
        'the RAM went with the power at the end of boot 1 (the zone holds no signature (0): its RAM was zeroed or never written)'
      )
    ]);
  });

  it('with RAM kept, what reached RAM before the cut is there (no dump: no panic ran)', async () => {
    const board = testBoard('per-component');
    await board.pmsg([PMSG]);
    await board.cutPower(true);
    const r = await board.boot();
    expect(r.files.map((f) => f.name).sort()).toEqual(['console-ramoops-0', 'pmsg-ramoops-0']);
    expect(r.faults.losses).toEqual([]);
  });
});
