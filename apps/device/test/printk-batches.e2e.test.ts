/**
 * Board.printk() of more lines than one `kmsg.printk` message carries: the
 * board sends them batch by batch (only the last asks for an answer), so
 * the lines on both sides of a batch boundary must reach the console zone
 * in order with none lost or doubled, and every line must be acknowledged.
 */
import { describe, expect, it } from 'vitest';
import { PLACEMENTS, testBoard, text } from './helpers.ts';

/** More than two of the board's batches (4096 lines each): three messages. */
const LINES = 2 * 4096 + 300;

describe.each(PLACEMENTS)('board printk across batches (%s)', (placement) => {
  it('stores every line in order through the batch boundaries and acknowledges them all', async () => {
    const board = testBoard(placement);
    await board.boot();
    // Every seventh line has a level, so the board's "<N>" parsing runs on both sides of a boundary.
    const lines = Array.from({ length: LINES }, (_, i) => (i % 7 ? `line ${i}` : `<3>line ${i}`));
    await board.printk(lines);
    expect(board.ledger.printkUnacked.size).toBe(0);
    expect(board.ledger.printk.slice(-2)).toEqual([`line ${LINES - 2}`, `line ${LINES - 1}`]);
    await board.reboot(); // the shutdown path: the console zone keeps the last boot's tail
    const console = text(await board.cat('console-ramoops-0'));
    const seen = [...console.matchAll(/^\[ *\d+\.\d{6}\] line (\d+)$/gm)].map((m) => Number(m[1]));
    // The zone (128 KiB) keeps the newest lines: a run that ends with the last line sent and
    // crosses the last boundary (line 8192), each line once and in order.
    expect(seen.at(-1)).toBe(LINES - 1);
    expect(seen[0]).toBeLessThan(2 * 4096 - 1000);
    expect(seen).toEqual(Array.from({ length: seen.length }, (_, k) => seen[0]! + k));
    await board.close();
  }, 60_000);
});
