/**
 * The placement is a configuration, not a behaviour: the same scenario run
 * with every component in one worker and with one worker per component
 * leaves the same bytes in persistent RAM and shows the same files.
 */
import { describe, expect, it } from 'vitest';
import type { Board } from '../src/board.ts';
import { parseScript } from '../src/script/commands.ts';
import { runScript } from '../src/script/runner.ts';
import { testBoard } from './helpers.ts';

const SCENARIO = `
printk usb 1-1: new high-speed USB device number 2
printk 3 mmc0: timeout waiting for hardware interrupt
pmsg I/logd: battery 12%
pmsg Testing pstore: uuid=1234
oops unable to handle page fault
printk 6 after the oops
sleep 250
pmsg W/app: still alive
panic Fatal exception
`;

async function run(board: Board): Promise<{ ram: Uint8Array; files: Map<string, string> }> {
  await runScript(board, parseScript(SCENARIO), () => undefined);
  const ram = board.ram.copy();
  const r = await board.reboot();
  const files = new Map<string, string>();
  for (const f of r.files) {
    files.set(
      `${f.name} ${f.size} ${f.mtimeMs}`,
      new TextDecoder().decode(await board.cat(f.name))
    );
  }
  return { ram, files };
}

describe('the same scenario in both placements', () => {
  it('leaves byte-identical RAM after the panic and the same files after the reboot', async () => {
    const single = await run(testBoard('single'));
    const perComponent = await run(testBoard('per-component'));
    expect(single.files.size).toBe(4);
    expect([...perComponent.files.keys()]).toEqual([...single.files.keys()]);
    expect(perComponent.files).toEqual(single.files);
    const differing = single.ram.findIndex((b, i) => b !== perComponent.ram[i]);
    expect(differing).toBe(-1);
  });
});
