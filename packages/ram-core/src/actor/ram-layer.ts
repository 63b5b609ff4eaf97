/**
 * This worker's RAM layer: the zones the worker opened and the write budget
 * fault injection arms. Every component of one worker shares it (one per
 * thread, like the CPU all of a kernel's code runs on), so once the budget
 * runs out no component of the worker stores another byte: the worker
 * stops dead mid-store, as a CPU reset leaves RAM. Zones created before the
 * budget is armed get it through PersistentRamZone.setWriteBudget().
 * Kernel counterpart: none (the hardware under persistent_ram_write()).
 */
import type { PersistentRamZone } from '../zone/persistent-ram-zone.ts';
import { createWriteBudget, type WriteBudget } from '../zone/write-budget.ts';

/** Where the budget cut a store, once it has. */
export interface WriterStop {
  /** Bytes of the interrupted store that reached RAM. */
  readonly written: number;
  readonly wanted: number;
}

export interface RamLayer {
  /** Zones opened in this worker draw from the budget once it is armed. */
  adopt(zone: PersistentRamZone): void;
  /** Stops this worker's stores after `bytes` more bytes. */
  arm(bytes: number): void;
  /** The armed budget, for zones about to be created (null: unlimited). */
  readonly budget: WriteBudget | null;
  /** The cut, after the budget ran out. */
  readonly stopped: WriterStop | null;
}

function createRamLayer(): RamLayer {
  const zones = new Set<PersistentRamZone>();
  let budget: WriteBudget | null = null;
  let stopped: WriterStop | null = null;
  return {
    adopt(zone) {
      zones.add(zone);
      if (budget) zone.setWriteBudget(budget);
    },
    arm(bytes) {
      const inner = createWriteBudget(bytes);
      budget = {
        take(n) {
          const granted = inner.take(n);
          if (granted < n) stopped ??= { written: granted, wanted: n };
          return granted;
        }
      };
      // Every zone this worker opened, whenever it was created, draws from the new budget.
      for (const z of zones) z.setWriteBudget(budget);
    },
    get budget() {
      return budget;
    },
    get stopped() {
      return stopped;
    }
  };
}

/** The RAM layer of the calling thread. */
export const threadRamLayer: RamLayer = createRamLayer();
