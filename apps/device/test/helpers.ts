/** Boards for the tests: fresh RAM, the default configuration unless told otherwise. */
import { afterEach } from 'vitest';
import { Board, type BoardOptions } from '../src/board.ts';
import { deviceConfig } from '../src/device-config.ts';
import { PersistentRam } from '../src/hardware/ram.ts';
import type { Placement } from '../src/placement/kernel-workers.ts';

export const PLACEMENTS: readonly Placement[] = ['single', 'per-component'];

const open: Board[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((b) => b.close()));
});

export interface TestBoardOptions extends Partial<BoardOptions> {
  readonly params?: string;
  readonly kernel?: string;
  readonly file?: string;
}

/** A board on fresh (zeroed) RAM; closed after the test. */
export function testBoard(placement: Placement, o: TestBoardOptions = {}): Board {
  const config = o.config ?? deviceConfig(o.params, o.kernel);
  const ram =
    o.ram ?? new PersistentRam(config.config.memSize, config.layout.zones.length, o.file ?? null);
  const board = new Board({ seed: 7, spare: false, ...o, config, ram, placement });
  open.push(board);
  return board;
}

export const text = (b: Uint8Array): string => new TextDecoder().decode(b);
