/**
 * The board a command line asks for: configuration (--params, --kernel;
 * pstore-ts's default board without --params), RAM (--ram FILE or in
 * memory), placement, seed, retained RAM.
 * Kernel counterpart: none.
 */
import { PSTORE_TS_DEFAULT_BOARD } from '@pstore/ramoops';
import { Board } from '../board.ts';
import {
  BLK_DEFAULT_DISK_SIZE,
  BLK_DEFAULT_PARAMS,
  blkDeviceConfig,
  deviceConfig,
  type DeviceConfig
} from '../device-config.ts';
import { statSync } from 'node:fs';
import { DeviceError, PersistentRam } from '../hardware/ram.ts';
import type { Placement } from '../placement/kernel-workers.ts';
import type { Paint } from '@pstore/cli-kit';
import { formatBoot, plain } from '../script/format.ts';
import { intOption, stringOption, type Options } from './args.ts';

/** Options every board-running command takes (name → takes a value). */
export const BOARD_OPTIONS = {
  ram: true,
  backend: true,
  disk: true,
  'panic-write': false,
  params: true,
  kernel: true,
  placement: true,
  seed: true,
  retain: false
} as const;

export const BOARD_HELP = `  --ram FILE             persistent RAM backed by FILE: exactly the ramoops region (byte 0 =
                         mem_address), what \`pstore decode\` reads; created as zeros if missing,
                         written back at exit, power-off and crash
  --backend B            ramoops (default: a RAM region) or blk (pstore/blk on a disk, kernel 5.8+)
  --disk FILE            with --backend blk: the disk (the partition pstore_blk.blkdev names), in
                         FILE: a missing one is created as 1 MiB of zeros; kept through power-off
  --panic-write          with --backend blk: the device writes at panic (an MTD, a board's own
                         writer); a block device cannot, and loses the panic dump, as on Linux
  --params '<words>'     ramoops.* and pstore.* words as on a kernel command line (see below);
                         with --backend blk, pstore_blk.* and pstore.* words (see below)
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
the kernel's module default (4 KiB zones, ECC 0), as a kernel booted with it would.
With --backend blk, without size words the board is
    ${BLK_DEFAULT_PARAMS}
Size words given (KiB) replace those sizes: a frontend without one has no zone.`;

export function placementOption(o: Options): Placement {
  const p = stringOption(o, 'placement') ?? 'single';
  if (p !== 'single' && p !== 'per-component') {
    throw new DeviceError(`--placement must be single or per-component (got "${p}")`);
  }
  return p;
}

/** The backend --backend names. */
export function backendOption(o: Options): DeviceConfig['backend'] {
  const b = stringOption(o, 'backend') ?? 'ramoops';
  if (b !== 'ramoops' && b !== 'blk') {
    throw new DeviceError(`--backend must be ramoops or blk (got "${b}")`);
  }
  return b;
}

/** An existing file's size, or null when it does not exist. */
function existingSize(file: string): number | null {
  const st = statSync(file, { throwIfNoEntry: false });
  return st && !st.isDirectory() ? st.size : null;
}

/** The configuration and the persistent storage: the RAM region, or the disk. */
function boardStorage(o: Options): { config: DeviceConfig; ram: PersistentRam } {
  const params = stringOption(o, 'params');
  const kernel = stringOption(o, 'kernel');
  if (backendOption(o) === 'ramoops') {
    for (const b of ['disk', 'panic-write']) {
      if (o.has(b)) {
        throw new DeviceError(
          `--${b} belongs to --backend blk; the ramoops board takes --ram FILE`
        );
      }
    }
    const config = deviceConfig(params, kernel);
    const file = stringOption(o, 'ram') ?? null;
    return {
      config,
      ram: new PersistentRam(config.config.memSize, config.layout.zones.length, file)
    };
  }
  if (o.has('ram')) {
    throw new DeviceError('--ram is the ramoops region; with --backend blk give --disk FILE');
  }
  const file = stringOption(o, 'disk') ?? null;
  // An existing disk's size is what pstore/blk lays out (register_pstore_zone() checks it).
  const size = (file === null ? null : existingSize(file)) ?? BLK_DEFAULT_DISK_SIZE;
  const config = blkDeviceConfig(params, kernel, size, o.has('panic-write'));
  return { config, ram: new PersistentRam(size, 1, file, 'disk') };
}

export function makeBoard(
  o: Options,
  out: (line: string) => void,
  narrate = true,
  paint: Paint = plain
): Board {
  const { config, ram } = boardStorage(o);
  // Notes go to stderr: stdout may be a --json summary.
  for (const note of config.notes) process.stderr.write(`device: note: ${note}\n`);
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
