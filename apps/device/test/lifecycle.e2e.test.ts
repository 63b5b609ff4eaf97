/**
 * The lifecycle end to end, following the kernel's pstore selftests
 * (tools/testing/selftests/pstore), in both placements.
 */
import { describe, expect, it } from 'vitest';
import { parseScript } from '../src/script/commands.ts';
import { runScript } from '../src/script/runner.ts';
import { PLACEMENTS, testBoard, text } from './helpers.ts';

describe.each(PLACEMENTS)('the pstore selftests on the %s placement', (placement) => {
  it('registers a console named after the backend and creates /dev/pmsg0 at boot', async () => {
    const board = testBoard(placement);
    const boot = await board.boot();
    expect(boot.backend.name).toBe('ramoops');
    expect(boot.frontends).toContain('console ramoops-1');
    expect(boot.frontends).toContain('/dev/pmsg0');
    expect(boot.files).toEqual([]);
  });

  it('keeps the uuid, the dump and the console across panic and reboot; every file can be removed', async () => {
    const board = testBoard(placement);
    const uuid = '0d7f4b7e-3c4e-4b5a-a1c2-7f00c0ffee42';
    await board.pmsg([`Testing pstore: uuid=${uuid}\n`]);
    await board.panic('sysrq triggered crash');
    expect(board.state).toBe('crashed');

    const after = await board.reboot();
    const names = after.files.map((f) => f.name);
    expect(names).toEqual(
      expect.arrayContaining(['dmesg-ramoops-0', 'console-ramoops-0', 'pmsg-ramoops-0'])
    );
    for (const name of ['dmesg-ramoops-0', 'console-ramoops-0']) {
      expect(text(await board.cat(name))).toContain('---[ end trace');
    }
    const dmesg = text(await board.cat('dmesg-ramoops-0'));
    expect(dmesg).toMatch(/^Panic#1 Part1\n/);
    expect(dmesg).toContain('Kernel panic - not syncing: sysrq triggered crash');
    const pmsg = text(await board.cat('pmsg-ramoops-0'));
    expect(pmsg.split(`uuid=${uuid}`)).toHaveLength(2);
    for (const name of names) await board.rm(name);
    expect(await board.ls()).toEqual([]);
    // Erased records stay erased through the next crash cycle.
    await board.panic('second crash');
    const again = await board.reboot();
    expect(again.files.map((f) => f.name)).not.toContain('pmsg-ramoops-0');
  });

  it('passes the selftest command with no failed check', async () => {
    const board = testBoard(placement);
    const lines: string[] = [];
    const { failures } = await runScript(board, parseScript('selftest\n'), (l) => lines.push(l));
    expect(lines.filter((l) => l.includes('FAIL'))).toEqual([]);
    expect(failures).toBe(0);
    expect(lines.at(-1)).toBe('selftest: all checks passed');
  });

  it('dumps an oops and keeps running, then stores the panic in the next dump zone', async () => {
    const board = testBoard(placement);
    await board.oops('unable to handle page fault');
    expect(board.state).toBe('running');
    await board.panic('after the oops');
    const r = await board.reboot();
    expect(text(await board.cat('dmesg-ramoops-0'))).toMatch(/^Oops#1 Part1\n/);
    expect(text(await board.cat('dmesg-ramoops-1'))).toMatch(/^Panic#2 Part1\n/);
    expect(r.faults.recovered).toContain('dmesg: 2 of 2 dump(s) stored in boot 1 back intact');
  });

  it('loses RAM at power-off unless the board retains it', async () => {
    const lost = testBoard(placement);
    await lost.pmsg(['last words\n']);
    await lost.poweroff();
    expect(lost.state).toBe('off');
    expect((await lost.boot()).files).toEqual([]);

    const kept = testBoard(placement, { retainOnPowerOff: true });
    await kept.pmsg(['last words\n']);
    await kept.poweroff();
    const names = (await kept.boot()).files.map((f) => f.name);
    expect(names).toContain('pmsg-ramoops-0');
  });
});
