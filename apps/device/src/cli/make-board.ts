/**
 * The board a command line asks for: configuration (--params, --kernel;
 * pstore-ts's default board without --params), RAM (--ram FILE or in
 * memory), placement, seed, retained RAM.
 * Kernel counterpart: none.
 */
import { PSTORE_TS_DEFAULT_BOARD } from '@pstore/ramoops';
import { Board } from '../board.ts';
import { deviceConfig } from '../device-config.ts';
import { DeviceError, PersistentRam } from '../hardware/ram.ts';
import type { Placement } from '../placement/kernel-workers.ts';
import type { Paint } from '@pstore/cli-kit';
import { formatBoot, plain } from '../script/format.ts';
import { intOption, stringOption, type Options } from './args.ts';

/** Options every board-running command takes (name → takes a value). */
export const BOARD_OPTIONS = {
  ram: true,
  params: true,
  kernel: true,
  placement: true,
  seed: true,
  retain: false
} as const;

export const BOARD_HELP = `  --ram FILE             persistent RAM backed by FILE: exactly the ramoops region (byte 0 =
                         mem_address), what \`pstore decode\` reads; created as zeros if missing,
                         written back at exit, power-off and crash
  --params '<words>'     ramoops.* and pstore.* words as on a kernel command line (see below)
  --kernel V             kernel version x.y[.z], 4.9 or later (default 6.12; a release after
                         6.12 gets 6.12's rules, with a note)
  --placement P          single (one kernel worker) or per-component (one worker each)
  --seed N               seed of every random choice (same seed, same run; default 1)
  --retain               RAM survives power-off
Configuration: without --params the board is pstore-ts's default board (not a kernel default;
\`pstore\` uses the same one):
    ${PSTORE_TS_DEFAULT_BOARD.replace(' ramoops.pmsg_size', '\n    ramoops.pmsg_size')}
Words without ramoops.mem_size replace single parameters of it (--params 'ramoops.ecc=0').
Words with ramoops.mem_size are a whole kernel command line: every parameter not given takes
the kernel's module default (4 KiB zones, ECC 0), as a kernel booted with it would.`;

export function placementOption(o: Options): Placement {
  const p = stringOption(o, 'placement') ?? 'single';
  if (p !== 'single' && p !== 'per-component') {
    throw new DeviceError(`--placement must be single or per-component (got "${p}")`);
  }
  return p;
}

export function makeBoard(
  o: Options,
  out: (line: string) => void,
  narrate = true,
  paint: Paint = plain
): Board {
  const config = deviceConfig(stringOption(o, 'params'), stringOption(o, 'kernel'));
  // Notes go to stderr: stdout may be a --json summary.
  for (const note of config.notes) process.stderr.write(`device: note: ${note}\n`);
  const ram = new PersistentRam(
    config.config.memSize,
    config.layout.zones.length,
    stringOption(o, 'ram') ?? null
  );
  return new Board({
    config,
    ram,
    placement: placementOption(o),
    seed: intOption(o, 'seed') ?? 1,
    retainOnPowerOff: o.has('retain'),
    say: narrate ? (l) => out(`  ${l}`) : () => undefined,
    onBoot: narrate ? (r) => formatBoot(r, paint).forEach(out) : () => undefined
  });
}
