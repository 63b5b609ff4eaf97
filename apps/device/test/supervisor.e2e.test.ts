/**
 * Supervision: in the per-component placement a worker that dies is
 * restarted (its locks broken) while the kernel keeps logging; in the single
 * placement a component's death is the kernel's.
 */
import { describe, expect, it } from 'vitest';
import { testBoard, text } from './helpers.ts';

describe('a killed pmsg worker', () => {
  it('is restarted while the kernel keeps logging, and /dev/pmsg0 works again', async () => {
    const board = testBoard('per-component');
    await board.pmsg(['before the restart\n']);
    await board.printk(['line A']);
    const restart = board.kill('pmsg');
    await board.printk(['logged while pmsg restarts']);
    expect(await restart).toMatch(/restarted/);
    expect(board.state).toBe('running');
    await board.printk(['line B']);
    expect(await board.pmsg(['after the restart\n'])).toEqual([18]);
    await board.panic('after a restart');
    const r = await board.reboot();
    expect(r.faults.injected).toContain("during boot 1: pmsg's worker killed and restarted");
    const console = text(await board.cat('console-ramoops-0'));
    for (const line of ['line A', 'logged while pmsg restarts', 'line B']) {
      expect(console).toContain(line);
    }
    expect(text(await board.cat('pmsg-ramoops-0'))).toMatch(
      /^before the restart\nafter the restart\n/
    );
  });

  it('takes the kernel down in the single placement (one worker hosts every component)', async () => {
    const board = testBoard('single');
    await board.pmsg(['kept\n']);
    expect(await board.kill('pmsg')).toMatch(/the kernel is down/);
    expect(board.state).toBe('crashed');
    const r = await board.reboot();
    // No dump: the kernel died without panic(); what reached RAM before stays.
    expect(r.files.map((f) => f.name).sort()).toEqual(['console-ramoops-0', 'pmsg-ramoops-0']);
  });

  it('is not alone: a core component (pstore-fs) is restarted too, its files read back', async () => {
    const board = testBoard('per-component');
    await board.boot();
    await board.oops('before the restart');
    expect(await board.kill('pstore-fs')).toMatch(/restarted/);
    expect(board.state).toBe('running');
    expect(board.boots).toBe(1);
    // The new pstore read the backend's records again, this boot's dump among them.
    expect((await board.ls()).map((f) => f.name)).toContain('dmesg-ramoops-0');
    await board.printk(['after pstore-fs restarted']);
    expect(await board.pmsg(['after\n'])).toEqual([6]);
    await board.panic('after pstore-fs restarted');
    const r = await board.reboot();
    expect(r.faults.losses.filter((l) => l.kind === 'unexplained')).toEqual([]);
    expect(text(await board.cat('console-ramoops-0'))).toContain('after pstore-fs restarted');
  });
});
