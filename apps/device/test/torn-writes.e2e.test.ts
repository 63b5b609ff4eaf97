/**
 * Torn writes and kills: a worker's RAM layer given a write budget stops
 * dead in the middle of a store (the kernel's store order: header, data,
 * parity). Whatever the cut, the next boot succeeds and shows no byte that
 * was not written: every byte of the pmsg record is the byte written at that
 * position, or what the (fresh, zeroed) RAM held before.
 */
import { describe, expect, it } from 'vitest';
import { createPrng } from '../src/faults/prng.ts';
import { stripEccNotice } from '../src/faults/report.ts';
import { PLACEMENTS, testBoard, text } from './helpers.ts';

const encoder = new TextEncoder();

describe.each(PLACEMENTS)('write budgets on the %s placement', (placement) => {
  const budgets = Array.from({ length: 6 }, (_, i) => 1 + createPrng(40 + i).int(1400));

  it.each(budgets)(
    'a store cut after %i bytes never breaks the next boot nor invents bytes',
    async (budget) => {
      const board = testBoard(placement);
      await board.boot();
      await board.kill(placement === 'single' ? 'pmsg' : 'ramoops', budget);
      const written: Uint8Array[] = [];
      for (let i = 0; i < 40 && board.is('running'); i++) {
        const w = encoder.encode(`pmsg write ${i}: ${'abcdefghij'.repeat(1 + (i % 5))}\n`);
        written.push(w);
        await board.pmsg([w]);
      }
      expect(board.state).toBe('crashed');
      expect(board.why).toMatch(/write budget exhausted/);

      const r = await board.reboot();
      expect(r.faults.injected.some((l) => l.includes('armed to stop dead'))).toBe(true);
      const stream = new Uint8Array(written.reduce((n, w) => n + w.length, 0));
      written.reduce((o, w) => (stream.set(w, o), o + w.length), 0);
      // Budgets beyond the first write's stores leave some of the pmsg record.
      expect(r.files.some((f) => f.name === 'pmsg-ramoops-0')).toBe(budget > 200);
      if (budget > 200) {
        const shown = stripEccNotice(await board.cat('pmsg-ramoops-0'));
        expect(shown.length).toBeGreaterThan(0);
        expect(shown.length).toBeLessThanOrEqual(stream.length);
        const invented = [...shown].findIndex((b, i) => b !== stream[i] && b !== 0);
        expect(invented, text(shown)).toBe(-1);
      }
      for (const f of r.files) expect((await board.cat(f.name)).length).toBeGreaterThan(0);
    }
  );

  it('a dump cut mid-write leaves a RAM image the next boot reads', async () => {
    for (const budget of [30, 300, 900]) {
      const board = testBoard(placement);
      await board.printk(['before the crash']);
      await board.kill(placement === 'single' ? 'kmsg' : 'ramoops', budget);
      await board.panic('cut during the dump');
      expect(board.state).toBe('crashed');
      const r = await board.reboot();
      for (const f of r.files) {
        const data = text(await board.cat(f.name));
        if (f.name.startsWith('dmesg-') && !f.compressed) expect(data).toMatch(/^Panic#1 Part1\n/);
      }
      await board.close();
    }
  });
});
